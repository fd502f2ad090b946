"""Articles that changed after publication: the newest changes first."""

from __future__ import annotations

from django.db.models import QuerySet

from archive.models import Article, ArticleChange

PER_PAGE = 50


def recent_changes() -> QuerySet[ArticleChange]:
    return (ArticleChange.objects.filter(article__status=Article.Status.PUBLISHED)
            .select_related("article", "article__publication", "capture")
            .order_by("-detected_at", "-id"))
