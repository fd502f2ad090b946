"""Thin views: parse input, call one selector or QuerySet, render."""

from archive.views.discovery import healthz, opensearch_xml, robots_txt
from archive.views.elections import election_detail, election_list
from archive.views.export import search_csv
from archive.views.pages import (
    about,
    article_detail,
    author_detail,
    figure_detail,
    figure_list,
    home,
    party_detail,
    party_list,
    publication_detail,
    search_help,
)
from archive.views.search import search

__all__ = [
    "about",
    "article_detail",
    "author_detail",
    "election_detail",
    "election_list",
    "figure_detail",
    "figure_list",
    "healthz",
    "home",
    "opensearch_xml",
    "party_detail",
    "party_list",
    "publication_detail",
    "robots_txt",
    "search",
    "search_csv",
    "search_help",
]
