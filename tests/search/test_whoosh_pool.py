"""TermPoolWriter (archive/search/whoosh_pool.py) writes the segment Whoosh's own
SegmentWriter writes, byte for byte: from documents, past the pool's memory limit (runs
spilled to disk), and when merging segments."""

import random
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from archive.search.codec import SplitBlockCodec
from archive.search.whoosh_pool import TermPool, TermPoolWriter
from archive.search.whoosh_schema import article_schema
from archive.search.whoosh_writing import WRITER_OPTIONS

WORDS = [
    "retraites",
    "réforme",
    "assemblée",
    "gouvernement",
    "élection",
    "présidentielle",
    "insoumise",
    "ministre",
    "budget",
    "chômage",
    "écologie",
    "sénat",
    "vote",
    "campagne",
    "sondage",
    "débat",
]


def documents(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    docs = []
    for n in range(1, count + 1):
        # Common words in long posting lists (several blocks), rare ones inlined.
        body = " ".join(
            rng.choice(WORDS) if rng.random() < 0.8 else f"mot{rng.randint(1, 400)}"
            for _ in range(rng.randint(5, 120))
        )
        docs.append(
            {
                "id": f"archive.article.{n}",
                "django_ct": "archive.article",
                "django_id": str(n),
                "article_id": n,
                "text_fr": body,
                "title": f"Titre {n} {rng.choice(WORDS)}",
                "language": "fr",
                "figure": ",".join(rng.sample(["macron", "melenchon", "le-pen"], 2)),
            }
        )
    return docs


def build(
    directory: Path,
    writer_class,
    batches: list[list[dict]],
    *,
    pool_limit: int | None = None,
    optimize: bool = False,
) -> dict[str, bytes]:
    """Each batch committed as a segment (the last with ``optimize``: every segment merged
    through the writer's pool); the postings and terms files of the newest segment."""
    directory.mkdir()
    index = FileStorage(str(directory)).create_index(article_schema())
    for n, batch in enumerate(batches):
        writer = writer_class(index, codec=SplitBlockCodec(), **WRITER_OPTIONS)
        if pool_limit is not None:
            writer.pool.limit = pool_limit
        for doc in batch:
            writer.add_document(**doc)
        writer.commit(optimize=optimize and n == len(batches) - 1)
    newest = index.refresh()._read_toc().segments[-1].segment_id()
    return {
        path.suffix: path.read_bytes()
        for path in directory.iterdir()
        if path.name.startswith(newest) and path.suffix in (".pst", ".trm")
    }


def test_the_segment_of_a_batch_of_documents_is_whooshs_own(tmp_path):
    docs = [documents(400)]
    ours = build(tmp_path / "ours", TermPoolWriter, docs)
    assert set(ours) == {".pst", ".trm"}
    assert ours == build(tmp_path / "whoosh", SegmentWriter, docs)


def test_a_pool_past_its_memory_limit_spills_runs_and_writes_the_same_segment(
    tmp_path, monkeypatch
):
    docs = [documents(300)]
    spilled = []
    real_save = TermPool.save

    def save(pool):
        spilled.append(len(pool.terms))
        real_save(pool)

    monkeypatch.setattr(TermPool, "save", save)
    ours = build(tmp_path / "ours", TermPoolWriter, docs, pool_limit=50_000)
    assert len(spilled) > 3  # several runs went to disk
    assert ours == build(tmp_path / "whoosh", SegmentWriter, docs, pool_limit=50_000)


def test_segments_merged_through_the_pool_are_written_as_whoosh_writes_them(tmp_path):
    docs = documents(360)
    batches = [docs[:120], docs[120:240], docs[240:]]
    ours = build(tmp_path / "ours", TermPoolWriter, batches, optimize=True)
    assert ours == build(tmp_path / "whoosh", SegmentWriter, batches, optimize=True)
