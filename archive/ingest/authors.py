"""Author names as pages give them, cleaned where the extractor is wrong on our material.

trafilatura returns bylines such as "LISA MASCARO; ERIC TUCKER Associated Press",
"Analysis by Chris Cillizza; CNN Editor-at-large", "Phil Helsel is a reporter" or
"The Russian; Syrian defense ministries". We keep the people's names, in title case when they
were shouted, and drop job titles, agencies glued to a name and phrases that are not names.
"""

from __future__ import annotations

import re

from django.utils.text import slugify

PARTICLES = {"de", "du", "des", "la", "le", "van", "von", "der", "den", "da", "di", "dos",
             "d'", "bin", "al", "el", "y", "ben", "ter", "zu", "del", "af"}
JOB_WORDS = re.compile(
    r"\b(writer|editor|editors|correspondent|reporter|columnist|contributor|staff|"
    r"producer|journalist|rédaction|redaction|envoyé|envoyée|spécial|special|chief|"
    r"analyst|desk|team|newsroom|bureau|services?|ministries|ministry|éditorial|édito|"
    r"editor-at-large|opinion|editorial|admin|administrator|anonymous|guest)\b",
    re.I,
)
AGENCY_SUFFIX = re.compile(
    r"\s*[,|/-]?\s*\b(?:the\s+)?(associated press|reuters|afp|ap|pti|ians|bloomberg|"
    r"agence france-presse|for the associated press)$",
    re.I,
)
LEAD = re.compile(r"^(?:(?:analysis|opinion|interview|story|text|words|photos?|reporting)\s+)?"
                  r"(?:by|par)\s+", re.I)
SPLIT = re.compile(r"\s*(?:;|\||&|\band\b|\bet\b|,)\s*", re.I)
MAX_AUTHORS = 12
QUOTES = "\"'“”„‟«»‘’‚‛`"
#: Words that never stand in a person's name as bylines give it: function words (a title-cased
#: phrase such as "Only In America" is a column, not a person), weekdays and the words of
#: date and credit lines ("Author Of", "Posted Monday", "Updated").
NOT_NAME_WORDS = frozenset({
    "in", "of", "on", "at", "for", "to", "with", "from", "into", "about", "over", "under",
    "after", "before", "only", "our", "your", "my", "their", "its", "this", "that", "these",
    "those", "all", "more", "most", "news", "view", "views", "posts", "follow", "contact",
    "share", "email", "read", "watch", "listen", "click", "here", "home", "page", "pages",
    "archive", "archives", "subscribe", "newsletter", "author", "authors", "by", "par",
    "pour", "sur", "dans", "avec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "today", "yesterday", "updated", "posted", "published", "modified", "am", "pm",
    "et", "gmt", "utc",
})


def _name_word_ok(word: str) -> bool:
    if word.lower() in PARTICLES or word.lower().startswith(("d'", "d’")):
        return True
    return word[:1].isupper() or (word[:1] in "'’" and word[1:2].isupper())


def clean_author(raw: str) -> str | None:
    """One person's name, or None when `raw` is not a name."""
    name = " ".join(raw.replace("\u00a0", " ").split()).strip(" .,;:-–—|" + QUOTES)
    name = LEAD.sub("", name).strip(QUOTES + " ")
    name = re.sub(r"\s+(?:is|est)\s+(?:a|an|the|un|une|le|la|our|notre)\b.*$", "", name, flags=re.I)
    name = AGENCY_SUFFIX.sub("", name).strip(" .,;:-–—|")
    if not name or any(ch.isdigit() for ch in name) or "@" in name or "http" in name.lower():
        return None
    if re.search(r"\b(is|est|was|has|a|an|the|le|la|les)\b", name, re.I) and \
            not all(_name_word_ok(w) for w in name.split()):
        return None
    words = name.split()
    if not 1 <= len(words) <= 5 or len(name) > 80:
        return None
    if words[0].lower() in {"the", "a", "an", "le", "la", "les"}:
        return None
    if JOB_WORDS.search(name):
        return None
    if any(w.lower().strip(".,") in NOT_NAME_WORDS and w.lower() not in PARTICLES
           for w in words):
        return None
    if not all(_name_word_ok(w) for w in words):
        return None
    if name.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() if w.lower() not in PARTICLES else w.lower()
                        for w in name.lower().split())
        name = re.sub(r"\b(Mc|Mac|O')([a-z])", lambda m: m.group(1) + m.group(2).upper(), name)
        name = re.sub(r"-([a-z])", lambda m: "-" + m.group(1).upper(), name)
    if not slugify(name):
        return None
    return name


def _unquote_list(raw: str) -> str:
    """'"Jane Doe"', '["Jane Doe", "John Roe"]' (a list serialised into a string) and
    '\'Jane Doe\', \'John Roe\'' become plain "Jane Doe; John Roe"."""
    text = raw.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    quoted = re.findall(r'"([^"]+)"|“([^”]+)”|«\s*([^»]+?)\s*»|\'([^\']+)\'(?=\s*(?:,|;|$))', text)
    if quoted:
        names = ["".join(groups) for groups in quoted]
        rest = re.sub(r'"[^"]+"|“[^”]+”|«[^»]+»|\'[^\']+\'', "", text).strip(" ,;&")
        if not rest or re.fullmatch(r"(?:\s*(?:,|;|&|and|et)\s*)*", rest):
            return "; ".join(names)
    return text


def split_authors(raw: str | list | None) -> list[str]:
    """Names in order, without duplicates (by slug); accepts "A; B", "A and B" or a list."""
    if not raw:
        return []
    parts: list[str] = []
    if isinstance(raw, str):
        parts = SPLIT.split(_unquote_list(raw))
    else:
        for item in raw:
            if isinstance(item, dict):
                item = item.get("name") or ""
            if isinstance(item, str):
                item = _unquote_list(item)
                parts.extend(SPLIT.split(item) if ";" in item or "|" in item else [item])
    names: list[str] = []
    seen: set[str] = set()
    for part in parts:
        name = clean_author(part)
        if name and slugify(name) not in seen:
            seen.add(slugify(name))
            names.append(name)
    return names[:MAX_AUTHORS]
