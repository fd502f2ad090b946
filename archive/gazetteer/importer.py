"""`import_gazetteer`: merges further figures, memberships, offices and candidacies from
CSV (the Assemblée nationale deputies lists) or JSON (the fixture's figure format)."""

import csv
import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from archive.derived import batched
from archive.gazetteer.load import parse_date
from archive.gazetteer.resolve import FigureResolver, PartyResolver
from archive.models import Candidacy, Election, Figure, Membership, Office

DEPUTY_COLUMNS = {"id_an", "nom", "prenom", "nom_de_famille", "parti_ratt_financier",
                  "nom_circo", "num_circo", "mandat_debut"}


class GazetteerFormatError(ValueError):
    pass


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    added: Counter = field(default_factory=Counter)
    unknown_parties: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"figures created: {len(self.created)}", f"figures merged: {len(self.merged)}"]
        out += [f"{kind} added: {n}" for kind, n in sorted(self.added.items())]
        if self.unknown_parties:
            names = ", ".join(f"{name!r} ({n})" for name, n in self.unknown_parties.most_common())
            out.append(f"party names not in the gazetteer (no membership recorded): {names}")
        out += [f"skipped: {reason}" for reason in self.skipped]
        return out


def constituency_label(department: str, number: str) -> str:
    n = int(number)
    return f"{department} ({n}{'re' if n == 1 else 'e'} circonscription)"


class GazetteerImporter:
    def __init__(self) -> None:
        self.parties = PartyResolver()
        self.figures = FigureResolver()
        self.legislatives = list(
            Election.objects.filter(kind=Election.Kind.LEGISLATIVE).order_by("first_round")
        )
        self.report = ImportReport()

    # -- figures -------------------------------------------------------------------------
    def figure_for(self, *, an_id: str | None, slug: str | None, name: str, given: str = "",
                   family: str = "") -> Figure:
        figure = self.figures(an_id=an_id, slug=slug, name=name)
        if figure is not None:
            if an_id and not figure.an_id:
                figure.an_id = an_id
                figure.save(update_fields=["an_id"])
                self.figures.add(figure)
            if figure.name not in self.report.merged:
                self.report.merged.append(figure.name)
            return figure
        base = slug or slugify(name)
        unique = base
        n = 2
        while Figure.objects.filter(slug=unique).exists():
            unique = f"{base}-{n}"
            n += 1
        figure = Figure.objects.create(name=name, slug=unique, given_name=given,
                                       family_name=family, an_id=an_id or None)
        self.figures.add(figure)
        self.report.created.append(name)
        return figure

    def ensure_membership(self, figure: Figure, party_name: str, start: dt.date | None,
                          end: dt.date | None) -> None:
        party = self.parties(party_name)
        if party is None:
            if party_name:
                self.report.unknown_parties[party_name] += 1
            return
        on = start or dt.date.today()
        if figure.memberships.filter(Membership.covering(on)).exists():
            return
        _, created = Membership.objects.get_or_create(
            figure=figure, party=party, start=start, defaults={"end": end}
        )
        if created:
            self.report.added["memberships"] += 1

    # -- deputies CSV ------------------------------------------------------------------
    def general_election_for(self, start: dt.date) -> Election | None:
        for election in self.legislatives:
            last_round = election.second_round or election.first_round
            if dt.timedelta(0) <= start - last_round <= dt.timedelta(days=30):
                return election
        return None

    def legislature_end(self, start: dt.date) -> dt.date | None:
        later = [e for e in self.legislatives if e.first_round > start]
        return (later[0].second_round or later[0].first_round) if later else None

    def import_deputy(self, row: dict[str, str]) -> None:
        start = parse_date(row["mandat_debut"])
        if start is None:
            self.report.skipped.append(f"{row.get('nom')}: no mandate start")
            return
        end = parse_date(row.get("mandat_fin")) or self.legislature_end(start)
        figure = self.figure_for(an_id=row["id_an"].strip() or None,
                                 slug=row.get("slug") or None, name=row["nom"],
                                 given=row.get("prenom", ""), family=row.get("nom_de_famille", ""))
        where = constituency_label(row["nom_circo"], row["num_circo"])
        title = f"Député{'e' if row.get('sexe') == 'F' else ''}, {where}"
        # The same seat may already be recorded under another wording ("Députée de l'Isère").
        if not figure.offices.filter(start=start, title__startswith="Député").exists():
            Office.objects.create(figure=figure, title=title, start=start, end=end)
            self.report.added["offices"] += 1
        party_name = row.get("parti_ratt_financier", "").strip()
        self.ensure_membership(figure, party_name, start, end)
        election = self.general_election_for(start)
        if election is not None:
            _, created = Candidacy.objects.get_or_create(
                figure=figure, election=election, constituency=where,
                defaults={"party": self.parties(party_name), "label": party_name,
                          "result": "elected"},
            )
            self.report.added["candidacies"] += created

    # -- JSON records ---------------------------------------------------------------------
    def import_record(self, record: dict) -> None:
        if not record.get("name"):
            raise GazetteerFormatError("every figure record needs a 'name'")
        figure = self.figure_for(an_id=record.get("an_id"), slug=record.get("slug"),
                                 name=record["name"], given=record.get("given_name", ""),
                                 family=record.get("family_name", ""))
        new_aliases = [a for a in record.get("aliases", []) if a not in figure.aliases]
        if new_aliases:
            figure.aliases = [*figure.aliases, *new_aliases]
            figure.save(update_fields=["aliases"])
        for m in record.get("memberships", []):
            party = self.parties(m["party"]) or self.parties(m["party"].replace("-", " "))
            if party is None:
                self.report.unknown_parties[m["party"]] += 1
                continue
            _, created = Membership.objects.get_or_create(
                figure=figure, party=party, start=parse_date(m.get("start")),
                defaults={"end": parse_date(m.get("end"))},
            )
            self.report.added["memberships"] += created
        for o in record.get("offices", []):
            _, created = Office.objects.get_or_create(
                figure=figure, title=o["title"], start=parse_date(o.get("start")),
                defaults={"end": parse_date(o.get("end"))},
            )
            self.report.added["offices"] += created
        for c in record.get("candidacies", []):
            election = Election.objects.filter(slug=c["election"]).first()
            if election is None:
                self.report.skipped.append(f"{record['name']}: unknown election {c['election']!r}")
                continue
            _, created = Candidacy.objects.get_or_create(
                figure=figure, election=election, constituency=c.get("constituency") or "",
                defaults={"party": self.parties(c.get("party", "")), "label": c.get("label", ""),
                          "result": c.get("result", "")},
            )
            self.report.added["candidacies"] += created


def import_gazetteer_file(path: Path | str) -> ImportReport:
    """Imports one CSV or JSON file in a single transaction: all of it or nothing."""
    path = Path(path)
    importer = GazetteerImporter()
    with transaction.atomic(), batched():
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                missing = DEPUTY_COLUMNS - set(reader.fieldnames or [])
                if missing:
                    raise GazetteerFormatError(
                        f"{path.name}: not a deputies list, missing columns {sorted(missing)}"
                    )
                for row in reader:
                    importer.import_deputy(row)
        elif path.suffix.lower() == ".json":
            try:
                records = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise GazetteerFormatError(f"{path.name}: invalid JSON ({exc})") from exc
            if not isinstance(records, list):
                raise GazetteerFormatError(f"{path.name}: expected a list of figure records")
            for record in records:
                importer.import_record(record)
        else:
            raise GazetteerFormatError(f"{path.name}: expected a .csv or .json file")
    return importer.report
