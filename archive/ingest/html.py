"""Saved web pages: trafilatura finds the article and its metadata, htmldate its date.

Our own rules apply only where the libraries are wrong on our material: author bylines
(see `authors`), canonical links that point at a home page, and dates (a date read from the
page's markup is exact; one htmldate had to guess from the text or URL is estimated).
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import htmldate
import trafilatura
from django.utils.text import slugify

from archive.ingest.authors import split_authors
from archive.ingest.dates import read_date
from archive.ingest.metadata import PageMetadata, best_title, read_metadata
from archive.ingest.parsed import ParsedArticle, ParseFailure, payload_hash
from archive.ingest.sanitize import clean_line, plain_text
from archive.ingest.sources import Source
from archive.ingest.urls import canonical_url, host_of
from archive.words import count_words

EXTRACTOR = "trafilatura"
MIN_WORDS = 12
EXTRACTOR_VERSION = f"{trafilatura.__version__}+htmldate-{htmldate.__version__}"

for _name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass
class PageArticle:
    title: str
    body: str
    summary: str = ""
    authors: list[str] = field(default_factory=list)
    published_on: dt.date | None = None
    date_estimated: bool = False
    language: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    host: str | None = None


BOILERPLATE_LINE = re.compile(
    r"^(?:read more|see more|read also|read next|more|also on|related|watch|listen|don'?t miss"
    r"|lire aussi|à lire aussi|a lire aussi|voir aussi|lire également|à voir aussi)\b\s*(?::|$)"
    r"|^also on \S+\.\w+ "
    r"|^(?:like this story\?|sign up for|subscribe to|inscrivez-vous|abonnez-vous)"
    r"|^(?:updated|published|posted|last updated|mis à jour|publié)\b.{0,40}$"
    r"|\[[A-Z][A-Z ]{2,20}\]\s*\|?$",
    re.I,
)


def _drop_boilerplate(body: str, title: str) -> str:
    """Remove what trafilatura keeps but is not the article: the title repeated as the first
    paragraph, in-text teasers ("READ MORE: ...", "Also on site.com ...", "Headline [VIDEO]"),
    share prompts and "Updated at ..." stamps."""
    kept = []
    for i, line in enumerate(body.split("\n\n")):
        if i == 0 and title and line.strip().lower() == title.strip().lower():
            continue
        if len(line) < 200 and BOILERPLATE_LINE.search(line):
            continue
        kept.append(line)
    return "\n\n".join(kept)


def _page_date(tree, meta: PageMetadata, language: str | None, url: str | None
               ) -> tuple[dt.date | None, bool]:
    """The page's own date (JSON-LD, meta, <time>) when it has one we can read; else
    htmldate's (from the markup: exact; guessed from text or URL: estimated)."""
    if meta.date:
        reading = read_date(meta.date, language)
        if reading.date is not None:
            return reading.date, reading.estimated
    return _htmldate(tree, url)


def _htmldate(tree, url: str | None) -> tuple[dt.date | None, bool]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for extensive, estimated in ((False, False), (True, True)):
            try:
                found = htmldate.find_date(tree, url=url, extensive_search=extensive,
                                           original_date=True)
            except Exception:  # htmldate fails on odd markup; a date is optional
                found = None
            if found:
                try:
                    return dt.date.fromisoformat(found), estimated
                except ValueError:
                    continue
    return None, False


def _declared_language(tree) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for meta in tree.iterfind(".//meta"):
            key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
            if key in {"content-language", "og:locale", "language", "dc.language"}:
                lang = meta.get("content")
                break
    return lang or None


def _is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _page_canonical(found: str | None, hint: str | None) -> str | None:
    """The page's own canonical URL, unless it names a site's home page (a common template
    mistake: an article is never the home page); then the hint (--url or WARC target), and
    without one no URL at all, so that the payload gives the identity."""
    page = canonical_url(found)
    if page and _is_home_page(page):
        page = None
    return page or canonical_url(hint)


def _not_the_site(authors: list[str], site_name: str | None) -> list[str]:
    """A byline that is the site's own name ("RT", "Al-Bawaba") names no person."""
    site = slugify(site_name or "")
    return [a for a in authors if not site or slugify(a) != site]


def _own_name(name: str | None, host: str | None) -> str | None:
    """A site name, unless it is only a sub-domain label of the host ("Hosted" for
    hosted.ap.org, which both pages and trafilatura produce): then nothing names the site
    and the host decides."""
    name = clean_line(name or "")
    if not name:
        return None
    sub_labels = {label.lower() for label in (host or "").split(".")[:-2] if label}
    if name.lower() in sub_labels or name.lower().replace(" ", "") in sub_labels:
        return None
    return name
DECLARED_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
#: What browsers read for these labels (WHATWG Encoding): Latin-1 pages are cp1252, and a
#: meta tag cannot declare UTF-16 (bytes that carry it would not be ASCII-compatible).
CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252", "utf-16": "utf-8",
                   "utf-16le": "utf-8", "utf-16be": "utf-8"}


def decode_declared(payload: bytes | str) -> bytes | str:
    """A page's text in the encoding it declares (BOM, else <meta charset> in its first
    4 KB), invalid bytes replaced by U+FFFD; the bytes unchanged when it declares none
    (trafilatura then guesses). Guessing a page that says UTF-8 turned one bad byte into
    a whole page of mojibake."""
    if isinstance(payload, str):
        return payload
    if payload.startswith(codecs.BOM_UTF8):
        return payload[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    found = DECLARED_CHARSET.search(payload[:4096])
    if not found:
        return payload
    label = found[1].decode("ascii", "replace").lower()
    try:
        codec = codecs.lookup(CHARSET_ALIASES.get(label, label)).name
    except LookupError:
        return payload
    return payload.decode(codec, "replace")


def extract_page(payload: bytes | str, url: str | None = None) -> PageArticle:
    """The article in a saved page. Raises ValueError when the page holds no article text."""
    tree = trafilatura.load_html(decode_declared(payload))
    if tree is None:
        raise ValueError("not an HTML page (could not parse it)")
    meta = read_metadata(tree)
    declared = _declared_language(tree)
    published_on, estimated = _page_date(tree, meta, declared, url)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, deduplicate=False,
    )
    if doc is None or not (doc.text or "").strip():
        raise ValueError("no article text found in the page")
    canonical = _page_canonical(doc.url, url)
    host = host_of(canonical or url or doc.hostname and f"https://{doc.hostname}/")
    site_name = _own_name(meta.site_name, host) or _own_name(doc.sitename, host)
    title = clean_line(best_title(meta, clean_line(doc.title or ""), site_name))
    body = _drop_boilerplate(plain_text(doc.text), title)
    words = count_words(body)
    if words < MIN_WORDS:
        raise ValueError(f"no article text found in the page (only {words} words)")
    if not title:
        first = re.split(r"(?<=[.!?])\s", body.split("\n\n")[0], maxsplit=1)[0]
        title = first if len(first) <= 200 else first[:199].rsplit(" ", 1)[0] + "…"
    return PageArticle(
        title=title,
        body=body,
        summary=clean_line(doc.description or ""),
        authors=_not_the_site(split_authors("; ".join(meta.authors))
                              or split_authors(doc.author), site_name),
        published_on=published_on,
        date_estimated=estimated,
        language=declared,
        canonical_url=canonical,
        site_name=site_name,
        host=host,
    )


def page_to_parsed(page: PageArticle, *, data: bytes, label: str, source_file: str,
                   source_url: str | None = None, **provenance) -> ParsedArticle:
    return ParsedArticle(
        title=page.title,
        body=page.body,
        summary=page.summary,
        authors=page.authors,
        published_on=page.published_on,
        date_estimated=page.date_estimated,
        language=page.language,
        canonical_url=page.canonical_url,
        label=label,
        payload_hash=payload_hash(data),
        extractor=EXTRACTOR,
        extractor_version=EXTRACTOR_VERSION,
        source_url=source_url or page.canonical_url or "",
        source_file=source_file,
        publication_name=page.site_name,
        publication_host=page.host,
        **provenance,
    )


def read_html(source: Source, *, url: str | None = None
              ) -> Iterator[ParsedArticle | ParseFailure]:
    try:
        data = source.read_bytes()
        page = extract_page(data, url)
    except (OSError, EOFError, ValueError) as exc:
        yield ParseFailure(source.label, str(exc))
        return
    except Exception as exc:  # the extractor's own bugs must not stop an import
        yield ParseFailure(source.label,
                           f"could not extract the page ({type(exc).__name__}: {exc})")
        return
    yield page_to_parsed(page, data=data, label=source.label, source_file=source.provenance,
                         source_url=url)
