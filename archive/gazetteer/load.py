"""Loads fixtures/gazetteer/{parties,figures,elections}.json into the database.

Idempotent: rows are matched by slug and updated in place, so a second run changes nothing,
and editors' additions (extra memberships, offices) are kept.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from archive.models import (
    AllianceMembership,
    Candidacy,
    Election,
    Figure,
    Membership,
    Office,
    Party,
)

DEFAULT_DIR = Path(settings.BASE_DIR) / "fixtures" / "gazetteer"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool, changed: bool = True) -> None:
        bucket = self.created if created else self.updated
        if created or changed:
            bucket[kind] = bucket.get(kind, 0) + 1

    def __str__(self) -> str:
        def fmt(d: dict[str, int]) -> str:
            return ", ".join(f"{v} {k}" for k, v in sorted(d.items())) or "nothing"

        return f"created {fmt(self.created)}; updated {fmt(self.updated)}"


def parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _upsert(model, lookup: dict, values: dict, report: LoadReport, kind: str):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.count(kind, created=True)
        return obj
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed)
        report.count(kind, created=False)
    return obj


def read_json(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def load_gazetteer(directory: Path | str | None = None) -> LoadReport:
    directory = Path(directory) if directory else DEFAULT_DIR
    report = LoadReport()
    parties_data = read_json(directory / "parties.json")
    parties: dict[str, Party] = {}
    for row in parties_data:
        parties[row["slug"]] = _upsert(
            Party,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "short_name": row.get("short_name") or "",
                "kind": row.get("kind") or Party.Kind.PARTY,
                "aliases": row.get("aliases") or [],
                "ambiguous_aliases": row.get("ambiguous_aliases") or [],
                "founded": parse_date(row.get("founded")),
                "dissolved": parse_date(row.get("dissolved")),
                "succession_date": parse_date(row.get("succession_date")),
                "succession_kind": row.get("succession_kind") or "",
                "leaning": row.get("leaning") or "",
                "partyfacts_id": row.get("partyfacts_id"),
                "wikidata": row.get("wikidata") or "",
            },
            report,
            "parties",
        )
    for row in parties_data:
        party = parties[row["slug"]]
        successor = parties[row["successor"]] if row.get("successor") else None
        if party.succeeded_by_id != (successor.pk if successor else None):
            party.succeeded_by = successor
            party.save(update_fields=["succeeded_by"])
        for member in row.get("members") or []:
            _upsert(
                AllianceMembership,
                {"alliance": party, "party": parties[member["party"]]},
                {"start": parse_date(member.get("start")), "end": parse_date(member.get("end"))},
                report,
                "alliance memberships",
            )

    figures: dict[str, Figure] = {}
    for row in read_json(directory / "figures.json"):
        figure = _upsert(
            Figure,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "given_name": row.get("given_name") or "",
                "family_name": row.get("family_name") or "",
                "aliases": row.get("aliases") or [],
                "ambiguous_aliases": row.get("ambiguous_aliases") or [],
                "birth_date": parse_date(row.get("birth_date")),
                "an_id": row.get("an_id") or None,
                "wikidata": row.get("wikidata") or "",
            },
            report,
            "figures",
        )
        figures[row["slug"]] = figure
        for m in row.get("memberships") or []:
            _upsert(
                Membership,
                {"figure": figure, "party": parties[m["party"]], "start": parse_date(m.get("start"))},
                {"end": parse_date(m.get("end"))},
                report,
                "memberships",
            )
        for o in row.get("offices") or []:
            _upsert(
                Office,
                {"figure": figure, "title": o["title"], "start": parse_date(o.get("start"))},
                {"end": parse_date(o.get("end"))},
                report,
                "offices",
            )

    for row in read_json(directory / "elections.json"):
        rounds = row.get("rounds") or []
        election = _upsert(
            Election,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "kind": row["kind"],
                "scope": row.get("scope") or "national",
                "first_round": parse_date(rounds[0]),
                "second_round": parse_date(rounds[1]) if len(rounds) > 1 else None,
            },
            report,
            "elections",
        )
        for c in row.get("candidacies") or []:
            share = c.get("first_round_share")
            _upsert(
                Candidacy,
                {
                    "figure": figures[c["figure"]],
                    "election": election,
                    "constituency": c.get("constituency") or "",
                },
                {
                    "party": parties[c["party"]] if c.get("party") else None,
                    "label": c.get("label") or "",
                    "first_round_share": None if share is None else _decimal(share),
                    "result": c.get("result") or "",
                },
                report,
                "candidacies",
            )
    return report


def _decimal(value):
    from decimal import Decimal

    return Decimal(str(value)).quantize(Decimal("0.01"))
