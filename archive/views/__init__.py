"""Thin views: parse input, call one selector or QuerySet, render."""

from archive.views.compare import compare, compare_csv
from archive.views.discovery import healthz, opensearch_xml, robots_txt
from archive.views.elections import election_detail, election_list
from archive.views.export import search_bib, search_csv, search_jsonl, search_ris
from archive.views.network import network, network_edges_csv, network_gexf
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
from archive.views.versions import article_version

__all__ = [
    "about",
    "article_detail",
    "article_version",
    "author_detail",
    "compare",
    "compare_csv",
    "election_detail",
    "election_list",
    "figure_detail",
    "figure_list",
    "healthz",
    "home",
    "network",
    "network_edges_csv",
    "network_gexf",
    "opensearch_xml",
    "party_detail",
    "party_list",
    "publication_detail",
    "robots_txt",
    "search",
    "search_bib",
    "search_csv",
    "search_jsonl",
    "search_help",
    "search_ris",
]
