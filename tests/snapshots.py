"""What an archive looks like from outside, to compare before and after an operation (a
backup and restore, a crash and rerun): the results of a fixed set of searches; and the bad
day that changes them (deletions, edits, reindexing) after a backup."""

from archive.models import Article
from archive.search.params import parse_search_params
from archive.search.selector import search_articles
from archive.search.writer import IndexWriter

SEARCHES = ["", "q=retraites", "q=gouvernement+assemblee&sort=oldest",
            "figure=emmanuel-macron", "party=rassemblement-national",
            "party=rassemblement-national&lineage=0", "from=2019&to=2020-06",
            "lang=en&sort=newest&page=3", "q=%22la+reforme%22"]


def search_results() -> list:
    found = []
    for query in SEARCHES:
        params, _ = parse_search_params(dict(p.split("=", 1) for p in query.split("&") if p))
        result = search_articles(params)
        facets = {k: [(v.value, v.count) for v in values] for k, values in result.facets.items()}
        found.append((query, result.total, [hit.article.pk for hit in result.hits],
                      [hit.article.title for hit in result.hits], facets))
    return found


def bad_day() -> None:
    """Deletions and mistaken edits, followed by the index as the running writer would."""
    pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    Article.objects.filter(pk__in=pks[::40]).delete()
    for article in Article.objects.filter(pk__in=pks[1:400:7]):
        article.title = "Overwritten by mistake"
        article.save()
    IndexWriter().drain()
