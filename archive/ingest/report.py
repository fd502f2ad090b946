"""What an import did, item by item, and the summary the command prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

CREATED = "created"
UPDATED = "updated"  # a new version of an article already in the archive
UNCHANGED = "unchanged"
FAILED = "failed"
SKIPPED = "skipped"


@dataclass(frozen=True)
class Outcome:
    kind: str
    label: str
    article_id: int | None = None
    reason: str = ""
    warnings: tuple[str, ...] = ()


@dataclass
class ImportReport:
    created: list[Outcome] = field(default_factory=list)
    updated: list[Outcome] = field(default_factory=list)
    unchanged: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)  # all of them, in order
    mentions: object = None  # the ingest's MentionTally when it detected mentions

    def add(self, outcome: Outcome) -> None:
        getattr(self, outcome.kind).append(outcome)
        self.outcomes.append(outcome)

    @property
    def changed_article_ids(self) -> list[int]:
        """Articles created or given a new version, in import order, each once."""
        ids = [o.article_id for o in (*self.created, *self.updated) if o.article_id]
        return list(dict.fromkeys(ids))

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged) + len(self.failed)

    def summary(self) -> str:
        line = (f"created {len(self.created)}, new version {len(self.updated)}, "
                f"unchanged {len(self.unchanged)}, failed {len(self.failed)}")
        if self.skipped:
            line += f" (skipped {len(self.skipped)} records that are not articles)"
        if self.warned:
            line += f"; {len(self.warned)} kept with warnings"
        return line

    @property
    def warned(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.warnings]

    def skipped_reasons(self) -> Counter:
        return Counter(o.reason for o in self.skipped)


@dataclass
class MentionTally:
    """What detection did over a whole import, batch after batch."""

    articles: int = 0
    changed: int = 0
    created: int = 0
    deleted: int = 0
    skipped_reason: str = ""
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.skipped_reason:
            return f"not detected: {self.skipped_reason}"
        line = (f"{self.articles} articles read, {self.changed} changed: "
                f"{self.created} mentions created, {self.deleted} deleted")
        if self.errors:
            line += f"; detection failed in {len(self.errors)} batches ({self.errors[0]})"
        return line
