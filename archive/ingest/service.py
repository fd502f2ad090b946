"""Import service: decides, per capture, whether an article is new, a new version of one we
hold, or unchanged, and writes articles, captures, authors and publications.

Identity is the canonical URL (see `urls`). Without one (a bare text dump, a page with no
canonical link and no --url), the capture's payload hash is the identity: importing the same
bytes again is "unchanged", and an article with the very same title and body but no URL is
the same article too. Every version is kept as a Capture holding its own text; the Article
shows the latest, and editors' corrections survive re-imports of text already captured.

Writes are batched for speed: up to `batch_size` records share one transaction. If anything
in a batch fails, the batch is rolled back and replayed one record per transaction, so a bad
record fails alone, with its reason, and never stops the rest. A killed import leaves only
whole batches behind; running it again finds them unchanged and finishes the job.

Within a batch's transaction, and so committed or lost with its articles: mention detection of
the batch's new and changed articles (and of unchanged ones never detected, which an earlier
run was killed or told not to detect), and one IndexTask row per changed article. The public
entry point is `archive.ingest.pipeline.ingest`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from archive.derived import articles_changed, batched
from archive.ingest.language import guess_language
from archive.ingest.lookup import Lookup
from archive.ingest.parsed import ParsedArticle
from archive.ingest.report import (
    CREATED,
    FAILED,
    UNCHANGED,
    UPDATED,
    MentionTally,
    Outcome,
)
from archive.ingest.sanitize import cut
from archive.ingest.urls import same_article_urls
from archive.linebreaks import normalise_linebreaks
from archive.models import Article, ArticleAuthor, Author, Capture, Publication
from archive.models.articles import content_hash
from archive.words import count_words

UPDATED_FIELDS = ["title", "body", "summary", "word_count", "content_hash", "published_on",
                  "date_estimated", "updated_at"]


def _article_slug(title: str) -> str:
    return slugify(title)[:200].strip("-") or "article"


@dataclass
class ImportContext:
    """Options of one import, the publications and authors it has looked up so far, and what
    mention detection did."""

    publication_slug: str | None = None
    date_hint: dt.date | None = None
    synthetic: bool = False
    detect: bool = False
    mentions: MentionTally = field(default_factory=lambda: MentionTally())
    lookup: Lookup = field(default_factory=lambda: Lookup())

    def forget(self) -> None:
        """After a rollback, objects created in the rolled-back transaction are gone."""
        self.lookup.forget()

    def publication_for(self, item: ParsedArticle) -> Publication | None:
        return self.lookup.publication_for(item, self.publication_slug)

    def authors_for(self, names: Iterable[str]) -> dict[str, Author]:
        return self.lookup.authors_for(names)


def _prepare(item: ParsedArticle, ctx: ImportContext) -> None:
    """Apply the command-line hints and the model's limits. Raises ValueError."""
    item.title = normalise_linebreaks(item.title)
    item.body = normalise_linebreaks(item.body)
    item.summary = normalise_linebreaks(item.summary)
    if not item.title.strip():
        raise ValueError("no title")
    if not item.body.strip():
        raise ValueError("no article text")
    if item.canonical_url and len(item.canonical_url) > 1000:
        raise ValueError("canonical URL longer than 1000 characters")
    item.title = cut(item.title, 500)
    item.source_url = item.source_url if len(item.source_url) <= 1000 else ""
    item.source_file = cut(item.source_file, 1000)
    if item.published_on is None and ctx.date_hint is not None:
        item.published_on, item.date_estimated = ctx.date_hint, True
    item.language = guess_language(item.body, declared=item.language)


@dataclass
class _Known:
    """An article met in this batch, with the payloads and texts of its captures."""

    article: Article
    payloads: set[str]
    texts: set[str]
    latest: dt.datetime | None = None  # the newest retrieval time among its captures
    dirty: bool = False

    def saw(self, payload: str, text: str, retrieved_at: dt.datetime | None) -> None:
        self.payloads.add(payload)
        self.texts.add(text)
        if retrieved_at and (self.latest is None or retrieved_at > self.latest):
            self.latest = retrieved_at


@dataclass
class _Index:
    """Where this batch's items may already be: by canonical URL, or for URL-less items by
    payload hash or text hash; and what each article's captures hold."""

    by_url: dict[str, Article]
    by_payload: dict[str, Article]
    by_text: dict[str, Article]
    known: dict[int, _Known]

    def find(self, item: ParsedArticle, text_hash: str) -> Article | None:
        if item.canonical_url:
            for url in same_article_urls(item.canonical_url):  # with and without "www."
                if url in self.by_url:
                    return self.by_url[url]
            return None
        return self.by_payload.get(item.payload_hash) or self.by_text.get(text_hash)

    def remember(self, item: ParsedArticle, text_hash: str, article: Article) -> None:
        if id(article) not in self.known:
            self.known[id(article)] = _Known(article, set(), set())
        self.known[id(article)].saw(item.payload_hash, text_hash, item.retrieved_at)
        if item.canonical_url:
            self.by_url[item.canonical_url] = article
        else:
            self.by_payload[item.payload_hash] = article
            self.by_text.setdefault(text_hash, article)


def _load_index(items: list[ParsedArticle]) -> _Index:
    urls = {url for item in items if item.canonical_url
            for url in same_article_urls(item.canonical_url)}
    by_url = {a.canonical_url: a for a in Article.objects.filter(canonical_url__in=urls)}
    by_payload: dict[str, Article] = {}
    by_text: dict[str, Article] = {}
    urlless = [item for item in items if not item.canonical_url]
    if urlless:
        for capture in Capture.objects.filter(
            payload_hash__in={i.payload_hash for i in urlless},
            article__canonical_url__isnull=True,
        ).select_related("article"):
            by_payload[capture.payload_hash] = capture.article
        for article in Article.objects.filter(
            canonical_url__isnull=True,
            content_hash__in={content_hash(i.title, i.body) for i in urlless},
        ):
            by_text.setdefault(article.content_hash, article)
    existing = {a.pk: a for a in [*by_url.values(), *by_payload.values(), *by_text.values()]}
    for mapping in (by_url, by_payload, by_text):  # one object per article
        for key, article in mapping.items():
            mapping[key] = existing[article.pk]
    known = {id(a): _Known(a, set(), set()) for a in existing.values()}
    for article_id, payload, text, retrieved_at in Capture.objects.filter(
        article_id__in=list(existing)
    ).values_list("article_id", "payload_hash", "content_hash", "retrieved_at"):
        known[id(existing[article_id])].saw(payload, text, retrieved_at)
    for entry in known.values():
        if not entry.payloads:  # made in the admin, never captured: its text is the known one
            entry.texts.add(entry.article.content_hash)
    return _Index(by_url, by_payload, by_text, known)


def _show_version(article: Article, item: ParsedArticle, text_hash: str,
                  now: dt.datetime) -> None:
    """The article now shows this capture's text (slug, authors and publication stay)."""
    article.title, article.body = item.title, item.body
    article.summary = item.summary or article.summary
    article.word_count = count_words(item.body)
    article.content_hash = text_hash
    article.updated_at = now
    if article.published_on is None and item.published_on is not None:
        article.published_on = item.published_on
        article.date_estimated = item.date_estimated


def _write_batch(items: list[ParsedArticle], ctx: ImportContext) -> list[Outcome]:
    with transaction.atomic(), batched():
        author_map = ctx.authors_for(name for item in items for name in item.authors)
        index = _load_index(items)
        known = index.known

        new_articles: list[Article] = []
        captures: list[Capture] = []
        links: list[ArticleAuthor] = []
        results: list[tuple[str, ParsedArticle, Article]] = []
        now = timezone.now()
        for item in items:
            text_hash = content_hash(item.title, item.body)
            article = index.find(item, text_hash)
            if article is None:
                article = Article(
                    title=item.title, slug=_article_slug(item.title),
                    canonical_url=item.canonical_url, publication=ctx.publication_for(item),
                    published_on=item.published_on, date_estimated=item.date_estimated,
                    language=item.language, body=item.body, summary=item.summary,
                    word_count=count_words(item.body), content_hash=text_hash,
                    is_synthetic=ctx.synthetic,
                )
                new_articles.append(article)
                for position, name in enumerate(item.authors):
                    links.append(ArticleAuthor(article=article,
                                               author=author_map[slugify(name)[:200]],
                                               position=position))
                kind = CREATED
            else:
                entry = known[id(article)]
                if item.payload_hash in entry.payloads:
                    results.append((UNCHANGED, item, article))
                    continue
                if text_hash in entry.texts:
                    kind = UNCHANGED  # the same text retrieved again: provenance only
                else:
                    kind = UPDATED
                    # an earlier version found late is kept as a capture but not shown
                    if not (item.retrieved_at and entry.latest
                            and item.retrieved_at < entry.latest):
                        _show_version(article, item, text_hash, now)
                        entry.dirty = article.pk is not None
            index.remember(item, text_hash, article)
            captures.append(Capture(
                article=article, source_url=item.source_url, retrieved_at=item.retrieved_at,
                source_file=item.source_file, record_offset=item.record_offset,
                payload_hash=item.payload_hash, extractor=item.extractor[:100],
                extractor_version=item.extractor_version[:40], title=item.title,
                body=item.body, content_hash=text_hash, licence=cut(item.licence, 300),
                origin=cut(item.origin, 500),
            ))
            results.append((kind, item, article))

        if new_articles:
            bulk_create_with_history(new_articles, Article, batch_size=500,
                                     default_change_reason="import")
        dirty = [e.article for e in known.values() if e.dirty]
        if dirty:
            bulk_update_with_history(dirty, Article, fields=UPDATED_FIELDS, batch_size=500,
                                     default_change_reason="new capture")
        if captures:
            Capture.objects.bulk_create(captures, batch_size=500)
        if links:
            bulk_create_with_history(links, ArticleAuthor, batch_size=500,
                                     default_change_reason="import")
            through = Author.publications.through
            pairs = {(link.author_id, link.article.publication_id) for link in links
                     if link.article.publication_id}
            through.objects.bulk_create(
                [through(author_id=a, publication_id=p) for a, p in pairs],
                ignore_conflicts=True,
            )
        changed = list(dict.fromkeys(
            article.pk for kind, _, article in results if kind in (CREATED, UPDATED)))
        reindex = set(changed)
        if ctx.detect:
            undetected = [article.pk for kind, _, article in results
                          if kind == UNCHANGED and article.mentions_detected_at is None]
            reindex |= _detect(list(dict.fromkeys(changed + undetected)), ctx)
        if reindex:  # in the data's transaction: committed, or rolled back, with it
            articles_changed(reindex)
    return [Outcome(kind, item.label, article.pk, warnings=tuple(item.warnings))
            for kind, item, article in results]


def _detect(ids: list[int], ctx: ImportContext) -> set[int]:
    """Mention detection of these articles inside the batch's transaction; the ids whose
    mentions changed. A detection failure leaves the articles imported and undetected
    (`detect_mentions --missing` or a rerun completes them), never fails the batch."""
    if not ids or ctx.mentions.skipped_reason:
        return set()
    from archive.mentions.service import detect_mentions

    try:
        with transaction.atomic():
            found = detect_mentions(ids, enqueue=False)
    except Exception as exc:  # the articles stay; the report says what is left to do
        ctx.mentions.errors.append(f"{type(exc).__name__}: {exc}")
        return set()
    if found.skipped_reason:
        ctx.mentions.skipped_reason = found.skipped_reason
        return set()
    ctx.mentions.articles += found.articles
    ctx.mentions.changed += len(found.changed_article_ids)
    ctx.mentions.created += found.created
    ctx.mentions.deleted += found.deleted
    return set(found.changed_article_ids)


def describe_error(exc: Exception) -> str:
    if isinstance(exc, ValueError):
        return str(exc)
    if isinstance(exc, DatabaseError):
        return f"database refused it ({type(exc).__name__}: {exc})"
    return f"{type(exc).__name__}: {exc}"


def import_items(items: list[ParsedArticle], ctx: ImportContext) -> list[Outcome]:
    """Write a batch; on failure replay it one record per transaction."""
    ready: list[ParsedArticle] = []
    outcomes: list[Outcome] = []
    for item in items:
        try:
            _prepare(item, ctx)
        except ValueError as exc:
            outcomes.append(Outcome(FAILED, item.label, reason=str(exc)))
        else:
            ready.append(item)
    if not ready:
        return outcomes
    try:
        return outcomes + _write_batch(ready, ctx)
    except Exception:
        ctx.forget()
    for item in ready:
        try:
            outcomes.extend(_write_batch([item], ctx))
        except Exception as exc:
            ctx.forget()
            outcomes.append(Outcome(FAILED, item.label, reason=describe_error(exc)))
    return outcomes
