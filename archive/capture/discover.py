"""Article URLs from RSS/Atom feeds (feedparser) and sitemaps (sitemap indexes followed,
`lastmod` respected), filtered and normalised with courlan (tracking parameters and
fragments dropped, images, PDFs and other non-page files left out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import courlan
import feedparser
from courlan.filters import extension_filter
from lxml import etree

MAX_SITEMAP_DEPTH = 3
MAX_URLS = 50_000


@dataclass(frozen=True)
class Found:
    url: str
    lastmod: dt.datetime | None = None


def page_url(url: str) -> str | None:
    """The normalised URL of something that may be an article page, or None."""
    url = (url or "").strip()
    if not url.startswith(("http://", "https://")):
        return None
    try:
        normalised = courlan.normalize_url(url, strict=True)
    except (ValueError, AttributeError):
        return None
    return normalised if extension_filter(normalised) else None


def feed_urls(body: bytes) -> list[str] | None:
    """The entries' links of a feed, or None when the document is not a feed."""
    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        return None
    if not parsed.version and not parsed.entries:
        return None
    urls = []
    for entry in parsed.entries[:MAX_URLS]:
        url = page_url(entry.get("link", ""))
        if url and url not in urls:
            urls.append(url)
    return urls


def _parse_lastmod(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    text = text.strip()
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass
class Sitemap:
    pages: list[Found]
    sitemaps: list[Found]


def parse_sitemap(body: bytes) -> Sitemap | None:
    """A sitemap's page URLs, or a sitemap index's sitemaps; None when not a sitemap. The
    parser loads no external entity and no DTD (no XXE, no billion laughs)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body.strip(), parser=parser)
    except etree.XMLSyntaxError:
        return None
    tag = etree.QName(root).localname
    if tag not in ("urlset", "sitemapindex"):
        return None
    found = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = lastmod = None
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = _parse_lastmod(child.text)
        if loc:
            found.append(Found(loc, lastmod))
        if len(found) >= MAX_URLS:
            break
    if tag == "sitemapindex":
        return Sitemap(pages=[], sitemaps=found)
    pages = [Found(url, f.lastmod) for f in found if (url := page_url(f.url))]
    return Sitemap(pages=pages, sitemaps=[])
