"""Shapes of the research endpoints (lists, compare, network) for the OpenAPI schema."""

from ninja import Schema
from pydantic import Field

from archive.api.schemas import ArticleSummary, Ref


class Page(Schema):
    count: int
    page: int
    num_pages: int
    next: str | None
    previous: str | None


class ArticlePage(Page):
    results: list[ArticleSummary]


class FigureListItem(Ref):
    article_count: int


class FigurePage(Page):
    results: list[FigureListItem]


class PartyListItem(Ref):
    short_name: str
    article_count: int  # the whole lineage, as on party pages


class PartyPage(Page):
    results: list[PartyListItem]


class PageQuery(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1")
    per_page: int = Field(50, ge=1, le=200, description="Items per page, 1 to 200")


class ComparePoint(Schema):
    month: str  # YYYY-MM
    count: int
    total: int
    share: float
    search: str


class CompareSeries(Schema):
    label: str
    kind: str
    value: str
    publication: str | None
    total: int
    points: list[ComparePoint]


class CompareOut(Schema):
    scale: str
    split: bool
    months: list[str]
    series: list[CompareSeries]


class CompareQuery(Schema):
    """Declared for the schema; values are read by archive.selectors.compare."""

    figure: list[str] | None = Field(None, description="A figure series (slug); repeatable")
    party: list[str] | None = Field(None, description="A party series with its lineage (slug)")
    q: list[str] | None = Field(None, description="A search series (words); repeatable")
    publication: list[str] | None = Field(None, description="Only these publications (slug)")
    lang: str | None = Field(None, description="Only articles in fr or en")
    date_from: str | None = Field(None, alias="from", description="A year, YYYY-MM or ISO date")
    date_to: str | None = Field(None, alias="to", description="A year, YYYY-MM or ISO date")
    scale: str | None = Field(None, description="share (default) or count")
    split: str | None = Field(None, description="publication: one series per publication")


class NetworkNode(Schema):
    key: str
    kind: str
    slug: str
    label: str
    count: int
    url: str
    leaning: str
    party: str
    x: float
    y: float


class NetworkEdge(Schema):
    source: str
    target: str
    weight: int
    search: str


class NetworkOut(Schema):
    articles: int
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class NetworkQuery(Schema):
    """The selection takes the search parameters; values are read by
    archive.selectors.network."""

    q: str = Field("", description="Words, as on the search page")
    figure: list[str] | None = Field(None, description="Figure slug; repeat for AND")
    party: list[str] | None = Field(None, description="Party slug (with its lineage)")
    publication: list[str] | None = Field(None, description="Publication slug")
    author: list[str] | None = Field(None, description="Author slug")
    lang: str | None = Field(None, description="fr or en")
    date_from: str | None = Field(None, alias="from", description="A year, YYYY-MM or ISO date")
    date_to: str | None = Field(None, alias="to", description="A year, YYYY-MM or ISO date")
    nodes: str | None = Field(None, description="Figures and parties drawn, 2 to 80 (30)")
    min_weight: str | None = Field(None, description="Fewest shared articles for an edge")
