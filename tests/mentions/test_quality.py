"""Precision and recall of detection on hand-annotated texts (tests/data/mentions/*.json).

Each annotation lists the figures a reader finds named in the text and the parties named in
it, taken as of the text's date along renamings ("National Front" in 2021 is the RN), which
is the convention detection follows. Parties reached only through a figure are not "named":
where an annotation lists them under "derived" they are checked separately, exactly.
Micro precision and recall count (text, figure-or-party) pairs.
"""

import datetime as dt

import pytest

from archive.mentions.detect import detect
from archive.mentions.service import detection_text, loaded_gazetteer
from tests.mentions.texts import aeb_text, annotations, seed_article

MIN_PRECISION = 0.95
MIN_RECALL = 0.90


def text_of(item: dict, seeds_dir, shared_testdata) -> str:
    if "seed" in item:
        return detection_text(*seed_article(seeds_dir / item["seed"]))
    if "aeb" in item:
        return aeb_text(shared_testdata, item["aeb"])
    return item["text"]


@pytest.fixture
def detections(gazetteer, seeds_dir, shared_testdata):
    snapshot = loaded_gazetteer().gazetteer
    return [
        (item, detect(text_of(item, seeds_dir, shared_testdata), snapshot,
                      dt.date.fromisoformat(item["date"])))
        for item in annotations()
    ]


def test_annotations_are_enough_and_well_formed(gazetteer):
    items = annotations()
    snapshot = loaded_gazetteer().gazetteer
    assert len(items) >= 40
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        assert {"seed", "aeb", "text"} & set(item), item["id"]
        assert set(item["figures"]) <= set(snapshot.figures), item["id"]
        assert set(item["parties"]) | set(item.get("derived", [])) <= set(snapshot.parties)


def test_precision_and_recall_meet_the_bar(detections):
    true_positives = false_positives = false_negatives = 0
    errors = []
    for item, found in detections:
        expected = {("figure", s) for s in item["figures"]} | {("party", s)
                                                                for s in item["parties"]}
        got = {("figure", s) for s in found.figures} | {("party", s) for s in found.parties}
        true_positives += len(expected & got)
        false_positives += len(got - expected)
        false_negatives += len(expected - got)
        if expected != got:
            errors.append(f"  {item['id']}: extra {sorted(got - expected)}, "
                          f"missing {sorted(expected - got)}")
    precision = true_positives / ((true_positives + false_positives) or 1)
    recall = true_positives / ((true_positives + false_negatives) or 1)
    print(f"\nMention detection on {len(detections)} annotated texts: "
          f"precision {precision:.3f}, recall {recall:.3f} "
          f"(TP {true_positives}, FP {false_positives}, FN {false_negatives})")
    print("\n".join(errors))
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL


def test_parties_through_figures_match_annotations(detections):
    wrong = {
        item["id"]: sorted(found.derived)
        for item, found in detections
        if "derived" in item and set(found.derived) != set(item["derived"])
    }
    assert wrong == {}
