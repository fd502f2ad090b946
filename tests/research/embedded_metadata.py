"""Reads citation metadata from a page the way Zotero's Embedded Metadata translator does:
only <meta> elements in <head>, name (or property) and content attributes; the Highwire
Press mappings it uses (citation_title -> title, citation_publication_date or citation_date
-> date, citation_journal_title -> publicationTitle and the journalArticle type, ...); each
citation_author one creator (a value may hold several separated by ';'); and the
schema.org JSON-LD data blocks the same page carries."""

import json
from html.parser import HTMLParser

HIGHWIRE_MAPPINGS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_publisher": "publisher",
    "citation_abstract": "abstractNote",
    "citation_public_url": "url",
    "citation_language": "language",
}


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self._in_head = False
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif tag == "meta" and self._in_head:
            name = attrs.get("name") or attrs.get("property")
            if name and attrs.get("content"):
                self.meta.append((name, attrs["content"]))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def zotero_item(html: str) -> dict:
    head = _Head()
    head.feed(html)
    item: dict = {"itemType": None, "creators": []}
    for name, content in head.meta:
        if name in HIGHWIRE_MAPPINGS and content.strip():
            item[HIGHWIRE_MAPPINGS[name]] = " ".join(content.split())
        if name == "citation_journal_title":
            item["itemType"] = "journalArticle"
        elif name == "citation_title":
            item["itemType"] = item["itemType"] or "journalArticle"
        if name in ("citation_author", "citation_authors"):
            item["creators"] += [a.strip() for a in content.split(";") if a.strip()]
        if name == "citation_online_date":
            item.setdefault("onlineDate", content)
    item["jsonLd"] = [json.loads(block) for block in head.json_ld]
    return item
