"""Finds English interface text left on a page served in French.

The visible text and the readable attributes (title, aria-label, placeholder, alt, the meta
description) are collected, except inside elements marked with another language (an English
article's title, body and snippet carry lang="en") and inside <pre>, <kbd> and <code> (citation
formats, query syntax). Names and titles that come from the data are removed before looking;
what remains may not contain English words that French never uses."""

import re
from html.parser import HTMLParser

#: English words that are not French words (so "date", "article", "note", "source", "table" or
#: "on" are not here).
ENGLISH = frozenset(re.findall(r"\w+", """
the and of with for by from this these that those is are was were has have had per month
months year years show hide previous next home search searches newest oldest latest
mentioned none yet about how what who when where which your you our any more not only
name names words results filters party parties found remove apply order feed back nothing
here there it its to at all see read browse language author authors today estimated
undated copy skip chart hover than also other others first last between after before
share winner won lost round rounds elections election constituency
constituencies people license held none
"""))

ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
SKIPPED = {"pre", "kbd", "code", "script", "style", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Texts(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # True where text is skipped
        self.texts: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skip = (self._skipping() or tag in SKIPPED
                or (lang is not None and tag != "html"
                    and not lang.lower().startswith(self.language)))
        if not skip:
            self.texts.extend(v for k, v in attrs.items() if k in ATTRIBUTES and v)
            if tag == "meta" and attrs.get("name") == "description":
                self.texts.append(attrs.get("content") or "")
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self.texts.append(attrs.get("value") or "")
        if tag not in VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.texts.append(data)


#: What is not interface prose: addresses, quoted values (a query, a parameter value), the
#: query language's prefixes (figure:, party:) and licence names (CC BY 2.5).
LITERALS = re.compile(r"https?://\S+|«[^»]*»|“[^”]*”|\b[a-z]+:(?:name\b)?(?=[\s,…)]|$)"
                      r"|\bCC BY\b")


def visible_texts(html: str, language: str = "fr") -> list[str]:
    parser = _Texts(language)
    parser.feed(html)
    return parser.texts


def english_leftovers(html: str, data_names: list[str]) -> list[str]:
    """The text fragments (with their English words) that look like untranslated interface."""
    names = sorted((n for n in data_names if n), key=len, reverse=True)
    found = []
    for text in visible_texts(html):
        for name in names:
            text = text.replace(name, " ")
        text = LITERALS.sub(" ", text)
        words = {w.lower() for w in re.findall(r"\w+", text)}
        english = sorted(words & ENGLISH)
        if english:
            found.append(f"{' '.join(text.split())[:120]!r}: {', '.join(english)}")
    return found
