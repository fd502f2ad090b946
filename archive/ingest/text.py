"""Plain-text dumps: a copied web page or a bare article, one paragraph per line.

The first line is the title. A page dump also carries what surrounded the article: share
links, a standfirst, a byline and date, an image caption, and after the article the author's
bio, "most recent" headings and teasers of other articles (title / blurb / name / date). We
keep the article body, use the byline and date as metadata and drop the rest. The rules look at
the shape of lines, never at a particular site.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from archive.ingest.authors import PARTICLES
from archive.ingest.dates import parse_date_line
from archive.ingest.parsed import ParsedArticle, ParseFailure, payload_hash
from archive.ingest.sanitize import clean_line
from archive.ingest.sources import Source
from archive.ingest.urls import canonical_url, host_of

SOCIAL_WORDS = {
    "facebook", "instagram", "twitter", "youtube", "linkedin", "whatsapp", "telegram", "reddit",
    "pinterest", "tiktok", "mastodon", "bluesky", "threads", "flipboard", "tumblr", "snapchat",
    "messenger", "email", "e-mail", "mail", "share", "partager", "partagez", "print", "imprimer",
    "copy", "link", "copier", "le", "lien", "rss", "tweet", "x", "envoyer", "this", "article",
    "cet", "sur", "on", "via", "par",
}
SOCIAL_NAMES = SOCIAL_WORDS - {"copy", "link", "copier", "le", "lien", "this", "article", "cet",
                               "sur", "x", "on", "via", "par"}
END_HEADINGS = {
    "most recent", "most read", "most popular", "related", "related articles", "related posts",
    "related stories", "related content", "read more", "read also", "read next", "see also",
    "you may also like", "you might also like", "recommended", "recommended for you",
    "more stories", "more from", "latest", "latest news", "latest articles", "popular",
    "trending", "comments", "leave a comment", "leave a reply", "lire aussi", "à lire aussi",
    "a lire aussi", "voir aussi", "sur le même sujet", "sur le meme sujet", "dans la même rubrique",
    "les plus lus", "les plus partagés", "articles récents", "derniers articles", "commentaires",
    "laisser un commentaire", "à lire également", "lire la suite", "newsletter",
}
BIO_VERB = re.compile(
    r"^(?:\S+\s+){1,4}(?:is|was|has|writes|covers|teaches|works|lives|est|était|a été|écrit|"
    r"travaille|vit|enseigne)\b"
)
BYLINE_PREFIX = re.compile(r"^(?:by|par|written by|écrit par)\s+", re.I)
NAV_SEPARATORS = re.compile(r"\s*[|·•»›/>]\s*")
TERMINAL = tuple(".!?…\"”»'’)")
HEADER_WINDOW = 6


@dataclass
class TextArticle:
    title: str
    body: str
    summary: str = ""
    authors: list[str] = field(default_factory=list)
    published_on: dt.date | None = None


def _is_social(line: str) -> bool:
    words = [w for w in re.split(r"[\s|·•,/:]+", line.lower()) if w]
    return bool(words) and all(w in SOCIAL_WORDS for w in words) and any(
        w in SOCIAL_NAMES for w in words
    )


def _name_words_ok(words: list[str]) -> bool:
    if not 1 < len(words) <= 5:
        return False
    for w in words:
        if w.lower() in PARTICLES:
            continue
        if not (w[:1].isupper() and w.replace("-", "").replace("'", "").replace("’", "")
                .replace(".", "").isalpha()):
            return False
    return True


def parse_byline(line: str) -> list[str] | None:
    """The names in a byline ("Nathaniel Flakin", "By A and B", "Par A et B"), else None."""
    text = line.strip()
    if not text or len(text) > 90 or text.endswith(TERMINAL[:3]) or any(c.isdigit() for c in text):
        return None
    text = BYLINE_PREFIX.sub("", text)
    parts = [p for p in re.split(r"\s*(?:,|&|\band\b|\bet\b)\s*", text) if p]
    if not parts or not all(_name_words_ok(p.split()) for p in parts):
        return None
    return parts


def _is_label(line: str, max_words: int = 40) -> bool:
    """A caption, credit, category or heading: no sentence ending."""
    return not line.endswith(TERMINAL) and len(line.split()) <= max_words


def _is_teaser_title(line: str) -> bool:
    return len(line.split()) <= 30 and not line.endswith((".", "!"))


def _paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs: one per line, except blocks that were hard-wrapped."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [clean_line(line) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        lengths = [len(line) for line in lines[:-1]]
        wrapped = (len(lines) > 2 and min(lengths) >= 40 and max(lengths) <= 100
                   and max(lengths) - min(lengths) <= 30)
        if wrapped:
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return out


def _teaser_at(paras: list[str], k: int) -> bool:
    """title / [blurb] / name line / date line starting at k."""
    for size in (4, 3):
        if k + size > len(paras):
            continue
        block = paras[k:k + size]
        if (_is_teaser_title(block[0]) and parse_byline(block[-2])
                and parse_date_line(block[-1])):
            return True
    return False


def _is_bio_start(paras: list[str], j: int, authors: list[str]) -> bool:
    names = parse_byline(paras[j])
    if not names:
        return False
    lowered = {a.lower() for a in authors}
    if any(n.lower() in lowered for n in names):
        return True
    if j + 1 < len(paras):
        following = paras[j + 1]
        first = names[0].split()[0]
        return following.startswith((names[0], first + " ")) and bool(BIO_VERB.match(following))
    return False


def _end_of_body(paras: list[str], start: int, authors: list[str]) -> int:
    for j in range(start + 1, len(paras)):
        line = paras[j]
        if line.lower().strip(" :.-–—") in END_HEADINGS:
            return j
        if _is_bio_start(paras, j, authors) or _teaser_at(paras, j):
            return j
    return len(paras)


def _is_navigation(line: str) -> bool:
    """"Home | World | Politics": several short items separated by bars, bullets or arrows."""
    items = [i for i in NAV_SEPARATORS.split(line) if i]
    return len(items) >= 3 and all(len(i.split()) <= 3 for i in items)


def parse_text_dump(text: str) -> TextArticle:
    """Title, body and what the page said about itself. Raises ValueError when empty."""
    paras = [p for p in _paragraphs(text) if not _is_social(p)]
    while paras and _is_navigation(paras[0]):
        paras.pop(0)
    if not paras:
        raise ValueError("the file has no text")
    title = paras[0]
    summary_parts: list[str] = []
    authors: list[str] = []
    published_on: dt.date | None = None
    start = 1
    meta_at = next(
        (i for i in range(1, min(len(paras), 1 + HEADER_WINDOW))
         if parse_byline(paras[i]) or parse_date_line(paras[i])),
        None,
    )
    if meta_at is not None and meta_at <= 3:
        summary_parts = paras[1:meta_at]
        i = meta_at
        while i < len(paras):
            names = parse_byline(paras[i])
            date = parse_date_line(paras[i])
            if date and published_on is None:
                published_on = date
            elif names and not authors:
                authors = names
            elif not (date or names):
                break
            i += 1
        # a caption or credit between the byline and the first paragraph
        while i < len(paras) - 1 and _is_label(paras[i]):
            i += 1
        explicit = BYLINE_PREFIX.match(paras[meta_at]) is not None
        if published_on or meta_at == 1 or explicit:
            start = i
        else:  # a lone name line after some text: more likely part of the article
            summary_parts, authors = [], []
    end = _end_of_body(paras, start, authors)
    body = paras[start:end]
    while len(body) > 1 and _is_label(body[-1], max_words=8):
        body.pop()
    if not body:
        raise ValueError("no article text after the title")
    return TextArticle(
        title=title,
        body="\n\n".join(body),
        summary=" ".join(summary_parts),
        authors=authors,
        published_on=published_on,
    )


EXTRACTOR = "text-dump"
EXTRACTOR_VERSION = "1"


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else the encoding charset-normalizer finds, else Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best)
    except ImportError:  # pragma: no cover - installed with trafilatura
        pass
    return data.decode("latin-1")


def read_text(source: Source, *, url: str | None = None
              ) -> Iterator[ParsedArticle | ParseFailure]:
    try:
        data = source.read_bytes()
        article = parse_text_dump(decode_text(data))
    except (OSError, EOFError, ValueError) as exc:
        yield ParseFailure(source.label, str(exc))
        return
    canonical = canonical_url(url)
    yield ParsedArticle(
        title=article.title,
        body=article.body,
        summary=article.summary,
        authors=article.authors,
        published_on=article.published_on,
        label=source.label,
        payload_hash=payload_hash(data),
        extractor=EXTRACTOR,
        extractor_version=EXTRACTOR_VERSION,
        canonical_url=canonical,
        source_url=canonical or "",
        source_file=source.provenance,
        publication_host=host_of(canonical),
    )
