"""How to cite an article: plain text, BibTeX and RIS, built from its metadata."""

import json
import re
import unicodedata

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from archive.models import Article

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _names(authors: list) -> list[str]:
    return [a.name for a in authors]


def plain(article: Article, authors: list, archive_url: str) -> str:
    parts = []
    names = _names(authors)
    if names:
        parts.append(", ".join(names) + ".")
    parts.append(f"“{article.title}.”")
    where = article.publication.name if article.publication else ""
    when = ""
    if article.published_on:
        d = article.published_on
        when = date_format(d, "j F Y")
        if article.date_estimated:
            when = _("[%(date)s, estimated]") % {"date": when}
    if where or when:
        parts.append(", ".join(p for p in (where, when) if p) + ".")
    if article.canonical_url:
        parts.append(article.canonical_url + ".")
    parts.append(_("Archived at %(url)s.") % {"url": archive_url})
    return " ".join(parts)


def _bibtex_escape(value: str) -> str:
    value = value.replace("\\", r"\textbackslash{}")
    return re.sub(r"([{}&%$#_])", r"\\\1", value)


def bibtex_key(article: Article, authors: list) -> str:
    first = authors[0].name.split()[-1] if authors else "anon"
    year = article.published_on.year if article.published_on else "nd"
    word = next((w for w in re.findall(r"\w+", article.title) if len(w) > 3), "article")
    raw = f"{first}{year}{word}"
    return re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", raw)) or f"article{article.pk}"


def bibtex(article: Article, authors: list, archive_url: str) -> str:
    fields = [("title", article.title)]
    if authors:
        fields.append(("author", " and ".join(_names(authors))))
    if article.publication:
        fields.append(("journal", article.publication.name))
    if article.published_on:
        fields.append(("year", str(article.published_on.year)))
        if not article.date_estimated:
            fields.append(("date", article.published_on.isoformat()))
    if article.canonical_url:
        fields.append(("url", article.canonical_url))
    fields.append(("language", article.get_language_display()))
    note = _("Archived at %(url)s") % {"url": archive_url}
    if article.date_estimated:
        note += _("; date estimated")
    fields.append(("note", note))
    body = ",\n".join(f"  {k} = {{{_bibtex_escape(str(v))}}}" for k, v in fields)
    kind = "article"
    return f"@{kind}{{{bibtex_key(article, authors)},\n{body}\n}}"


def ris(article: Article, authors: list, archive_url: str) -> str:
    lines = [("TY", "NEWS"), ("TI", article.title)]
    lines += [("AU", name) for name in _names(authors)]
    if article.publication:
        lines.append(("T2", article.publication.name))
    if article.published_on:
        d = article.published_on
        lines.append(("PY", str(d.year)))
        day = "" if article.date_estimated else f"{d.day:02d}"
        lines.append(("DA", f"{d.year}/{d.month:02d}/{day}"))
    if article.canonical_url:
        lines.append(("UR", article.canonical_url))
    lines.append(("LA", article.language))
    lines.append(("N1", _("Archived at %(url)s") % {"url": archive_url}
                        + (_("; date estimated") if article.date_estimated else "")))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}" for tag, value in lines) + "\n"


def all_formats(article: Article, authors: list, archive_url: str) -> dict[str, str]:
    return {
        "plain": plain(article, authors, archive_url),
        "bibtex": bibtex(article, authors, archive_url),
        "ris": ris(article, authors, archive_url),
    }


# -- metadata embedded in the page (reference managers, search engines) ---------------------
def highwire_tags(article: Article, authors: list, archive_url: str,
                  capture=None) -> list[tuple[str, str]]:
    """Highwire Press ``citation_*`` meta tags, as Zotero's Embedded Metadata translator and
    Google Scholar read them (one ``citation_author`` per author, dates as YYYY/MM/DD)."""
    tags = [("citation_title", article.title)]
    tags += [("citation_author", name) for name in _names(authors)]
    if article.published_on:
        d = article.published_on
        tags.append(("citation_publication_date",
                     f"{d.year}/{d.month:02d}" if article.date_estimated
                     else f"{d.year}/{d.month:02d}/{d.day:02d}"))
    if article.publication:
        tags.append(("citation_journal_title", article.publication.name))
        tags.append(("citation_publisher", article.publication.name))
    tags.append(("citation_language", article.language))
    tags.append(("citation_public_url", archive_url))
    if article.canonical_url:
        tags.append(("citation_fulltext_html_url", article.canonical_url))
    if article.summary:
        tags.append(("citation_abstract", article.summary))
    if capture is not None:
        when = capture.retrieved_at or capture.imported_at
        tags.append(("citation_online_date", f"{when:%Y/%m/%d}"))
    return tags


def json_ld(article: Article, authors: list, archive_url: str, captures: list,
            version_url: str | None = None) -> SafeString:
    """schema.org NewsArticle as a ``<script type="application/ld+json">`` data block (not
    executed, so the CSP's script-src does not apply to it); escaped like json_script so
    that no value can close the element."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "name": article.title,
        "url": version_url or archive_url,
        "mainEntityOfPage": archive_url,
        "inLanguage": article.language,
        "wordCount": article.word_count,
        "author": [{"@type": "Person", "name": name} for name in _names(authors)],
        "dateModified": article.updated_at.isoformat(),
    }
    if article.published_on:
        data["datePublished"] = article.published_on.isoformat()
    if article.publication:
        data["publisher"] = {"@type": "Organization", "name": article.publication.name,
                             **({"url": article.publication.homepage}
                                if getattr(article.publication, "homepage", "") else {})}
        data["isPartOf"] = {"@type": "Periodical", "name": article.publication.name}
    if article.canonical_url:
        data["sameAs"] = article.canonical_url
    if article.summary:
        data["description"] = article.summary
    if captures:
        data["isBasedOn"] = [
            {"@type": "WebPage", "url": c.source_url or article.canonical_url or archive_url,
             "dateCreated": (c.retrieved_at or c.imported_at).isoformat(),
             "identifier": f"sha256:{c.payload_hash}"}
            for c in captures
        ]
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def version_citation(article: Article, authors: list, archive_url: str, number: int,
                     captured) -> str:
    """The plain citation of one version: names its capture date."""
    base = plain(article, authors, archive_url)
    day = date_format(captured, "j F Y")
    return base + " " + _("Version %(number)d, captured %(day)s.") % {"number": number,
                                                                     "day": day}
