"""Keeping the tallies: the difference of a change, a recount of the gazetteer's buckets,
a rebuild from nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat

from archive.models import Article, TalliedArticle, Tally
from archive.tallies import facts as article_facts
from archive.tallies.buckets import GAZETTEER_KINDS, MEMBER, Bucket, Gazetteer, buckets

TABLE = Tally._meta.db_table
#: One statement per bucket: adds to the row, or creates it. Both SQLite (3.24+) and
#: PostgreSQL take it, and it is atomic per row, so concurrent changes add up.
ADD = (f"INSERT INTO {TABLE} (kind, subject, other, month, articles) VALUES (%s, %s, %s, %s, %s) "
       f"ON CONFLICT (kind, subject, other, month) DO UPDATE "
       f"SET articles = {TABLE}.articles + excluded.articles")


def add(delta: Counter[Bucket]) -> int:
    """Add `delta` to the rows, in bucket order (concurrent writers lock rows in one order).
    Rows that fall to 0 stay (readers skip them; a rebuild drops them)."""
    rows = [(*bucket, n) for bucket, n in sorted(delta.items()) if n]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(ADD, rows)
    return len(rows)


def refresh(article_ids: Iterable[int]) -> int:
    """Count the articles' changes (their save, withdrawal, deletion, a mention added or
    rejected...) into the tallies; returns the buckets changed. Runs in the caller's
    transaction: the tallies commit or roll back with the change."""
    ids = sorted({pk for pk in article_ids if pk is not None})
    if not ids:
        return 0
    with transaction.atomic():
        if connection.features.has_select_for_update:
            # One refresh of an article at a time (SQLite's writers are serialised already).
            for chunk in article_facts.chunks(ids):
                list(Article.objects.select_for_update().filter(pk__in=chunk)
                     .order_by("pk").values_list("pk", flat=True))
        old = article_facts.stored(ids)
        new = article_facts.current(ids)
        changed = [pk for pk in ids if old.get(pk) != new.get(pk)]
        if not changed:
            return 0
        figures = set()
        for pk in changed:
            for facts in (old.get(pk), new.get(pk)):
                if facts is not None:
                    figures |= facts.figures
        gazetteer = Gazetteer.load(figures)
        delta: Counter[Bucket] = Counter()
        for pk in changed:
            before = buckets(old[pk], gazetteer) if pk in old else set()
            after = buckets(new[pk], gazetteer) if pk in new else set()
            delta.update(dict.fromkeys(after - before, 1))
            delta.subtract(dict.fromkeys(before - after, 1))
        article_facts.store([pk for pk in changed if pk not in new],
                            [new[pk] for pk in changed if pk in new])
        return add(delta)


def _count(all_facts: Iterable[article_facts.Facts], gazetteer: Gazetteer,
           kinds: tuple[str, ...] | None = None) -> Counter[Bucket]:
    counts: Counter[Bucket] = Counter()
    for facts in all_facts:
        counts.update(buckets(facts, gazetteer, kinds))
    return counts


def _write(counts: Counter[Bucket]) -> None:
    Tally.objects.bulk_create(
        [Tally(kind=k, subject=s, other=o, month=m, articles=n)
         for (k, s, o, m), n in counts.items() if n],
        batch_size=2000,
    )


def _all_current(batch: int = article_facts.CHUNK):
    last = 0
    while True:
        ids = list(Article.objects.filter(pk__gt=last, status=Article.Status.PUBLISHED)
                   .order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return
        yield from article_facts.current(ids).values()
        last = ids[-1]


def rebuild() -> int:
    """Count every published article again, from the articles and their mentions; returns
    the rows written."""
    with transaction.atomic():
        Tally.objects.all().delete()
        TalliedArticle.objects.all().delete()
        gazetteer = Gazetteer.load_all()
        counts: Counter[Bucket] = Counter()
        pending: list[article_facts.Facts] = []
        for facts in _all_current():
            counts.update(buckets(facts, gazetteer))
            pending.append(facts)
            if len(pending) >= 5000:
                article_facts.store((), pending)
                pending = []
        article_facts.store((), pending)
        _write(counts)
        return len(counts)


def recount_gazetteer() -> int:
    """Count the buckets that follow the gazetteer (party lineages, memberships) again from
    what the articles count for: after a party's succession or a membership changes."""
    with transaction.atomic():
        Tally.objects.filter(kind__in=GAZETTEER_KINDS).delete()
        counts = _count(article_facts.all_stored(), Gazetteer.load_all(), GAZETTEER_KINDS)
        _write(counts)
        return len(counts)


def differences() -> dict[Bucket, tuple[int, int]]:
    """Buckets whose stored count differs from a count from nothing: bucket -> (stored,
    counted). Empty when the tallies are right (``manage.py rebuild_tallies --check``)."""
    counted = _count(_all_current(), Gazetteer.load_all())
    stored = {(t.kind, t.subject, t.other, t.month): t.articles
              for t in Tally.objects.exclude(articles=0).iterator(chunk_size=5000)}
    return {b: (stored.get(b, 0), counted.get(b, 0))
            for b in set(stored) | set(counted) if stored.get(b, 0) != counted.get(b, 0)}


def recount_members(figure_ids: Iterable[int]) -> int:
    """Count the member buckets of these figures again (their memberships changed), from
    what the articles naming them counted for."""
    ids = sorted({pk for pk in figure_ids if pk is not None})
    if not ids:
        return 0
    wanted = set(ids)
    with transaction.atomic():
        Tally.objects.filter(kind=MEMBER, other__in=ids).delete()
        padded = Concat(Value(" "), "figures", Value(" "), output_field=CharField())
        naming = Q()
        for pk in ids:
            naming |= Q(padded__contains=f" {pk} ")
        rows = TalliedArticle.objects.annotate(padded=padded).filter(naming)
        gazetteer = Gazetteer.load(ids)
        counts: Counter[Bucket] = Counter()
        for row in rows.iterator(chunk_size=5000):
            for bucket in buckets(article_facts.from_row(row), gazetteer, (MEMBER,)):
                if bucket[2] in wanted:
                    counts[bucket] += 1
        return add(counts)


def ensure() -> bool:
    """Count everything when the tallies have never counted an archive that has articles
    (a database migrated from before the tallies, or restored without them); True if it
    did."""
    if TalliedArticle.objects.exists():
        return False
    if not Article.objects.filter(status=Article.Status.PUBLISHED).exists():
        return False
    rebuild()
    return True


def after_migrate(sender, using: str = "default", **kwargs) -> None:
    if using == "default":
        ensure()
