"""Stored bodies are plain text: paragraphs separated by one blank line, no markup.

Whatever reaches the archive from a page or a JSON record goes through `plain_text` (or
`html_fragment_to_text` first when it is markup), so scripts, event handlers, javascript:
URLs, iframes, forms and styles never reach stored text. Templates escape it on output.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
              "blockquote", "tr", "section", "article", "pre", "figcaption", "dd", "dt"}
DROP_WITH_CONTENT = {"script", "style", "iframe", "form", "noscript", "template", "object",
                     "embed", "svg", "math", "select", "textarea", "button", "head", "title",
                     "frameset", "frame", "applet", "canvas", "audio", "video", "input"}
_TAG = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|</?[a-zA-Z][^<>]*>", re.S)
_MARKUP_HINT = re.compile(r"</?(?:p|div|br|span|a|b|i|em|strong|script|style|iframe|img|form|h[1-6]"
                          r"|ul|ol|li|table|blockquote|section|article)\b[^>]*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def looks_like_markup(text: str) -> bool:
    return bool(_MARKUP_HINT.search(text))


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a JSON record's `html`/`body`), one paragraph per block."""
    cleaned = nh3.clean(
        fragment,
        tags=BLOCK_TAGS,
        attributes={},
        clean_content_tags=DROP_WITH_CONTENT,
        strip_comments=True,
        link_rel=None,
    )
    cleaned = re.sub(r"</?(?:{})\b[^>]*>".format("|".join(BLOCK_TAGS)), "\n", cleaned, flags=re.I)
    return plain_text(html.unescape(_TAG.sub("", cleaned)))


def clean_line(text: str) -> str:
    """One line of text: no control characters, no markup, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    text = _TAG.sub("", text)
    return _SPACES.sub(" ", text).strip()


def plain_text(text: str) -> str:
    """Paragraphs (one per non-empty line) separated by one blank line."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if "<" in text:
        text = _TAG.sub("", text)
    text = _SPACES.sub(" ", _CONTROL.sub("", text))
    paragraphs = (line.strip() for line in text.split("\n"))
    return "\n\n".join(p for p in paragraphs if p)


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p]


def cut(text: str, size: int) -> str:
    """At most `size` characters: a longer text ends with "…" (what fits a CharField)."""
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
