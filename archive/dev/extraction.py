"""Extraction quality: our HTML reader against raw trafilatura, field by field, on pages with
ground truth (`manage.py benchmark --extraction`).

Evaluation sets:
- the shared AEB politics pages (../shared/testdata/aeb: AEB's body ground truth, with our
  own annotations of title, date and authors in tests/data/extraction/aeb-annotations.json);
- pages written for the purpose, French and English (tests/data/extraction/pages/ and
  pages.json), each stating its metadata a different way.

Scores per page: title and date match exactly (titles compared after Unicode, quote, case
and space normalisation); authors match when the sets of names (by slug) are equal, an empty
byline included; body = bag-of-words token F1 against the ground truth. A field is scored on
every page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

DATA = Path(settings.BASE_DIR) / "tests" / "data" / "extraction"
SHARED_AEB = Path(settings.BASE_DIR).parent / "shared" / "testdata" / "aeb"
FIELDS = ("title", "date", "author", "body")
TARGETS = {"title": 0.90, "date": 0.92, "author": 0.80, "body": 0.93}


@dataclass
class Page:
    name: str
    path: Path
    url: str
    title: str
    date: dt.date | None
    authors: list[str]
    body: str


@dataclass
class Scores:
    pages: int = 0
    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0.0))
    misses: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FIELDS})

    def add(self, name: str, values: dict[str, float]) -> None:
        self.pages += 1
        for key, value in values.items():
            self.sums[key] += value
            if value < (1.0 if key != "body" else 0.8):
                self.misses[key].append(name)

    def mean(self, key: str) -> float:
        return self.sums[key] / self.pages if self.pages else 0.0


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_pages(aeb_dir: Path | None = SHARED_AEB) -> dict[str, list[Page]]:
    """The evaluation sets by name (the AEB set only when the shared folder is there)."""
    sets: dict[str, list[Page]] = {}
    if aeb_dir is not None and (aeb_dir / "ground-truth.json").is_file():
        truth = json.loads((aeb_dir / "ground-truth.json").read_text(encoding="utf-8"))
        notes = json.loads((DATA / "aeb-annotations.json").read_text(encoding="utf-8"))["pages"]
        sets["aeb"] = [
            Page(key[:12], aeb_dir / "html" / f"{key}.html", value["url"], notes[key]["title"],
                 _date(notes[key]["date"]), notes[key]["authors"], value["articleBody"])
            for key, value in sorted(truth.items()) if key in notes
        ]
    own = json.loads((DATA / "pages.json").read_text(encoding="utf-8"))["pages"]
    sets["written"] = [
        Page(name, DATA / "pages" / f"{name}.html", value["url"], value["title"],
             _date(value["date"]), value["authors"], value["articleBody"])
        for name, value in sorted(own.items())
    ]
    return sets


def normalise_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title or "")
    text = re.sub(r"[‘’‚‛′`]", "'", text)
    text = re.sub(r"[“”„‟″«»]", '"', text)
    return " ".join(text.casefold().split())


def author_keys(names: list[str]) -> set[str]:
    return {slugify(n) for n in names if slugify(n)}


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", (text or "").lower()))


def token_f1(found: str, truth: str) -> float:
    ours, theirs = tokens(found), tokens(truth)
    overlap = sum((ours & theirs).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(ours.values()), overlap / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def _score(page: Page, title: str, date: dt.date | None, authors: list[str],
           body: str) -> dict[str, float]:
    return {
        "title": float(normalise_title(title) == normalise_title(page.title)),
        "date": float(date == page.date),
        "author": float(author_keys(authors) == author_keys(page.authors)),
        "body": token_f1(body, page.body),
    }


def ours(page: Page) -> dict[str, float]:
    from archive.ingest.html import extract_page

    data = page.path.read_bytes()
    try:
        found = extract_page(data, page.url)
    except ValueError:
        return _score(page, "", None, [], "")
    return _score(page, found.title, found.published_on, found.authors, found.body)


def raw_trafilatura(page: Page) -> dict[str, float]:
    import trafilatura

    doc = trafilatura.bare_extraction(page.path.read_bytes(), url=page.url, with_metadata=True)
    if doc is None:
        return _score(page, "", None, [], "")
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return _score(page, doc.title or "", _date(doc.date[:10]) if doc.date else None, authors,
                  doc.text or "")


def evaluate(sets: dict[str, list[Page]] | None = None) -> dict[str, dict[str, Scores]]:
    """{set name or "all": {"ours": Scores, "trafilatura": Scores}}."""
    sets = load_pages() if sets is None else sets
    result: dict[str, dict[str, Scores]] = {"all": {"ours": Scores(), "trafilatura": Scores()}}
    for name, pages in sets.items():
        result[name] = {"ours": Scores(), "trafilatura": Scores()}
        for page in pages:
            for who, run in (("ours", ours), ("trafilatura", raw_trafilatura)):
                values = run(page)
                result[name][who].add(f"{name}/{page.name}", values)
                result["all"][who].add(f"{name}/{page.name}", values)
    return result


def format_table(result: dict[str, dict[str, Scores]]) -> str:
    lines = [f"{'set':<10} {'pages':>5}  {'field':<7} {'ours':>6} {'trafilatura':>11} "
             f"{'target':>6}"]
    for name, pair in result.items():
        for key in FIELDS:
            mark = "" if name != "all" else (
                "  ok" if pair["ours"].mean(key) >= TARGETS[key] else "  BELOW")
            lines.append(f"{name:<10} {pair['ours'].pages:>5}  {key:<7} "
                         f"{pair['ours'].mean(key):>6.3f} {pair['trafilatura'].mean(key):>11.3f} "
                         f"{TARGETS[key]:>6.2f}{mark}")
    misses = result["all"]["ours"].misses
    for key in FIELDS:
        if misses[key]:
            lines.append(f"ours, {key} missed: {', '.join(misses[key])}")
    return "\n".join(lines)
