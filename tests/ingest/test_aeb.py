"""Quality on real pages: the AEB politics subset (../shared/testdata/aeb).

Score: for each page, bag-of-words F1 between the stored body and the ground-truth
articleBody (words = \\w+ runs, lower-cased; precision = overlap / our tokens, recall =
overlap / truth tokens, counting repeats), then the mean over pages.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from archive.ingest.pipeline import ingest as import_paths
from archive.models import Article, Capture

pytestmark = pytest.mark.shared
TARGET_F1 = 0.90


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def token_f1(found: str, truth: str) -> float:
    ours, theirs = tokens(found), tokens(truth)
    overlap = sum((ours & theirs).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(ours.values())
    recall = overlap / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture
def aeb(shared_testdata):
    folder = shared_testdata / "aeb"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return folder / "html", truth


@pytest.fixture
def imported(aeb, db):
    html_dir, _ = aeb
    report = import_paths([str(html_dir)])
    assert not report.failed, report.failed
    return report


def test_each_page_becomes_one_article(aeb, imported):
    html_dir, truth = aeb
    assert len(imported.created) == len(truth) == 30
    assert Article.objects.count() == 30
    assert Capture.objects.count() == 30


def test_mean_body_f1_against_ground_truth(aeb, imported):
    html_dir, truth = aeb
    scores = {}
    for capture in Capture.objects.select_related("article"):
        page_hash = Path(capture.source_file).name.split(".")[0]
        scores[page_hash] = token_f1(capture.article.body, truth[page_hash]["articleBody"])
    assert len(scores) == 30
    mean = sum(scores.values()) / len(scores)
    worst = sorted(scores.items(), key=lambda kv: kv[1])[:3]
    print(f"\nAEB mean token F1 = {mean:.4f} over {len(scores)} pages; lowest: "
          + ", ".join(f"{h[:12]} {s:.3f}" for h, s in worst))
    assert mean >= TARGET_F1


def test_page_metadata_is_read(imported):
    article = Article.objects.get(
        canonical_url="https://www.nytimes.com/2019/11/18/business/trump-trade-war-china.html")
    assert [a.name for a in article.ordered_authors()] == ["Ana Swanson"]
    assert str(article.published_on) == "2019-11-18" and not article.date_estimated
    assert article.language == "en"
    assert article.publication.homepage == "https://nytimes.com/"


def test_page_without_canonical_link_gets_an_identity_from_its_payload(imported):
    article = Article.objects.get(canonical_url__isnull=True)
    assert article.title.startswith("Amnesty. More than 100 protesters killed in Iran")


def test_second_import_changes_nothing(aeb, imported):
    html_dir, _ = aeb
    bodies = dict(Article.objects.values_list("id", "body"))
    again = import_paths([str(html_dir)])
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 30)
    assert Capture.objects.count() == 30
    assert dict(Article.objects.values_list("id", "body")) == bodies
