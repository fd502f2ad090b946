"""Snippets of a PostgreSQL search's page: cut by the project's highlighter
(archive/search/highlight.py) from the database text, the marks being the query's words as
each language's analysis stems them."""

from __future__ import annotations

from archive.search.analysis import stemming_analyzer, words
from archive.search.highlight import snippet
from archive.search.postgres.query import LANGUAGES, QueryPlan

_TOKENIZERS: dict = {}


def highlight(results: list, plan: QueryPlan, options: dict) -> None:
    """result.highlighted (and result._object, the page's rows as pages list them); a name
    given in ``highlight(names=[...])`` or a quoted phrase is one mark."""
    from archive.models import Article

    found: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for leaf in plan.positive_text():
        leaf_words = tuple(words(leaf.text))
        found.update(leaf_words)
        if leaf.text_kind == "phrase" and len(leaf_words) > 1:
            phrases.append(leaf_words)
    for name in options.get("names", ()):
        name_words = tuple(words(name))
        found.update(name_words)
        if len(name_words) > 1:
            phrases.append(name_words)
    marks = {lang: {t for w in found if (t := term(w, lang)) is not None}
             for lang in LANGUAGES}
    by_pk = Article.objects.published().for_listing().in_bulk([r.article_id for r in results])
    for result in results:
        article = by_pk.get(result.article_id)
        if article is None:
            result.highlighted = {"text": [""]}
            continue
        result._object = article
        wanted = marks.get(article.language, marks["fr"])
        source = article.body if wanted else (article.summary or article.body)
        result.highlighted = {"text": [snippet(source, wanted, article.language,
                                               phrases=phrases)]}


def term(word: str, lang: str) -> str | None:
    """The word as the index of ``lang`` stems it (None: a stop word)."""
    analyzer = _TOKENIZERS.get(lang)
    if analyzer is None:
        analyzer = _TOKENIZERS[lang] = stemming_analyzer(lang)
    return analyzer.term(word)
