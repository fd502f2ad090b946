"""The archive's embedded default data: the gazetteer, the seed publications and the seed
articles. Loaded by `make setup`; idempotent, so a second run changes nothing."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from archive.gazetteer.load import load_gazetteer
from archive.models import Publication

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@dataclass
class DefaultsReport:
    lines: list[str] = field(default_factory=list)
    failed: int = 0


@transaction.atomic
def load_publications(path: Path = FIXTURES / "publications.json") -> int:
    created = 0
    for row in json.loads(path.read_text(encoding="utf-8")):
        _, was_created = Publication.objects.get_or_create(
            slug=row["slug"],
            defaults={k: row.get(k, "") for k in ("name", "homepage", "language", "leaning")},
        )
        created += was_created
    return created


def load_seed_articles(directory: Path = FIXTURES / "seeds"):
    """Ingests each seed with the hints its manifest gives (publication, date): imported,
    mentions detected and queued for indexing once, through the one ingest pipeline."""
    from archive.ingest.pipeline import ingest

    reports = []
    for entry in json.loads((directory / "manifest.json").read_text(encoding="utf-8")):
        reports.append(
            ingest(
                [directory / entry["file"]],
                format=entry.get("format", "auto"),
                publication=entry.get("publication"),
                url=entry.get("url"),
                date_hint=entry.get("date"),
            )
        )
    return reports


def load_open_corpus(directory: Path = FIXTURES / "open-corpus"):
    """The openly licensed real texts (fixtures/open-corpus/README.md gives their sources and
    licences, which each record carries into its capture)."""
    from archive.ingest.pipeline import ingest

    return ingest(sorted(directory.glob("*.jsonl")), format="jsonl")


def load_defaults() -> DefaultsReport:
    report = DefaultsReport()
    report.lines.append(f"gazetteer: {load_gazetteer()}")
    report.lines.append(f"publications: {load_publications()} created")
    for imported in load_seed_articles():
        report.lines.append(f"seed articles: {imported.summary()}; mentions: {imported.mentions}")
        report.failed += len(imported.failed)
    corpus = load_open_corpus()
    report.lines.append(f"open corpus: {corpus.summary()}; mentions: {corpus.mentions}")
    report.failed += len(corpus.failed)
    return report
