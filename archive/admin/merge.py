"""Services that merge duplicate figures and duplicate authors into one survivor.

Every row that moves is saved through django-simple-history (per row, or with
`bulk_update_with_history`), with the editor as history user and a change reason naming the
merge, so the history pages show what happened; the removed duplicate's own history stays.
Unique constraints are respected: where the survivor already has the same mention, membership,
office, candidacy or authorship, the two rows are combined and the duplicate's row goes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model
from simple_history.utils import bulk_update_with_history

from archive.derived import articles_changed, batched
from archive.folding import fold
from archive.models import (
    ArticleAuthor,
    Author,
    Figure,
    Mention,
)


@dataclass
class MergeReport:
    survivor: Model
    removed: list[str] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)
    combined: dict[str, int] = field(default_factory=dict)
    article_ids: set[int] = field(default_factory=set)

    def count(self, bucket: dict[str, int], what: str, n: int = 1) -> None:
        if n:
            bucket[what] = bucket.get(what, 0) + n

    def summary(self) -> str:
        parts = [f"Merged {', '.join(self.removed)} into {self.survivor}"]
        if self.moved:
            parts.append("moved " + ", ".join(f"{n} {what}" for what, n in self.moved.items()))
        if self.combined:
            parts.append("combined " + ", ".join(f"{n} {what}" for what, n in
                                                 self.combined.items()))
        return "; ".join(parts) + "."


def _tag(obj: Model, user, reason: str) -> Model:
    obj._history_user = user
    obj._change_reason = reason
    return obj


def merged_aliases(name: str, aliases: list[str], extra: Iterable[str],
                   ambiguous: Iterable[str] = ()) -> list[str]:
    """The survivor's aliases plus the duplicate's names, without repeats (accent- and
    case-insensitive), never the survivor's own name, never an ambiguous alias."""
    seen = {fold(name)} | {fold(a) for a in ambiguous}
    result = []
    for alias in [*aliases, *extra]:
        key = fold(alias or "")
        if key and key not in seen:
            seen.add(key)
            result.append(alias)
    return result


def _combine_mentions(keep: Mention, other: Mention) -> None:
    """Two mentions of one article by the same (merged) figure become one: counts add up, and
    an editor's decision wins over detection."""
    keep.count += other.count
    offsets = [o for o in (keep.first_offset, other.first_offset) if o is not None]
    keep.first_offset = min(offsets) if offsets else None
    keep.matched_text = keep.matched_text or other.matched_text
    editor = Mention.Source.EDITOR
    if other.source == editor and keep.source != editor:
        keep.source, keep.rejected = editor, other.rejected
    elif other.source == editor and keep.source == editor:
        keep.rejected = keep.rejected and other.rejected


def _move_mentions(survivor: Figure, dup: Figure, report: MergeReport, user, reason: str) -> None:
    existing = {m.article_id: m for m in Mention.objects.filter(
        figure=survivor, article_id__in=dup.mentions.values("article_id"))}
    to_move = []
    for mention in Mention.objects.filter(figure=dup):
        report.article_ids.add(mention.article_id)
        keep = existing.get(mention.article_id)
        if keep is None:
            mention.figure = survivor
            to_move.append(mention)
            continue
        _combine_mentions(keep, mention)
        _tag(keep, user, reason).save()
        _tag(mention, user, reason).delete()
        report.count(report.combined, "mentions")
    if to_move:
        bulk_update_with_history(to_move, Mention, ["figure"], default_user=user,
                                 default_change_reason=reason)
    report.count(report.moved, "mentions", len(to_move))

    derived = list(Mention.objects.filter(via_figure=dup))
    for mention in derived:
        mention.via_figure = survivor
        report.article_ids.add(mention.article_id)
    if derived:
        bulk_update_with_history(derived, Mention, ["via_figure"], default_user=user,
                                 default_change_reason=reason)
    report.count(report.moved, "party mentions derived from the figure", len(derived))


def _move_memberships(survivor: Figure, dup: Figure, report: MergeReport, user,
                      reason: str) -> None:
    taken = {(m.party_id, m.start) for m in survivor.memberships.all()}
    for membership in dup.memberships.all():
        if (membership.party_id, membership.start) in taken:
            _tag(membership, user, reason).delete()
            report.count(report.combined, "memberships")
        else:
            membership.figure = survivor
            _tag(membership, user, reason).save()
            report.count(report.moved, "memberships")


def _move_offices(survivor: Figure, dup: Figure, report: MergeReport) -> None:
    taken = {(o.title, o.start) for o in survivor.offices.all()}
    for office in dup.offices.all():
        if (office.title, office.start) in taken:
            office.delete()
            report.count(report.combined, "offices")
        else:
            office.figure = survivor
            office.save(update_fields=["figure"])
            report.count(report.moved, "offices")


def _move_candidacies(survivor: Figure, dup: Figure, report: MergeReport, user,
                      reason: str) -> None:
    taken = {(c.election_id, c.constituency): c for c in survivor.candidacies.all()}
    for candidacy in dup.candidacies.all():
        keep = taken.get((candidacy.election_id, candidacy.constituency))
        if keep is None:
            candidacy.figure = survivor
            _tag(candidacy, user, reason).save()
            report.count(report.moved, "candidacies")
            continue
        for name in ("party", "label", "first_round_share", "result"):
            if getattr(keep, name) in (None, "") and getattr(candidacy, name) not in (None, ""):
                setattr(keep, name, getattr(candidacy, name))
        _tag(keep, user, reason).save()
        _tag(candidacy, user, reason).delete()
        report.count(report.combined, "candidacies")


def merge_figures(survivor: Figure, duplicates: Iterable[Figure], *, user=None) -> MergeReport:
    """Fold each duplicate into `survivor` (mentions, memberships, offices, candidacies,
    names as aliases, missing identifiers), then delete the duplicate."""
    report = MergeReport(survivor=survivor)
    with transaction.atomic(), batched():
        for dup in duplicates:
            if dup.pk == survivor.pk:
                continue
            reason = f"merge: figure “{dup}” (#{dup.pk}) into “{survivor}” (#{survivor.pk})"
            _move_mentions(survivor, dup, report, user, reason)
            _move_memberships(survivor, dup, report, user, reason)
            _move_offices(survivor, dup, report)
            _move_candidacies(survivor, dup, report, user, reason)
            survivor.ambiguous_aliases = merged_aliases(
                survivor.name, survivor.ambiguous_aliases, dup.ambiguous_aliases)
            survivor.aliases = merged_aliases(
                survivor.name, survivor.aliases, [dup.name, *dup.aliases],
                ambiguous=survivor.ambiguous_aliases)
            blanks = {name: getattr(dup, name) for name in
                      ("given_name", "family_name", "birth_date", "wikidata", "an_id")
                      if not getattr(survivor, name) and getattr(dup, name)}
            report.removed.append(f"“{dup}” (#{dup.pk})")
            _tag(dup, user, reason).delete()  # first: it may hold the unique an_id
            for name, value in blanks.items():
                setattr(survivor, name, value)
            _tag(survivor, user, reason).save()
        # Bulk updates send no signals: the index and the tallies follow here, in the same
        # transaction (as archive/derived/signals.py does), committed or rolled back with it.
        articles_changed(report.article_ids)
    return report


def merge_authors(survivor: Author, duplicates: Iterable[Author], *, user=None) -> MergeReport:
    """Fold each duplicate author into `survivor`: bylines (keeping the earlier position when
    both sign the same article), publications, names as aliases; then delete the duplicate."""
    report = MergeReport(survivor=survivor)
    with transaction.atomic(), batched():
        for dup in duplicates:
            if dup.pk == survivor.pk:
                continue
            reason = f"merge: author “{dup}” (#{dup.pk}) into “{survivor}” (#{survivor.pk})"
            existing = {link.article_id: link for link in ArticleAuthor.objects.filter(
                author=survivor, article_id__in=dup.articleauthor_set.values("article_id"))}
            to_move = []
            for link in ArticleAuthor.objects.filter(author=dup):
                report.article_ids.add(link.article_id)
                keep = existing.get(link.article_id)
                if keep is None:
                    link.author = survivor
                    to_move.append(link)
                    continue
                if link.position < keep.position:
                    keep.position = link.position
                    _tag(keep, user, reason).save()
                _tag(link, user, reason).delete()
                report.count(report.combined, "bylines")
            if to_move:
                bulk_update_with_history(to_move, ArticleAuthor, ["author"], default_user=user,
                                         default_change_reason=reason)
            report.count(report.moved, "bylines", len(to_move))
            publications = list(dup.publications.all())
            survivor.aliases = merged_aliases(survivor.name, survivor.aliases,
                                              [dup.name, *dup.aliases])
            report.removed.append(f"“{dup}” (#{dup.pk})")
            _tag(dup, user, reason).delete()
            _tag(survivor, user, reason).save()
            if publications:
                survivor.publications.add(*publications)
        # Bulk updates send no signals: the index and the tallies follow here, in the same
        # transaction (as archive/derived/signals.py does), committed or rolled back with it.
        articles_changed(report.article_ids)
    return report
