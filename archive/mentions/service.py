"""Mention detection over stored articles: detect, then reconcile Mention rows in batches.

Detected rows are ours to create, update and delete. Editors' rows (source="editor", whether
they add a mention or reject one with rejected=True) are never touched, and no detected row
is written next to them. Every article whose mentions changed is queued for re-indexing in the
same transaction as the change (an IndexTask row commits or rolls back with the mentions it
describes; see archive/derived/signals.py). Each article read is stamped with
`mentions_detected_at` in that transaction too, so an interrupted run leaves only whole
batches behind and `detect_mentions(missing=True)` finishes the rest.
"""

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from archive.derived import articles_changed, batched
from archive.mentions.detect import Detection, detect, without_figures
from archive.mentions.snapshot import Gazetteer, snapshot_from_db
from archive.models import Article, Figure, Membership, Mention, Party

BATCH_SIZE = 500


def detection_text(title: str, body: str) -> str:
    """What detection reads; Mention.first_offset counts from the start of this string."""
    return f"{title}\n\n{body}"


@dataclass
class DetectionReport:
    articles: int = 0
    changed_article_ids: list[int] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    deleted: int = 0
    figure_mentions: int = 0
    party_mentions: int = 0
    derived_party_mentions: int = 0
    missing_ids: list[int] = field(default_factory=list)
    skipped_reason: str = ""
    seconds: float = 0.0

    def __str__(self) -> str:
        if self.skipped_reason:
            return f"Nothing done: {self.skipped_reason}"
        return (
            f"{self.articles} articles read, {len(self.changed_article_ids)} changed: "
            f"{self.created} mentions created, {self.updated} updated, {self.deleted} deleted "
            f"({self.figure_mentions} figures, {self.party_mentions} parties named, "
            f"{self.derived_party_mentions} parties through figures) in {self.seconds:.1f} s"
        )


@dataclass
class _Loaded:
    signature: tuple
    gazetteer: Gazetteer
    figure_ids: dict[str, int]
    party_ids: dict[str, int]


_cache: dict[str, _Loaded] = {}


def _signature() -> tuple:
    """Changes whenever a figure, party or membership is added, removed or saved."""
    parts = []
    for model in (Figure, Party, Membership):
        parts.append(tuple(model.objects.aggregate(n=Count("pk"), top=Max("pk")).values()))
        parts.append(model.history.aggregate(last=Max("history_date"))["last"])
    return tuple(parts)


def _invalidate(**_kwargs) -> None:
    _cache.clear()


for _model in (Figure, Party, Membership):
    post_save.connect(_invalidate, sender=_model, dispatch_uid=f"mentions-cache-{_model.__name__}")
    post_delete.connect(_invalidate, sender=_model,
                        dispatch_uid=f"mentions-cache-del-{_model.__name__}")


def loaded_gazetteer() -> _Loaded:
    """The snapshot and its automaton, rebuilt only when the gazetteer changed."""
    signature = _signature()
    loaded = _cache.get("current")
    if loaded is None or loaded.signature != signature:
        gazetteer = snapshot_from_db()
        gazetteer.automaton  # noqa: B018 - built once here, not in the first article
        loaded = _Loaded(
            signature, gazetteer,
            dict(Figure.objects.values_list("slug", "pk")),
            dict(Party.objects.values_list("slug", "pk")),
        )
        _cache["current"] = loaded
    return loaded


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, size)):
        yield chunk


def detect_mentions(article_ids: Iterable[int] | None = None, *,
                    batch_size: int = BATCH_SIZE, missing: bool = False,
                    enqueue: bool = True) -> DetectionReport:
    """(Re-)detects mentions in the given articles (None: all of them; with `missing`, those
    never detected). With `enqueue=False` the caller queues `changed_article_ids` for
    indexing itself (the ingest pipeline does, once per article)."""
    started = time.perf_counter()
    report = DetectionReport()
    loaded = loaded_gazetteer()
    if not loaded.gazetteer.figures and not loaded.gazetteer.parties:
        report.skipped_reason = "the gazetteer is empty; load it first (make setup)."
        return report
    articles = Article.objects.order_by("pk")
    if missing:
        articles = articles.filter(mentions_detected_at__isnull=True)
    if article_ids is None:
        ids = list(articles.values_list("pk", flat=True))
    else:
        wanted = sorted({int(pk) for pk in article_ids})
        ids = []
        for chunk in _batches(wanted, batch_size):
            ids.extend(articles.filter(pk__in=chunk).values_list("pk", flat=True))
        report.missing_ids = sorted(set(wanted) - set(ids))
    for chunk in _batches(ids, batch_size):
        rows = articles.filter(pk__in=chunk).values_list("pk", "title", "body", "published_on",
                                                         "language")
        detections = {
            pk: (detect(detection_text(title, body), loaded.gazetteer, published_on, language),
                 published_on)
            for pk, title, body, published_on, language in rows
        }
        with transaction.atomic(), batched():
            _reconcile(detections, loaded, report, enqueue=enqueue)
            Article.objects.filter(pk__in=list(detections)).update(
                mentions_detected_at=timezone.now())
        report.articles += len(detections)
    report.seconds = time.perf_counter() - started
    return report


def _desired(article_id: int, detection: Detection, loaded: _Loaded) -> dict[tuple, dict]:
    rows: dict[tuple, dict] = {}
    for slug, hit in detection.figures.items():
        rows[(article_id, "figure", loaded.figure_ids[slug])] = {
            "count": hit.count, "first_offset": hit.first_offset,
            "matched_text": hit.matched_text[:200], "via_figure_id": None,
        }
    for hits in (detection.parties, detection.derived):
        for slug, hit in hits.items():
            rows[(article_id, "party", loaded.party_ids[slug])] = {
                "count": hit.count, "first_offset": hit.first_offset,
                "matched_text": hit.matched_text[:200],
                "via_figure_id": loaded.figure_ids[hit.via_figure] if hit.via_figure else None,
            }
    return rows


def _reconcile(detections: dict[int, tuple[Detection, dt.date | None]], loaded: _Loaded,
               report: DetectionReport, *, enqueue: bool = True) -> None:
    protected: set[tuple] = set()
    ours: dict[tuple, Mention] = {}
    rejected_figures: dict[int, set[int]] = {}
    for mention in Mention.objects.filter(article_id__in=list(detections)):
        key = ((mention.article_id, "figure", mention.figure_id) if mention.figure_id
               else (mention.article_id, "party", mention.party_id))
        if mention.source == Mention.Source.EDITOR or mention.rejected:
            protected.add(key)
            if mention.rejected and mention.figure_id:
                rejected_figures.setdefault(mention.article_id, set()).add(mention.figure_id)
        else:
            ours[key] = mention

    desired: dict[tuple, dict] = {}
    for article_id, (detection, published_on) in detections.items():
        if article_id in rejected_figures:  # no party through a figure an editor removed
            gone = {slug for slug in detection.figures
                    if loaded.figure_ids[slug] in rejected_figures[article_id]}
            if gone:
                detection = without_figures(detection, gone, loaded.gazetteer, published_on)
        desired.update(_desired(article_id, detection, loaded))
        report.figure_mentions += len(detection.figures)
        report.party_mentions += len(detection.parties)
        report.derived_party_mentions += len(detection.derived)

    to_create, to_update, changed = [], [], set()
    for key, values in desired.items():
        if key in protected:
            continue
        mention = ours.pop(key, None)
        if mention is None:
            article_id, kind, target = key
            to_create.append(Mention(article_id=article_id, source=Mention.Source.DETECTED,
                                     **{f"{kind}_id": target}, **values))
            changed.add(article_id)
        elif any(getattr(mention, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(mention, name, value)
            to_update.append(mention)
            changed.add(mention.article_id)
    stale = [m.pk for m in ours.values()]
    changed.update(m.article_id for m in ours.values())

    Mention.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        Mention.objects.bulk_update(
            to_update, ["count", "first_offset", "matched_text", "via_figure"],
            batch_size=BATCH_SIZE,
        )
    if stale:
        Mention.objects.filter(pk__in=stale).delete()
    report.created += len(to_create)
    report.updated += len(to_update)
    report.deleted += len(stale)
    if changed:
        report.changed_article_ids.extend(sorted(changed))
        if enqueue:
            articles_changed(changed)


def mentions_of(article: Article) -> Detection:
    """Detection for one article without writing anything (for previews and debugging)."""
    return detect(detection_text(article.title, article.body), loaded_gazetteer().gazetteer,
                  article.published_on, article.language)

