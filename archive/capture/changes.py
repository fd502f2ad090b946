""""Changed after publication" facts: when a re-capture brings different text, how much
changed. Whitespace and boilerplate (an "updated at" stamp, share and comment counters) are
left out before comparing, so they never count as a change."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from django.db import transaction

from archive.models import ArticleChange, Capture
from archive.search.queue import enqueue_article_updates

BOILERPLATE = re.compile(
    r"^(?:(?:last\s+)?updated|mis\s+à\s+jour|modifié|publié|published)\b.{0,60}$"
    r"|^[\d\s.,k]+\s*(?:shares?|partages?|comments?|commentaires?|likes?|j'aime|reactions?"
    r"|réactions?|views?|vues?|lectures?)\s*$"
    r"|^(?:shares?|partages?|comments?|commentaires?|likes?|vues?|views?)\s*:?\s*[\d\s.,k]+$",
    re.I,
)
TOKEN = re.compile(r"\w+(?:['’]\w+)*", re.U)


def meaningful_words(body: str) -> list[str]:
    lines = [" ".join(line.split()) for line in re.split(r"\n+", body)]
    kept = [line for line in lines if line and not BOILERPLATE.match(line)]
    return TOKEN.findall(" ".join(kept).lower())


def word_changes(before: str, after: str) -> tuple[int, int]:
    """(words added, words removed) between two texts."""
    a, b = meaningful_words(before), meaningful_words(after)
    added = removed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return added, removed


def change_between(previous: Capture, capture: Capture) -> ArticleChange | None:
    """The change facts, or None when only whitespace or boilerplate differ."""
    title_changed = " ".join(previous.title.split()) != " ".join(capture.title.split())
    added, removed = word_changes(previous.body, capture.body)
    if not (title_changed or added or removed):
        return None
    return ArticleChange(
        article_id=capture.article_id, capture=capture, previous=previous,
        detected_at=capture.retrieved_at or capture.imported_at, title_changed=title_changed,
        old_title=previous.title if title_changed else "", words_added=added,
        words_removed=removed,
    )


def record_changes(article_ids: Iterable[int]) -> list[ArticleChange]:
    """For each article given a new version: compare its newest capture with the newest
    earlier capture holding other text, and keep the facts (once per capture)."""
    made = []
    ids = list(dict.fromkeys(article_ids))
    captures: dict[int, list[Capture]] = {}
    for capture in Capture.objects.filter(article_id__in=ids).order_by(
            "article_id", "retrieved_at", "id"):
        captures.setdefault(capture.article_id, []).append(capture)
    known = set(ArticleChange.objects.filter(article_id__in=ids)
                .values_list("capture_id", flat=True))
    for rows in captures.values():
        newest = rows[-1]
        if newest.pk in known:
            continue
        earlier = [c for c in rows[:-1] if c.content_hash != newest.content_hash]
        if not earlier:
            continue
        change = change_between(earlier[-1], newest)
        if change is not None:
            made.append(change)
    if made:
        with transaction.atomic():
            ArticleChange.objects.bulk_create(made, ignore_conflicts=True)
            changed = [c.article_id for c in made]
            transaction.on_commit(lambda: enqueue_article_updates(changed))
    return made
