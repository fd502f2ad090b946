"""Model objects and selector results to the API's dicts (absolute URLs for links)."""

from django.http import HttpRequest

from archive.models import Article


def ref(request: HttpRequest, obj) -> dict | None:
    if obj is None:
        return None
    return {"slug": obj.slug, "name": obj.name,
            "url": request.build_absolute_uri(obj.get_absolute_url())}


def counted(request: HttpRequest, ranked) -> dict:
    return {"slug": ranked.slug, "name": ranked.name,
            "url": request.build_absolute_uri(ranked.url), "count": ranked.count}


def article_summary(request: HttpRequest, article: Article, authors=None) -> dict:
    if authors is None:
        authors = article.authors.all()
    rights = article.rights
    return {
        "id": article.pk,
        "title": article.title,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "canonical_url": article.canonical_url,
        "publication": ref(request, article.publication),
        "authors": [ref(request, a) for a in authors],
        "published_on": article.published_on,
        "date_estimated": article.date_estimated,
        "language": article.language,
        "synthetic": article.is_synthetic,
        "licence": rights.licence if rights else None,
        "origin": (rights.origin or None) if rights else None,
    }


def months(month_counts) -> list[dict]:
    return [{"month": m.month.strftime("%Y-%m"), "count": m.count} for m in month_counts]
