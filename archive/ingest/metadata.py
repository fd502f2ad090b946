"""What a page says about itself, read before anything is guessed.

News pages describe their article for search engines and social networks: JSON-LD
(`NewsArticle` and kin: headline, datePublished, author, publisher), Open Graph and article:
properties (og:title, og:site_name, article:published_time, article:author), plain meta tags
(author, date, parsely-*, sailthru.*, Dublin Core) and `<time datetime>` elements. These are
written by the site for machines and are more reliable than any heuristic over the visible
text, so `html.extract_page` uses them first and asks trafilatura/htmldate only for what they
leave out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                 "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
                 "blogposting", "socialmediaposting", "liveblogposting", "report",
                 "scholarlyarticle", "techarticle", "webpage"}
DATE_META = ("article:published_time", "article:published", "og:published_time",
             "published_time", "datepublished", "date", "pubdate", "publishdate",
             "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created",
             "dcterms.issued", "sailthru.date", "parsely-pub-date", "article.published",
             "cxenseparse:recs:publishtime", "date.release", "original-publish-date")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "byl",
               "dc.creator", "dcterms.creator", "cxenseparse:author", "citation_author")
SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")


@dataclass
class PageMetadata:
    headline: str | None = None  # JSON-LD
    h1: str | None = None  # the visible headline
    og_title: str | None = None
    date: str | None = None  # the raw value, read by dates.read_date
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    section_labels: set[str] = field(default_factory=set)  # e.g. an "Editorial" byline


def _text(value) -> str | None:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return None


def _ld_objects(tree) -> list[dict]:
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            found.append(node)
            if "@graph" in node:
                walk(node["@graph"])
            main = node.get("mainEntity")
            if isinstance(main, dict | list):
                walk(main)

    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            walk(json.loads(raw))
        except ValueError:
            try:  # a trailing comma or stray control characters, common in templates
                walk(json.loads(re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " "))))
            except ValueError:
                continue
    return found


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _names(value, *, people: bool = False) -> list[str]:
    """Names in a JSON-LD value; with `people`, organisations (a publisher given as the
    author of an editorial) are left out."""
    if isinstance(value, str):
        return [value] if not value.startswith(("http://", "https://")) else []
    if isinstance(value, dict):
        if people and _types(value) & {"organization", "newsmediaorganization"}:
            return []
        name = _text(value.get("name"))
        return [name] if name else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item, people=people)]
    return []


def _metas(tree) -> dict[str, list[str]]:
    metas: dict[str, list[str]] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        value = _text(meta.get("content"))
        if key and value:
            metas.setdefault(key.lower(), []).append(value)
    return metas


def read_metadata(tree) -> PageMetadata:
    """The page's own description of its article (any part may be missing)."""
    meta = PageMetadata()
    objects = _ld_objects(tree)
    articles = [o for o in objects if _types(o) & (ARTICLE_TYPES - {"webpage"})]
    articles += [o for o in objects if "webpage" in _types(o) and o.get("headline")]
    for obj in articles:
        meta.headline = meta.headline or _text(obj.get("headline")) or (
            _text(obj.get("name")) if not obj.get("headline") and _types(obj) & ARTICLE_TYPES
            - {"webpage"} else None)
        meta.date = meta.date or _text(obj.get("datePublished")) or _text(obj.get("dateCreated"))
        if not meta.authors:
            meta.authors = _names(obj.get("author") or obj.get("creator"), people=True)
        if not meta.site_name:
            names = _names(obj.get("publisher"))
            meta.site_name = names[0] if names else None
    for h1 in tree.iterfind(".//h1"):
        text = _text("".join(h1.itertext()))
        if text:
            meta.h1 = text
            break
    metas = _metas(tree)
    meta.og_title = (metas.get("og:title") or metas.get("twitter:title") or [None])[0]
    if not meta.date:
        for key in DATE_META:
            if key in metas:
                meta.date = metas[key][0]
                break
    if not meta.date:
        for time in tree.iterfind(".//time"):
            stamp = _text(time.get("datetime"))
            if stamp and (time.get("itemprop") == "datePublished" or "pub" in (
                    time.get("class") or "").lower() or time.get("pubdate") is not None):
                meta.date = stamp
                break
    if not meta.authors:
        for key in AUTHOR_META:
            values = [v for v in metas.get(key, ()) if not v.startswith(("http", "@"))]
            if values:
                meta.authors = values
                break
    # the site's own name for social cards wins over a JSON-LD publisher (often an agency
    # or a "News Service" desk)
    site = (metas.get("og:site_name") or [None])[0]
    meta.site_name = site or meta.site_name or (metas.get("application-name") or [None])[0]
    meta.section_labels = {a.lower() for a in meta.authors}
    return meta


_SEPARATORS = r"\s+(?:\||-|–|—|::|·|•)\s+"
#: Section names that sites put before or after a headline ("Opinion | ...", "... | Editorial").
SECTION_LABELS = frozenset({
    "opinion", "opinions", "editorial", "editorials", "analysis", "op-ed", "commentary",
    "column", "live", "video", "breaking", "exclusive", "éditorial", "tribune",
    "chronique", "point de vue", "analyse", "entretien", "décryptage", "vidéo", "direct",
})
_LEADING_LABEL = re.compile(r"^\s*([\w' -]{2,20}?)\s*(?:\||:)\s+(?=\S)")


def strip_section_label(title: str) -> str:
    """ "Opinion | Headline" / "BREAKING: Headline" -> "Headline" (only known section names:
    "Jane Doe: why I resigned" keeps its speaker)."""
    match = _LEADING_LABEL.match(title)
    if match and match.group(1).strip().lower() in SECTION_LABELS:
        return title[match.end():].strip()
    return title


def strip_site_suffix(title: str, site_name: str | None,
                      labels: set[str] | frozenset = frozenset()) -> str:
    """ "Headline - Le Monde" -> "Headline": trailing parts that name the site, or a section
    ("| Editorial", "| Opinion", or the page's byline when it is a desk), are removed."""
    parts = re.split(f"({_SEPARATORS})", title)
    if len(parts) < 3:
        return title
    site = (site_name or "").lower()
    pieces = parts[::2]
    while len(pieces) > 1:
        tail = pieces[-1].strip().lower()
        names_site = bool(site) and (tail == site or tail in site or site in tail
                                     or tail.replace(" ", "") in site.replace(" ", ""))
        if names_site or tail in SECTION_LABELS or tail in labels:
            pieces.pop()
            continue
        break
    return " ".join(title.split()) if len(pieces) == len(parts[::2]) else _join(parts, pieces)


def _join(parts: list[str], pieces: list[str]) -> str:
    out = pieces[0]
    for i in range(1, len(pieces)):
        out += parts[2 * i - 1] + pieces[i]
    return out.strip()


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _close(visible: str, stated: str) -> bool:
    """The visible h1 is a wording of the same headline (not a logo or a section name)."""
    a, b = _words(visible), _words(stated)
    return len(a) >= 4 and len(a & b) >= 0.5 * min(len(a), len(b))


def best_title(meta: PageMetadata, extracted: str, site_name: str | None) -> str:
    """The clean headline: JSON-LD headline (unless it is a cut-down og:title), og:title,
    else the extractor's; the page's visible h1 instead when it words the same headline
    differently; a site name or section label around it is removed."""
    candidates = [t for t in (meta.headline, meta.og_title) if t]
    if meta.headline and meta.og_title:
        og = strip_site_suffix(meta.og_title, site_name)
        if len(og) > len(meta.headline) and og.startswith(meta.headline.rstrip("…. ")):
            candidates = [meta.og_title]
    title = candidates[0] if candidates else extracted
    if meta.h1 and title and meta.h1 != title and _close(meta.h1, title):
        title = meta.h1  # the headline readers see, when it is a variant of the stated one
    if not title:
        return title
    title = strip_site_suffix(title, site_name, meta.section_labels)
    return strip_section_label(title)
