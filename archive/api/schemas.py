"""Shapes of the API's answers (they make the OpenAPI schema)."""

import datetime as dt

from ninja import Schema
from pydantic import Field


class Error(Schema):
    detail: str
    errors: list[str] = []


class Ref(Schema):
    slug: str
    name: str
    url: str


class CountedRef(Ref):
    count: int


class ArticleSummary(Schema):
    id: int
    title: str
    url: str
    canonical_url: str | None
    publication: Ref | None
    authors: list[Ref]
    published_on: dt.date | None
    date_estimated: bool
    language: str
    synthetic: bool
    licence: str | None = None
    origin: str | None = None


class SearchHit(ArticleSummary):
    score: float | None
    snippet: str


class Facet(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    count: int
    page: int
    num_pages: int
    next: str | None
    previous: str | None
    results: list[SearchHit]
    facets: dict[str, list[Facet]]
    suggestion: str | None
    entity: Ref | None
    messages: list[str]


class FigureRef(Ref):
    party_then: Ref | None
    count: int


class CaptureOut(Schema):
    source_url: str
    retrieved_at: dt.datetime | None
    imported_at: dt.datetime
    extractor: str
    content_hash: str


class ArticleOut(ArticleSummary):
    body: str
    summary: str
    word_count: int
    content_hash: str
    figures: list[FigureRef]
    parties: list[CountedRef]
    captures: list[CaptureOut]
    similar: list[ArticleSummary]


class MonthCount(Schema):
    month: str  # YYYY-MM
    count: int


class MembershipOut(Schema):
    party: Ref
    start: dt.date | None
    end: dt.date | None


class CandidacyOut(Schema):
    election: str
    election_url: str
    election_date: dt.date
    constituency: str
    party: Ref | None
    label: str
    result: str


class CandidateOut(Schema):
    figure: Ref
    party: Ref | None
    label: str
    constituency: str
    first_round_share: float | None
    result: str
    elected: bool
    articles_around: int
    search: str


class ElectionSummaryOut(Schema):
    slug: str
    name: str
    url: str
    kind: str
    scope: str
    first_round: dt.date
    second_round: dt.date | None
    candidacies: int
    elected: list[Ref]


class ElectionOut(ElectionSummaryOut):
    articles_from: dt.date
    articles_to: dt.date
    candidates: list[CandidateOut]
    latest: list[ArticleSummary]


class OfficeOut(Schema):
    title: str
    start: dt.date | None
    end: dt.date | None


class FigureOut(Ref):
    memberships: list[MembershipOut]
    candidacies: list[CandidacyOut]
    offices: list[OfficeOut]
    article_count: int
    mentions_per_month: list[MonthCount]
    co_mentioned: list[CountedRef]
    latest: list[ArticleSummary]
    feed: str


class LineageOut(Ref):
    founded: dt.date | None
    succession_date: dt.date | None
    succession_kind: str


class PartyOut(Ref):
    short_name: str
    kind: str
    lineage: list[LineageOut]
    article_count: int
    mentions_per_month: list[MonthCount]
    members_mentioned: list[CountedRef]
    latest: list[ArticleSummary]
    feed: str


DATE_HELP = "A year, YYYY-MM or ISO date, from 1000-01-01 to 2999-12-31"


class SearchQuery(Schema):
    """The search parameters, as on the search page. Declared for the schema only: values are
    read by archive.search.params, which explains malformed ones instead of failing."""

    q: str = Field("", description='Words, "phrases", -excluded, OR, and the prefixes '
                                   "figure:, party:, author:, title:")
    figure: list[str] | None = Field(None, description="Figure slug; repeat for AND")
    party: list[str] | None = Field(None, description="Party slug; repeat for AND")
    author: list[str] | None = Field(None, description="Author slug; repeat for AND")
    publication: list[str] | None = Field(None, description="Publication slug; repeat for AND")
    lang: str | None = Field(None, description="Language code: fr or en")
    date_from: str | None = Field(None, alias="from", description=DATE_HELP)
    date_to: str | None = Field(None, alias="to", description=DATE_HELP)
    sort: str | None = Field(None, description="relevance (default with q), newest, oldest")
    lineage: str | None = Field(None, description="0 limits a party filter to its own name")
    page: str | None = Field(None, description="Page number, from 1 (at most 500)")
    per_page: str | None = Field(None, description="Results per page, 1 to 100 (default 20)")
