"""The benchmark's query mix: inputs chosen from the corpus, the operations through our
selector, the same on raw Whoosh (or stock PostgreSQL ``ts_rank``) as anchors, and the pages."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archive.dev.bench_report import PageTiming
from archive.dev.bench_timing import percentile, timed

FACET_FIELDS = ("figure", "party", "author", "publication", "language", "year")




@dataclass
class Inputs:
    pairs: list[str]
    phrases: list[str]
    filtered: list[dict]
    mlt_articles: list
    misspelled: list[str]
    figure_slug: str | None
    party_slug: str | None


def choose_inputs(n: int = 30) -> Inputs:
    from django.db.models import Count

    from archive.dev.corpus import EN_WORDS, FR_WORDS
    from archive.models import Article, Figure, Party

    words = [w for w in FR_WORDS if len(w) > 4][:60]
    pairs = [f"{words[i]} {words[(i * 7 + 3) % len(words)]}" for i in range(n)]
    top_figures = list(
        Figure.objects.annotate(n=Count("mentions")).order_by("-n", "pk")[:10]
    )
    top_parties = list(
        Party.objects.annotate(n=Count("mentions")).order_by("-n", "pk")[:10]
    )
    phrases = [f'"{f.name}"' for f in top_figures] or ['"assemblée nationale"']
    filtered = []
    for i in range(n):
        filtered.append({
            "q": words[i % len(words)],
            "figures": (top_figures[i % len(top_figures)].slug,) if top_figures else (),
            "lang": "fr" if i % 2 == 0 else "en",
        })
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True)[:5000])
    step = max(len(ids) // n, 1)
    mlt = list(Article.objects.filter(pk__in=ids[::step][:n]).order_by("pk"))
    misspelled = [(w[:3] + w[4:]) if len(w) > 5 else w + "e"
                  for w in (FR_WORDS[5:20] + EN_WORDS[5:20])]
    return Inputs(pairs, phrases, filtered, mlt, misspelled,
                  top_figures[0].slug if top_figures else None,
                  top_parties[0].slug if top_parties else None)


def selector_ops(inputs: Inputs) -> dict[str, tuple[Callable, list]] | None:
    try:
        params_mod = importlib.import_module("archive.search.params")
        selector = importlib.import_module("archive.search.selector")
    except ImportError:
        return None
    SearchParams = params_mod.SearchParams

    def search(**kw):
        result = selector.search_articles(SearchParams(**kw))
        for hit in result.hits:  # make sure the page is really built (lazy parts included)
            hit.article.title  # noqa: B018
            hit.snippet  # noqa: B018
        return result

    return {
        "2-word query": (lambda q: search(q=q), inputs.pairs),
        "phrase": (lambda q: search(q=q), inputs.phrases),
        "query + 2 filters + facets": (lambda kw: search(**kw), inputs.filtered),
        "browse, all facets": (lambda page: search(q="", page=page), [1, 2, 3, 1, 5]),
        "more like this": (lambda a: selector.similar_articles(a, limit=5), inputs.mlt_articles),
        "suggestion": (lambda q: search(q=q), inputs.misspelled),
    }


def raw_ops(inputs: Inputs, index_dir: Path) -> tuple[dict, Callable[[], None]]:
    from whoosh import sorting
    from whoosh.index import open_dir
    from whoosh.qparser import MultifieldParser
    from whoosh.query import And, Every, Term

    ix = open_dir(str(index_dir))
    searcher = ix.searcher()
    # The same full-text fields our backend searches (whatever the schema of the day holds).
    names = ix.schema.names()
    fields = [f for f in ("text", "text_fr", "text_en") if f in names] or ["title"]
    parser = MultifieldParser(fields, schema=ix.schema)
    facets = sorting.Facets()
    for name in FACET_FIELDS:
        if name in ix.schema.names():
            facets.add_field(name, allow_overlap=name in {"figure", "party", "author"})

    def first_page(results):
        return [hit.get("django_id") for hit in results[:20]]

    def two_words(q):
        return first_page(searcher.search(parser.parse(q), limit=20))

    def filtered(kw):
        flt = And([Term("figure", s) for s in kw["figures"]] + [Term("language", kw["lang"])])
        return first_page(searcher.search(parser.parse(kw["q"]), filter=flt, limit=20,
                                          groupedby=facets))

    def browse(page):
        return searcher.search_page(Every(), page, pagelen=20, sortedby="published",
                                    reverse=True, groupedby=facets)

    ids = {a.pk: a for a in inputs.mlt_articles}

    def mlt(article):
        docnum = searcher.document_number(id=f"archive.article.{article.pk}")
        if docnum is None:
            return []
        field = f"text_{article.language}" if f"text_{article.language}" in names else fields[0]
        return first_page(searcher.more_like(docnum, field, text=ids[article.pk].body, top=5))

    corrector = searcher.corrector(fields[0])

    def suggest(word):
        return corrector.suggest(word, limit=1)

    ops = {
        "2-word query": (two_words, inputs.pairs),
        "phrase": (two_words, inputs.phrases),
        "query + 2 filters + facets": (filtered, inputs.filtered),
        "browse, all facets": (browse, [1, 2, 3, 1, 5]),
        "more like this": (mlt, inputs.mlt_articles),
        "suggestion": (suggest, inputs.misspelled),
    }
    return ops, searcher.close


def anchor_ops(engine: str, inputs: Inputs, index_dir: Path | None) -> tuple[dict, Callable]:
    """The anchor next to our figures: raw Whoosh for the Whoosh engine; for PostgreSQL,
    stock ``ts_rank`` when archive/dev/postgres_bench.py provides ``raw_ops(inputs)``."""
    if engine == "whoosh":
        return raw_ops(inputs, index_dir)
    try:
        module = importlib.import_module(f"archive.dev.{engine}_bench")
    except ImportError:
        return {}, lambda: None
    return module.raw_ops(inputs)


def page_urls(inputs: Inputs) -> list[tuple[str, str]]:
    pages = []
    if inputs.figure_slug:
        pages.append(("figure page", f"/figures/{inputs.figure_slug}/"))
    if inputs.party_slug:
        pages.append(("party page", f"/parties/{inputs.party_slug}/"))
    pages.append(("Atom feed (search)", "/search/feed/?q=" + inputs.pairs[0].replace(" ", "+")))
    pages.append(("API search", "/api/search?q=" + inputs.pairs[1].replace(" ", "+")))
    pages.append(("search page", "/search/?q=" + inputs.pairs[2].replace(" ", "+")))
    return pages


def time_pages(inputs: Inputs, warmup: int, repeat: int) -> list[PageTiming]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    out = []
    for name, url in page_urls(inputs):
        timing = PageTiming(name=name, url=url)
        try:
            response = client.get(url)
        except Exception as exc:  # a page that crashes is reported, not fatal to the run
            timing.note = f"error: {exc!r}"[:200]
            out.append(timing)
            continue
        timing.status = response.status_code
        if response.status_code == 404:
            timing.note = "URL not available (404): skipped"
            out.append(timing)
            continue
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timing.queries = len(ctx.captured_queries)
        _, samples = timed(lambda u: client.get(u), [url], warmup, max(repeat // 2, 5))
        timing.p50_ms = round(percentile(samples, 0.5), 1)
        timing.p95_ms = round(percentile(samples, 0.95), 1)
        if response.status_code != 200:
            timing.note = f"HTTP {response.status_code}"
        out.append(timing)
    return out
