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
from simple_history.utils import bulk_create_with_history

from archive.derived import lineages_changed
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

    def add(self, bucket: dict[str, int], kind: str, n: int = 1) -> None:
        bucket[kind] = bucket.get(kind, 0) + n

    def __str__(self) -> str:
        def fmt(d: dict[str, int]) -> str:
            return ", ".join(f"{v} {k}" for k, v in sorted(d.items())) or "nothing"

        return f"created {fmt(self.created)}; updated {fmt(self.updated)}"


def parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class Upserter:
    """Creates missing rows in bulk (with history) and saves only the fields that differ.
    Existing rows are read once per model, so a load costs a handful of queries."""

    def __init__(self, model, key: tuple[str, ...], report: LoadReport, kind: str):
        self.model, self.key, self.report, self.kind = model, key, report, kind
        self.existing = {self._key_of(obj): obj for obj in model.objects.all()}
        self.pending: list = []

    def _key_of(self, obj) -> tuple:
        return tuple(getattr(obj, f"{name}_id" if self._is_fk(name) else name)
                     for name in self.key)

    def _is_fk(self, name: str) -> bool:
        return self.model._meta.get_field(name).is_relation

    def __call__(self, lookup: dict, values: dict):
        key = tuple(v.pk if hasattr(v, "pk") else v for v in (lookup[n] for n in self.key))
        obj = self.existing.get(key)
        if obj is None:
            obj = self.model(**lookup, **values)
            self.existing[key] = obj
            self.pending.append(obj)
            return obj
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed and obj.pk is not None:
            for k in changed:
                setattr(obj, k, values[k])
            obj.save(update_fields=changed)
            self.report.add(self.report.updated, self.kind)
        return obj

    def flush(self) -> None:
        if not self.pending:
            return
        if hasattr(self.model, "history"):
            bulk_create_with_history(self.pending, self.model, batch_size=500)
        else:
            self.model.objects.bulk_create(self.pending, batch_size=500)
        self.report.add(self.report.created, self.kind, len(self.pending))
        self.pending = []


def read_json(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def load_gazetteer(directory: Path | str | None = None) -> LoadReport:
    directory = Path(directory) if directory else DEFAULT_DIR
    report = LoadReport()

    parties_data = read_json(directory / "parties.json")
    upsert = Upserter(Party, ("slug",), report, "parties")
    parties = {
        row["slug"]: upsert(
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
        )
        for row in parties_data
    }
    upsert.flush()
    for row in parties_data:
        party = parties[row["slug"]]
        successor = parties[row["successor"]] if row.get("successor") else None
        if party.succeeded_by_id != (successor.pk if successor else None):
            party.succeeded_by = successor
            party.save(update_fields=["succeeded_by"])
    upsert = Upserter(AllianceMembership, ("alliance", "party"), report, "alliance memberships")
    for row in parties_data:
        for member in row.get("members") or []:
            upsert(
                {"alliance": parties[row["slug"]], "party": parties[member["party"]]},
                {"start": parse_date(member.get("start")), "end": parse_date(member.get("end"))},
            )
    upsert.flush()

    figures_data = read_json(directory / "figures.json")
    upsert = Upserter(Figure, ("slug",), report, "figures")
    figures = {
        row["slug"]: upsert(
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
        )
        for row in figures_data
    }
    upsert.flush()
    memberships = Upserter(Membership, ("figure", "party", "start"), report, "memberships")
    offices = Upserter(Office, ("figure", "title", "start"), report, "offices")
    for row in figures_data:
        figure = figures[row["slug"]]
        for m in row.get("memberships") or []:
            memberships(
                {"figure": figure, "party": parties[m["party"]],
                 "start": parse_date(m.get("start"))},
                {"end": parse_date(m.get("end"))},
            )
        for o in row.get("offices") or []:
            offices({"figure": figure, "title": o["title"], "start": parse_date(o.get("start"))},
                    {"end": parse_date(o.get("end"))})
    memberships.flush()
    offices.flush()

    elections_data = read_json(directory / "elections.json")
    upsert = Upserter(Election, ("slug",), report, "elections")
    elections = {}
    for row in elections_data:
        rounds = row.get("rounds") or []
        elections[row["slug"]] = upsert(
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "kind": row["kind"],
                "scope": row.get("scope") or "national",
                "first_round": parse_date(rounds[0]),
                "second_round": parse_date(rounds[1]) if len(rounds) > 1 else None,
            },
        )
    upsert.flush()
    upsert = Upserter(Candidacy, ("figure", "election", "constituency"), report, "candidacies")
    for row in elections_data:
        for c in row.get("candidacies") or []:
            share = c.get("first_round_share")
            upsert(
                {
                    "figure": figures[c["figure"]],
                    "election": elections[row["slug"]],
                    "constituency": c.get("constituency") or "",
                },
                {
                    # by id: comparing the related object would cost a query per candidacy
                    "party_id": parties[c["party"]].pk if c.get("party") else None,
                    "label": c.get("label") or "",
                    "first_round_share": None if share is None else _decimal(share),
                    "result": c.get("result") or "",
                },
            )
    upsert.flush()
    lineages_changed()  # bulk writes send no signals: the tallies follow here
    return report


def _decimal(value):
    from decimal import Decimal

    return Decimal(str(value)).quantize(Decimal("0.01"))
