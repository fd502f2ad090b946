"""Dates as archivists and pages write them, and command-line hints.

`read_date` is what readers call for a record's or page's date: exact ISO dates and
datetimes; partial dates ("2020-02", "2019", "March 2019") as an *estimated* first day of the
month or year; numeric dates ("7/23/17", "23/07/2017") with the day/month order of the
article's language (month first in English unless the day is > 12, day first otherwise);
written dates in any language dateparser knows. A value that cannot be read gives no date
and a warning: the article is kept.
"""

from __future__ import annotations

import datetime as dt
import functools
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


EARLIEST_YEAR = 1800
_PARTIAL = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")


class DateReading:
    """A date as read: the date (or None), whether it is estimated, and a warning when a value
    was there but could not be read."""

    __slots__ = ("date", "estimated", "warning")

    def __init__(self, date: dt.date | None, estimated: bool = False, warning: str = ""):
        self.date, self.estimated, self.warning = date, estimated, warning

    def __repr__(self) -> str:
        return f"DateReading({self.date!r}, estimated={self.estimated}, warning={self.warning!r})"


def _plausible(date: dt.date | None) -> dt.date | None:
    if date is None:
        return None
    if not EARLIEST_YEAR <= date.year <= dt.date.today().year + 1:
        return None
    return date


def _year(two_or_four: str) -> int:
    year = int(two_or_four)
    if len(two_or_four) == 2:
        year += 2000 if year <= (dt.date.today().year % 100) + 1 else 1900
    return year


def _numeric(match: re.Match, language: str | None) -> dt.date | None:
    first, second, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
    month_first = (language or "en").lower().startswith("en")
    if first > 12:
        month_first = False
    elif second > 12:
        month_first = True
    month, day = (first, second) if month_first else (second, first)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


FALLBACK_LANGUAGES = ("es", "de", "it", "pt", "nl", "ja", "zh", "ru", "ar")


@functools.lru_cache(maxsize=32)
def _parser(languages: tuple[str, ...], order: str):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(languages), settings={
        "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"], "DATE_ORDER": order,
        "PREFER_DATES_FROM": "past"})


def _dateparser(text: str, language: str | None) -> DateReading | None:
    import dateparser

    code = (language or "").lower().split("-")[0] or None
    settings = {"DATE_ORDER": "MDY" if code in (None, "en") else "DMY"}
    known = dateparser.languages.loader.LocaleDataLoader().get_locale_map()
    preferred = [c for c in dict.fromkeys([code, "en", "fr"]) if c and c in known]
    data = None
    wider = [c for c in FALLBACK_LANGUAGES if c in known and c not in preferred]
    for languages in (preferred, wider):  # the article's languages first, then common ones
        try:
            data = _parser(tuple(languages), settings["DATE_ORDER"]).get_date_data(text)
        except Exception:  # dateparser's own errors on odd input: the date is unreadable
            data = None
        if data is not None and data.date_obj is not None:
            break
    if data is None or data.date_obj is None:
        return None
    date = _plausible(data.date_obj.date())
    if date is None:
        return None
    return DateReading(date, estimated=data.period in ("month", "year"))


def read_date(value: object, language: str | None = None) -> DateReading:
    """A record's or page's date (see the module docstring); never raises."""
    if value in (None, "", []):
        return DateReading(None)
    if isinstance(value, dt.datetime):
        return DateReading(_plausible(value.date()))
    if isinstance(value, dt.date):
        return DateReading(_plausible(value))
    text = " ".join(str(value).replace("\u00a0", " ").split())
    found: DateReading | None = None
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", text)
    partial = _PARTIAL.match(text)
    numeric = _NUMERIC.match(text)
    if iso:
        try:
            found = DateReading(_plausible(dt.date(*map(int, iso.groups()))))
        except ValueError:
            found = None
    elif partial:
        year, month = int(partial.group(1)), int(partial.group(2) or 1)
        try:
            found = DateReading(_plausible(dt.date(year, month, 1)), estimated=True)
        except ValueError:
            found = None
    elif numeric:
        found = DateReading(_plausible(_numeric(numeric, language)))
    else:
        exact = _plausible(parse_date_line(text))
        found = DateReading(exact) if exact else _dateparser(text, language)
    if found is None or found.date is None:
        shown = text if len(text) <= 60 else text[:59] + "…"
        return DateReading(None, warning=f"date {shown!r} could not be read; kept without a date")
    return found


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
