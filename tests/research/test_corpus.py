"""The research tools on the real gazetteer, the two seed articles and a small generated
corpus: every page answers, every export is read back by its reader library."""

import io
import json

import bibtexparser
import networkx as nx
import pytest
import rispy

from archive.defaults import load_defaults
from archive.dev.corpus import generate
from archive.models import Article, Party
from archive.search.rebuild import rebuild

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def corpus(index_root):
    load_defaults()
    generate(150, seed=5)
    rebuild()
    return Article.objects.count()


def streamed(response) -> str:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content).decode()


def test_seeds_and_generated_corpus_go_through_every_tool(client, corpus):
    assert Article.objects.filter(is_synthetic=True).count() == 150
    assert corpus == 150 + Article.objects.real().count() > 152  # seeds and the open corpus
    seed = Article.objects.real().first()
    network = client.get("/api/network").json()
    assert network["articles"] == corpus
    kinds = {n["kind"] for n in network["nodes"]}
    assert kinds == {"figure", "party"}
    leanings = dict(Party.objects.values_list("slug", "leaning"))
    assert [n["leaning"] for n in network["nodes"] if n["kind"] == "party"] == [
        leanings[n["slug"]] for n in network["nodes"] if n["kind"] == "party"]
    graph = nx.read_gexf(io.StringIO(streamed(client.get("/network/export.gexf"))))
    assert graph.number_of_nodes() == len(network["nodes"])
    top = network["nodes"][0]
    compare = client.get(f"/api/compare?{top['kind']}={top['slug']}&q=europe").json()
    assert sum(s["total"] for s in compare["series"] if s["kind"] == top["kind"]) == top["count"]
    split = client.get(f"/api/compare?{top['kind']}={top['slug']}&q=europe"
                       "&split=publication").json()  # the 8 publications holding most
    lines = [s for s in split["series"] if s["kind"] == top["kind"]]
    assert 1 < len(lines) <= 8 and sum(s["total"] for s in lines) <= top["count"]
    assert client.get(f"/compare/?{top['kind']}={top['slug']}").status_code == 200
    assert client.get("/network/?from=2017&to=2018&nodes=50").status_code == 200
    records = [json.loads(line) for line in streamed(client.get("/search/export.jsonl"))
               .splitlines()]
    assert len(records) == corpus
    assert len(rispy.loads(streamed(client.get("/search/export.ris")))) == corpus
    library = bibtexparser.parse_string(streamed(client.get("/search/export.bib")))
    assert len(library.entries) == corpus and not library.failed_blocks
    page = client.get(seed.get_absolute_url()).content.decode()
    assert 'name="citation_title"' in page and "application/ld+json" in page
