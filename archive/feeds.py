"""Atom feeds: a figure's articles, a party's articles, any search. Newest first."""

import datetime as dt
from dataclasses import dataclass, replace

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.models import Article, Figure, Party
from archive.search.params import SearchParams, parse_search_params
from archive.search.selector import iter_search_articles
from archive.selectors.parties import latest_of_party

ITEMS = 30


class ArticleFeed(Feed):
    """Shared item rendering: title, summary (plain text, escaped by the generator), authors,
    the article's date as the entry's date."""

    feed_type = feedgenerator.Atom1Feed

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        text = item.summary or " ".join(item.body.split()[:60])
        return text

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return f"urn:archive:article:{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item: Article) -> str | None:
        names = [a.name for a in item.authors.all()]
        return ", ".join(names) or (item.publication.name if item.publication else None)

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        if item.published_on is None:
            return None
        return dt.datetime.combine(item.published_on, dt.time(), tzinfo=dt.UTC)

    def item_updateddate(self, item: Article) -> dt.datetime:
        return item.updated_at or timezone.now()

    def item_categories(self, item: Article) -> list[str]:
        return [item.publication.name] if item.publication else []


class FigureFeed(ArticleFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Figure:
        return get_object_or_404(Figure, slug=slug)

    def title(self, obj: Figure) -> str:
        return _("Articles mentioning %(name)s") % {"name": obj.name}

    def link(self, obj: Figure) -> str:
        return obj.get_absolute_url()

    def feed_url(self, obj: Figure) -> str:
        return reverse("figure-feed", kwargs={"slug": obj.slug})

    def subtitle(self, obj: Figure) -> str:
        return _("The newest articles of the archive that mention %(name)s.") % {"name": obj.name}

    def items(self, obj: Figure) -> list[Article]:
        return list(Article.objects.published().mentioning(obj).for_listing()
                    .newest_first()[:ITEMS])


class PartyFeed(ArticleFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Party:
        return get_object_or_404(Party, slug=slug)

    def title(self, obj: Party) -> str:
        return _("Articles about %(name)s") % {"name": obj.name}

    def link(self, obj: Party) -> str:
        return obj.get_absolute_url()

    def feed_url(self, obj: Party) -> str:
        return reverse("party-feed", kwargs={"slug": obj.slug})

    def subtitle(self, obj: Party) -> str:
        return _("The newest articles that mention %(name)s, its predecessors and successors, "
                 "or one of its members at the time.") % {"name": obj.name}

    def items(self, obj: Party) -> list[Article]:
        return latest_of_party(obj, ITEMS)


@dataclass(frozen=True)
class SearchFeedQuery:
    params: SearchParams
    query_string: str


class SearchFeed(ArticleFeed):
    """The feed of any search: the same parameters as /search/, always newest first."""

    def get_object(self, request: HttpRequest) -> SearchFeedQuery:
        params, _messages = parse_search_params(request.GET)
        query = request.GET.copy()
        query.pop("page", None)
        return SearchFeedQuery(replace(params, sort="newest", page=1, per_page=ITEMS),
                               query.urlencode())

    def _with_query(self, url: str, obj: SearchFeedQuery) -> str:
        return f"{url}?{obj.query_string}" if obj.query_string else url

    def title(self, obj: SearchFeedQuery) -> str:
        q = obj.params.q
        return _("Search: %(q)s") % {"q": q} if q else _("Search: newest articles")

    def link(self, obj: SearchFeedQuery) -> str:
        return self._with_query(reverse("search"), obj)

    def feed_url(self, obj: SearchFeedQuery) -> str:
        return self._with_query(reverse("search-feed"), obj)

    def subtitle(self, obj: SearchFeedQuery) -> str:
        return _("The newest articles matching this search in the archive.")

    def items(self, obj: SearchFeedQuery) -> list[Article]:

        return list(iter_search_articles(obj.params, ITEMS))


class ChangesFeed(Feed):
    """Articles changed after publication, newest change first (see /changes/)."""

    feed_type = feedgenerator.Atom1Feed
    title = gettext_lazy("Articles changed after publication")
    subtitle = gettext_lazy("Re-captures that found different text, with what changed.")

    def link(self) -> str:
        return reverse("changes")

    def feed_url(self) -> str:
        return reverse("changes-feed")

    def items(self):
        from archive.selectors.changes import recent_changes

        return list(recent_changes()[:ITEMS])

    def item_title(self, item) -> str:
        return item.article.title

    def item_description(self, item) -> str:
        text = f"{item.words_added} words added, {item.words_removed} words removed"
        if item.title_changed:
            text += f"; the title was “{item.old_title}”"
        return text + "."

    def item_link(self, item) -> str:
        return item.article.get_absolute_url()

    def item_guid(self, item) -> str:
        return f"urn:archive:change:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item) -> dt.datetime:
        return item.detected_at

    def item_updateddate(self, item) -> dt.datetime:
        return item.detected_at
