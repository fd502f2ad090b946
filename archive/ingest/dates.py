"""Dates as archivists and pages write them (English and French), and command-line hints."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "août": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "décembre": 12, "decembre": 12, "déc": 12,
}
WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
_MONTH = "(?P<month>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_PREFIX = (
    r"^(?:(?:published|posted|updated|last updated|publié|publie|mis à jour|mis a jour)"
    r"(?:\s+(?:on|le))?\s*:?\s*)?"
    rf"(?:(?:{WEEKDAYS}),?\s+)?"
)
_TIME = r"(?:\s*(?:,|à|a|at|-|–|—)?\s*\d{1,2}(?:[:h]\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?$"
_PATTERNS = [
    re.compile(_PREFIX + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
               + _TIME, re.I),
    re.compile(_PREFIX + r"(?P<day>\d{1,2})(?:er|st|nd|rd|th)?\s+" + _MONTH
               + r",?\s+(?P<year>\d{4})" + _TIME, re.I),
    re.compile(_PREFIX + r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
               r"(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?" + _TIME, re.I),
]


def parse_date_line(line: str) -> dt.date | None:
    """The date when the whole line is a date ("July 5, 2021", "5 juillet 2021",
    "Published on 2021-07-05 10:00"), else None."""
    text = " ".join(line.replace("\u00a0", " ").split())
    if len(text) > 60:
        return None
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        month = match.group("month")
        month_num = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
        try:
            return dt.date(int(match.group("year")), month_num, int(match.group("day")))
        except ValueError:
            return None
    return None


def parse_date_value(value: object) -> dt.date | None:
    """A date from a structured field (JSON lines): ISO dates or datetimes, or a written date."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        try:
            return dt.date(*map(int, iso.groups()))
        except ValueError:
            return None
    return parse_date_line(text)


def parse_date_hint(value: str) -> dt.date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (missing parts become 1). Raises ValueError."""
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", value or "")
    if not match:
        raise ValueError(f"not a date (expected YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"not a valid date: {value!r} ({exc})") from None
