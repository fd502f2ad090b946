"""The article page: metadata, paragraphs, mentions as of the article's date, versions."""

import difflib
import logging
import re
from dataclasses import dataclass, field

from archive.models import Article, ArticleAuthor, Capture, Figure, Membership, Mention, Party
from archive.search.selector import SearchUnavailable, similar_articles

logger = logging.getLogger(__name__)

#: Longest diff shown on a page (lines); longer ones are cut with a note.
MAX_DIFF_LINES = 400


@dataclass(frozen=True)
class FigureMention:
    figure: Figure
    party_then: Party | None
    count: int


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "skip"
    text: str


@dataclass(frozen=True)
class Version:
    """One distinct text of the article and how it differs from the version before it."""

    number: int
    captures: list[Capture]
    title_before: str | None
    title: str
    diff: list[DiffLine] = field(default_factory=list)
    truncated: bool = False


@dataclass(frozen=True)
class ArticlePage:
    article: Article
    authors: list
    paragraphs: list[str]
    figures: list[FigureMention]
    parties: list[Mention]
    captures: list[Capture]
    versions: list[Version]
    similar: list[Article]


def paragraphs(body: str) -> list[str]:
    """Plain-text body to paragraphs: blank lines separate them; a body without blank lines
    is split on its line breaks."""
    text = body.replace("\r\n", "\n").strip()
    if not text:
        return []
    blocks = re.split(r"\n\s*\n", text)
    if len(blocks) == 1:
        blocks = text.split("\n")
    return [" ".join(b.split()) for b in blocks if b.strip()]


def article_page(article: Article) -> ArticlePage:
    authors = [
        link.author
        for link in ArticleAuthor.objects.filter(article=article)
        .select_related("author")
        .order_by("position", "id")
    ]
    mentions = list(
        Mention.objects.active().filter(article=article).select_related("figure", "party")
        .order_by("-count", "id")
    )
    figure_mentions = [m for m in mentions if m.figure_id]
    party_then = _parties_on(article, [m.figure for m in figure_mentions])
    captures = list(Capture.objects.filter(article=article).order_by("imported_at", "id"))
    return ArticlePage(
        article=article,
        authors=authors,
        paragraphs=paragraphs(article.body),
        figures=[
            FigureMention(m.figure, party_then.get(m.figure_id), m.count) for m in figure_mentions
        ],
        parties=[m for m in mentions if m.party_id],
        captures=captures,
        versions=versions(captures),
        similar=_similar(article),
    )


def _parties_on(article: Article, figures: list[Figure]) -> dict[int, Party]:
    """Each figure's party on the article's date, in one query."""
    if not figures or article.published_on is None:
        return {}
    found: dict[int, Party] = {}
    rows = (
        Membership.objects.filter(Membership.covering(article.published_on),
                                  figure__in=figures)
        .select_related("party")
        .order_by("figure_id", "-start")
    )
    for membership in rows:
        found.setdefault(membership.figure_id, membership.party)
    return found


def versions(captures: list[Capture]) -> list[Version]:
    """Group captures by text (content hash), oldest first, each with its diff to the one
    before."""
    groups: list[list[Capture]] = []
    for capture in captures:
        if groups and groups[-1][0].content_hash == capture.content_hash:
            groups[-1].append(capture)
        elif any(g[0].content_hash == capture.content_hash for g in groups):
            next(g for g in groups if g[0].content_hash == capture.content_hash).append(capture)
        else:
            groups.append([capture])
    result = []
    previous: Capture | None = None
    for number, group in enumerate(groups, start=1):
        first = group[0]
        diff, truncated = ([], False) if previous is None else diff_lines(previous.body,
                                                                         first.body)
        result.append(Version(
            number=number, captures=group,
            title_before=previous.title if previous and previous.title != first.title else None,
            title=first.title, diff=diff, truncated=truncated,
        ))
        previous = first
    return result


def diff_lines(before: str, after: str, context: int = 1) -> tuple[list[DiffLine], bool]:
    """A paragraph-level diff with a little context; long unchanged runs become 'skip'."""
    a, b = paragraphs(before), paragraphs(after)
    lines: list[DiffLine] = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine("skip", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine("same", t) for t in a[i1:i2])
                continue
            lines.extend(DiffLine("removed", t) for t in a[i1:i2])
            lines.extend(DiffLine("added", t) for t in b[j1:j2])
    if len(lines) > MAX_DIFF_LINES:
        return lines[:MAX_DIFF_LINES], True
    return lines, False


def _similar(article: Article) -> list[Article]:
    """Similar articles come from the search index; a missing or broken index must not take
    the article page down, so failures are logged and the list is left empty."""
    try:
        return list(similar_articles(article, limit=5))
    except SearchUnavailable as exc:
        logger.warning("No similar articles for article %s: %s", article.pk, exc.reason)
        return []
    except Exception:
        logger.exception("similar_articles failed for article %s", article.pk)
        return []
