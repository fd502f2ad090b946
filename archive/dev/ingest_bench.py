"""Import speed: a JSON-lines file of n synthetic articles (about 800 words each) imported
through the real service. Search indexing is only enqueued, as in any import."""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import time
from pathlib import Path

from archive.ingest.pipeline import ingest

_VOCABULARY = (
    "le la les des gouvernement assemblée nationale élection présidentielle ministre réforme "
    "retraites syndicats grève manifestation député sénat parti majorité opposition campagne "
    "sondage électeurs travailleurs salaires inflation budget loi vote premier tour second "
    "candidat programme gauche droite écologie république démocratie politique social "
    "économie europe france paris régions police justice école santé hôpital logement "
    "the government national assembly election president minister reform pension unions "
    "strike protest party majority opposition campaign poll voters workers wages"
)
WORDS = _VOCABULARY.split()


def write_corpus(path: Path, n: int, *, seed: int = 1, words_per_article: int = 800) -> Path:
    rng = random.Random(seed)
    run = secrets.token_hex(4)
    authors = [f"{first} {last}"
               for first in ("Claire", "Jean", "Sophie", "Marc", "Léa", "Paul", "Inès", "Hugo")
               for last in ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit")]
    publications = ["Bench Quotidien", "Bench Hebdo", "Bench Revue"]
    start = dt.date(2017, 1, 1)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            paragraphs = []
            remaining = words_per_article
            while remaining > 0:
                size = min(remaining, rng.randint(60, 140))
                paragraphs.append(" ".join(rng.choices(WORDS, k=size)).capitalize() + ".")
                remaining -= size
            record = {
                "url": f"https://bench.invalid/{run}/articles/{i}",
                "title": " ".join(rng.choices(WORDS, k=8)).capitalize(),
                "authors": rng.sample(authors, rng.randint(1, 2)),
                "date": (start + dt.timedelta(days=rng.randrange(2000))).isoformat(),
                "publication": rng.choice(publications),
                "language": "fr",
                "body": "\n\n".join(paragraphs),
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def measure_import_rate(n: int, tmpdir, *, batch_size: int = 200) -> dict:
    """Generate n articles as JSON lines, import them, and return the rate and the counts."""
    path = write_corpus(Path(tmpdir) / f"bench-{n}.jsonl", n)
    started = time.perf_counter()
    report = ingest([str(path)], format="jsonl", batch_size=batch_size, synthetic=True,
                    detect=False)
    seconds = time.perf_counter() - started
    imported = len(report.created) + len(report.updated)
    return {
        "articles": n,
        "seconds": round(seconds, 3),
        "articles_per_second": round(imported / seconds, 1) if seconds else None,
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "failed": len(report.failed),
        "file_bytes": path.stat().st_size,
    }
