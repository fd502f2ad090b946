"""Connects model changes to what is derived from articles (archive/derived): the index
queue and the tallies.

Every change that alters what an article's index document holds writes IndexTask rows:
article saves and deletes, its authors (the m2m and the through rows), its mentions, and the
names or lineage of the figures and parties it mentions. The same calls count the change into
the tallies; a party's new lineage and a figure's memberships recount the buckets that follow
them (archive/tallies).

The rows are written in the same transaction as the change, not in ``transaction.on_commit``.
Both are invisible to the writer until the commit and both vanish on rollback, but an
``on_commit`` callback runs after the commit: a process that dies (or a callback that fails)
between the two loses the update for good, while a row written inside the transaction commits
or rolls back with the data it describes. Outside a transaction (autocommit) the row is written
right after the change, which is the same moment ``on_commit`` would run. The writer coalesces
the duplicate rows that many saves in one transaction produce.

haystack's own signal processor stays off (settings: BaseSignalProcessor): it indexes inside the
request, before the commit, and ignores m2m changes.
"""

from collections.abc import Iterable

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from archive.derived import (
    articles_changed,
    articles_removed,
    lineages_changed,
    memberships_changed,
)
from archive.models import Article, ArticleAuthor, Figure, Membership, Mention, Party

#: Fields of figures and parties that the index copies into article documents.
FIGURE_FIELDS = ("name", "given_name", "family_name", "slug", "aliases")
PARTY_FIELDS = ("name", "short_name", "slug", "aliases", "succeeded_by_id", "kind")


def _article_changed(article_ids: Iterable[int]) -> None:
    articles_changed(article_ids)


@receiver(post_save, sender=Article, dispatch_uid="index_article_saved")
def article_saved(sender, instance: Article, **kwargs) -> None:
    if instance.is_public:
        articles_changed([instance.pk])
    else:  # unpublished or withdrawn: it leaves search
        articles_removed([instance.pk])


@receiver(post_delete, sender=Article, dispatch_uid="index_article_deleted")
def article_deleted(sender, instance: Article, **kwargs) -> None:
    articles_removed([instance.pk])


@receiver(m2m_changed, sender=Article.authors.through, dispatch_uid="index_article_authors")
def article_authors_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not reverse:  # article.authors.add(...)
        if action in {"post_add", "post_remove", "post_clear"}:
            _article_changed([instance.pk])
        return
    # author.articles.add(...): pk_set holds article ids; a clear must look before it happens.
    if action == "pre_clear":
        _article_changed(
            ArticleAuthor.objects.filter(author=instance).values_list("article_id", flat=True)
        )
    elif action in {"post_add", "post_remove"}:
        _article_changed(pk_set or ())


@receiver(post_save, sender=ArticleAuthor, dispatch_uid="index_articleauthor_saved")
@receiver(post_delete, sender=ArticleAuthor, dispatch_uid="index_articleauthor_deleted")
def article_author_row_changed(sender, instance: ArticleAuthor, **kwargs) -> None:
    _article_changed([instance.article_id])


@receiver(post_save, sender=Mention, dispatch_uid="index_mention_saved")
@receiver(post_delete, sender=Mention, dispatch_uid="index_mention_deleted")
def mention_changed(sender, instance: Mention, **kwargs) -> None:
    _article_changed([instance.article_id])


def _remember_old(instance, fields: tuple[str, ...]) -> None:
    if instance.pk is None:
        instance._index_old_values = None
        return
    instance._index_old_values = (
        type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()
    )


def _changed(instance, fields: tuple[str, ...]) -> bool:
    old = getattr(instance, "_index_old_values", None)
    if old is None:  # new row: no article mentions it yet
        return False
    return any(old[f] != getattr(instance, f) for f in fields)


def articles_of_figures(figure_ids: Iterable[int]) -> Iterable[int]:
    return (
        Mention.objects.filter(figure_id__in=list(figure_ids))
        .values_list("article_id", flat=True)
        .distinct()
    )


def articles_of_party(party: Party) -> set[int]:
    """Articles that name the party, or name a figure who ever belonged to it."""
    direct = Mention.objects.filter(party=party).values_list("article_id", flat=True)
    members = Membership.objects.filter(party=party).values_list("figure_id", flat=True)
    return {*direct, *articles_of_figures(members)}


@receiver(pre_save, sender=Figure, dispatch_uid="index_figure_presave")
def figure_before_save(sender, instance: Figure, raw: bool = False, **kwargs) -> None:
    _remember_old(instance, FIGURE_FIELDS)


@receiver(post_save, sender=Figure, dispatch_uid="index_figure_saved")
def figure_saved(sender, instance: Figure, **kwargs) -> None:
    if _changed(instance, FIGURE_FIELDS):
        _article_changed(articles_of_figures([instance.pk]))


@receiver(pre_save, sender=Party, dispatch_uid="index_party_presave")
def party_before_save(sender, instance: Party, raw: bool = False, **kwargs) -> None:
    _remember_old(instance, PARTY_FIELDS)


@receiver(post_save, sender=Party, dispatch_uid="index_party_saved")
def party_saved(sender, instance: Party, **kwargs) -> None:
    if _changed(instance, PARTY_FIELDS):
        ids = articles_of_party(instance)
        # A new successor or predecessor changes the lineage of the whole family.
        family = {p.pk: p for p in instance.lineage()}
        old_successor = instance._index_old_values["succeeded_by_id"]
        if old_successor and old_successor not in family:
            previous = Party.objects.filter(pk=old_successor).first()
            for p in previous.lineage() if previous else ():
                family.setdefault(p.pk, p)
        for related in family.values():
            if related.pk != instance.pk:
                ids |= articles_of_party(related)
        _article_changed(ids)
        if instance._index_old_values["succeeded_by_id"] != instance.succeeded_by_id:
            lineages_changed()


@receiver(post_delete, sender=Party, dispatch_uid="tallies_party_deleted")
def party_deleted(sender, instance: Party, **kwargs) -> None:
    # Its successor's lineage loses it (its own mentions went with it, article by article).
    lineages_changed()


@receiver(pre_save, sender=Membership, dispatch_uid="tallies_membership_presave")
def membership_before_save(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    old = (Membership.objects.filter(pk=instance.pk).values_list("figure_id", flat=True).first()
           if instance.pk is not None else None)
    instance._tallies_old_figure = old


@receiver(post_save, sender=Membership, dispatch_uid="tallies_membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="tallies_membership_deleted")
def membership_changed(sender, instance: Membership, **kwargs) -> None:
    figures = {instance.figure_id, getattr(instance, "_tallies_old_figure", None)}
    memberships_changed(figures)
