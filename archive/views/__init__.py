"""Thin views: parse input, call one selector or QuerySet, render."""

from archive.views.pages import (
    article_detail,
    author_detail,
    figure_detail,
    home,
    party_detail,
    publication_detail,
)

__all__ = [
    "article_detail",
    "author_detail",
    "figure_detail",
    "home",
    "party_detail",
    "publication_detail",
]
