"""The public search parameters (DESIGN.md: q, figure, party, author, publication, lang, from,
to, sort, page, lineage), parsed once for the HTML page, feeds, CSV and API.

``parse_search_params`` never raises: a malformed value is dropped (or replaced by its default)
and explained in the returned messages.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from archive.search.query import MAX_QUERY_CHARS

SORTS = ("relevance", "newest", "oldest")
LANGS = ("fr", "en")
MAX_Q_CHARS = MAX_QUERY_CHARS  # one limit, one message
MAX_PAGE = 500
MAX_PER_PAGE = 100
MAX_VALUES = 10
SLUG = re.compile(r"^[-a-z0-9_]{1,200}$")
FALSE = {"0", "false", "no", "off"}
#: The dates a search can bound by. Anything outside is moved to the nearest end (with a
#: message), so no layer below ever adds a day to 9999-12-31 or turns year 1 into a
#: timestamp some database or timezone cannot hold.
EARLIEST = dt.date(1000, 1, 1)
LATEST = dt.date(2999, 12, 31)


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    figures: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    publications: tuple[str, ...] = ()
    lang: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"  # effective_sort: newest when there is no query
    lineage: bool = True
    page: int = 1
    per_page: int = 20
    changed: bool = False  # only articles changed after publication (changed=1)

    @property
    def effective_sort(self) -> str:
        """Relevance needs words; without a query the newest come first."""
        if self.sort == "relevance" and not self.q.strip():
            return "newest"
        return self.sort if self.sort in SORTS else "newest"


def _values(data, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        raw = data.getlist(key)
    else:
        raw = data.get(key, [])
        raw = [raw] if isinstance(raw, str | int) else list(raw or [])
    return [str(v) for v in raw if v is not None]


def _first(data, key: str) -> str:
    values = _values(data, key)
    return values[0].strip() if values else ""


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)


def parse_date(text: str, *, end: bool) -> dt.date | None:
    """'2017', '2017-06' or '2017-06-18'; ``end`` picks the last day of a year or month."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(text)
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, last if end else 1)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        y, mo, d = (int(p) for p in text.split("-"))
        return dt.date(y, mo, d)
    raise ValueError(text)


def parse_search_params(querydict) -> tuple[SearchParams, list[str]]:
    """Reads a QueryDict (or a plain dict of str / list values)."""
    messages: list[str] = []
    q = _printable(_first(querydict, "q"))
    if len(q) > MAX_Q_CHARS:
        q = q[:MAX_Q_CHARS]
        messages.append(_("The query was cut to its first %(n)d characters.")
                        % {"n": MAX_Q_CHARS})

    slugs: dict[str, tuple[str, ...]] = {}
    for key in ("figure", "party", "author", "publication"):
        kept: list[str] = []
        for value in _values(querydict, key):
            value = value.strip().lower()
            if not value:
                continue
            if not SLUG.match(value):
                messages.append(_("Ignored the malformed %(key)s '%(value)s'.")
                                % {"key": key, "value": _printable(value)[:60]})
            elif value not in kept:
                kept.append(value)
        if len(kept) > MAX_VALUES:
            messages.append(_("Only the first %(n)d %(key)s filters were used.")
                            % {"n": MAX_VALUES, "key": key})
            kept = kept[:MAX_VALUES]
        slugs[key] = tuple(kept)

    lang = _first(querydict, "lang").lower() or None
    if lang is not None and lang not in LANGS:
        messages.append(_("Unknown language '%(lang)s' (use fr or en); ignored.")
                        % {"lang": _printable(lang)[:20]})
        lang = None

    raw_dates = {key: _first(querydict, key) for key in ("from", "to")}
    dates: dict[str, dt.date | None] = {}
    for key, raw in raw_dates.items():
        dates[key] = None
        if raw:
            try:
                dates[key] = parse_date(raw, end=(key == "to"))
            except (ValueError, OverflowError):
                messages.append(_("'%(key)s' must be a date (2017-06-18) or a year (2017); "
                                  "'%(value)s' was ignored.")
                                % {"key": key, "value": _printable(raw)[:40]})
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        messages.append(_("'from' was after 'to'; the two dates were swapped."))
        dates = {"from": parse_date(raw_dates["to"], end=False),
                 "to": parse_date(raw_dates["from"], end=True)}
    for key, value in dates.items():
        if value is not None and not EARLIEST <= value <= LATEST:
            dates[key] = min(max(value, EARLIEST), LATEST)
            messages.append(_("'%(key)s' must lie between %(earliest)s and %(latest)s; "
                              "%(value)s was replaced by %(used)s.") % {
                "key": key, "earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat(),
                "value": value.isoformat(), "used": dates[key].isoformat()})

    sort = _first(querydict, "sort").lower()
    if sort and sort not in SORTS:
        messages.append(_("Unknown sort '%(sort)s' (use relevance, newest or oldest).")
                        % {"sort": _printable(sort)[:20]})
        sort = ""
    sort = sort or ("relevance" if q.strip() else "newest")

    lineage = _first(querydict, "lineage").lower() not in FALSE

    changed_raw = _first(querydict, "changed").lower()
    changed = bool(changed_raw) and changed_raw not in FALSE

    page = _positive_int(querydict, "page", 1, MAX_PAGE, messages)
    per_page = _positive_int(querydict, "per_page", 20, MAX_PER_PAGE, messages)

    params = SearchParams(
        q=q.strip(),
        figures=slugs["figure"],
        parties=slugs["party"],
        authors=slugs["author"],
        publications=slugs["publication"],
        lang=lang,
        date_from=dates["from"],
        date_to=dates["to"],
        sort=sort,
        lineage=lineage,
        page=page,
        per_page=per_page,
        changed=changed,
    )
    return params, messages


def _positive_int(querydict, key: str, default: int, maximum: int, messages: list[str]) -> int:
    raw = _first(querydict, key)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        messages.append(_("'%(key)s' must be a whole number; showing %(key)s %(default)d.")
                        % {"key": key, "default": default})
        return default
    if value < 1 or value > maximum:
        messages.append(_("'%(key)s' must be between 1 and %(maximum)d; showing %(key)s "
                          "%(default)d.") % {"key": key, "maximum": maximum, "default": default})
        return default
    return value
