"""Run inside one configuration's settings (a child process, its environment set by the
benchmark): ``prepare`` migrates, loads the gazetteer and generates the corpus up to N
articles; ``inputs`` prints the mix's URLs, drawn from the corpus (real slugs, ids, words),
as JSON. ``python -m archive.dev.http.site prepare|inputs --articles N``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from urllib.parse import urlencode

#: The mix, in the order of the tables. "trivial" (robots.txt: no database, no search) is the
#: ceiling of the server itself.
KINDS = ("home", "search 2 words", "search + 2 filters", "browse, facets", "article",
         "figure page", "party page", "election page", "search feed", "CSV 1,000 rows",
         "API search", "trivial")
TRIVIAL = "/robots.txt"
CSV_ROWS = 1000


def prepare(articles: int, seed: int) -> dict:
    from django.core.management import call_command

    from archive.dev.corpus import generate
    from archive.gazetteer.load import load_gazetteer
    from archive.models import Article, Figure

    call_command("migrate", "--noinput", verbosity=0)
    if not Figure.objects.exists():
        load_gazetteer()
    report = generate(articles, seed)
    return {"articles": Article.objects.count(), "created": report.created}


def _q(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}"


def _csv_range(count: int) -> tuple[str, str]:
    """A date range holding about CSV_ROWS articles (in the middle of the corpus)."""
    from archive.models import Article

    dated = Article.objects.exclude(published_on=None).order_by("published_on", "pk")
    total = dated.count()
    start = max((total - CSV_ROWS) // 2, 0)
    days = list(dated.values_list("published_on", flat=True)[start:start + CSV_ROWS])
    return days[0].isoformat(), days[-1].isoformat()


def inputs(n: int = 20) -> dict[str, list[str]]:
    from archive.dev.query_mix import choose_inputs
    from archive.models import Article, Election, Figure, Party

    chosen = choose_inputs(n)
    figures = list(Figure.objects.filter(mentions__isnull=False).distinct()
                   .order_by("pk").values_list("slug", flat=True)[:n])
    parties = list(Party.objects.filter(mentions__isnull=False).distinct()
                   .order_by("pk").values_list("slug", flat=True)[:n])
    total = Article.objects.count()
    step = max(total // n, 1)
    ids = list(Article.objects.order_by("pk").values_list("pk", "slug"))[::step][:n]
    elections = list(Election.objects.order_by("pk").values_list("slug", flat=True)[:n])
    lo, hi = _csv_range(total)
    words = [pair.split()[0] for pair in chosen.pairs]
    return {
        "home": ["/"],
        "search 2 words": [_q("/search/", q=pair) for pair in chosen.pairs],
        "search + 2 filters": [
            _q("/search/", q=f["q"], figure=f["figures"][0], lang=f["lang"])
            for f in chosen.filtered if f["figures"]],
        "browse, facets": ["/search/", _q("/search/", sort="oldest"), _q("/search/", page=2)],
        "article": [f"/articles/{pk}/{slug}/" for pk, slug in ids],
        "figure page": [f"/figures/{slug}/" for slug in figures],
        "party page": [f"/parties/{slug}/" for slug in parties],
        "election page": [f"/elections/{slug}/" for slug in elections],
        "search feed": [_q("/search/feed/", q=word) for word in words],
        "CSV 1,000 rows": [_q("/search/export.csv", **{"from": lo, "to": hi})],
        "API search": [_q("/api/search", q=pair) for pair in reversed(chosen.pairs)],
        "trivial": [TRIVIAL],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=("prepare", "inputs"))
    parser.add_argument("--articles", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    result = prepare(args.articles, args.seed) if args.action == "prepare" else inputs()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
