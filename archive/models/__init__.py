"""The archive's data model: sources (publications, authors, articles, captures), the
gazetteer (parties, figures, elections) and the mentions that join them."""

from archive.models.articles import Article, ArticleAuthor, ArticleQuerySet, Capture
from archive.models.capture import ArticleChange, CapturedURL, CaptureJob
from archive.models.indexing import IndexTask
from archive.models.mentions import Mention
from archive.models.politics import (
    AllianceMembership,
    Candidacy,
    Election,
    Figure,
    Membership,
    Office,
    Party,
    lineage_map,
    lineage_members,
)
from archive.models.sources import Author, Publication
from archive.models.tallies import TalliedArticle, Tally

__all__ = [
    "AllianceMembership",
    "Article",
    "ArticleChange",
    "ArticleAuthor",
    "ArticleQuerySet",
    "Author",
    "Candidacy",
    "Capture",
    "CaptureJob",
    "CapturedURL",
    "Election",
    "Figure",
    "IndexTask",
    "Membership",
    "Mention",
    "Office",
    "Party",
    "Publication",
    "TalliedArticle",
    "Tally",
    "lineage_map",
    "lineage_members",
]
