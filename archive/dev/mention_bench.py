"""Measures mention detection on synthetic articles: the pure detection, then detection plus
the Mention writes, in a transaction that is rolled back (nothing is left behind).

    python manage.py shell -c \
        "from archive.dev.mention_bench import measure_detection as m; print(m(10_000))"
"""

import datetime as dt
import random
import time

from django.db import transaction

from archive.mentions.detect import detect
from archive.mentions.service import detect_mentions, detection_text, loaded_gazetteer
from archive.models import Article
from archive.models.articles import content_hash

_FILLER_TEXT = """
le la les un une des du de et à en pour par sur dans avec sans sous contre entre vers chez
gouvernement réforme retraites assemblée sénat vote loi budget ministre président campagne
élection électeurs sondage débat majorité opposition gauche droite centre syndicats grève
manifestation police justice économie chômage salaires inflation énergie écologie climat
europe france paris région département commune maire députés sénateurs parti mouvement
alliance coalition programme promesse discours meeting interview télévision radio presse
journal article semaine mois année hier aujourd'hui demain depuis pendant après avant
selon toujours encore déjà jamais très plus moins beaucoup peu trop aussi mais donc car
the of and to in for on with by from as that this which who said would could government
reform pension assembly vote law budget minister president campaign election voters poll
"""
FILLER = _FILLER_TEXT.split()


def synthetic_texts(n: int, words: int = 800, seed: int = 1) -> list[tuple[str, str]]:
    """(title, body) pairs: filler words with a gazetteer name in one sentence out of four
    (about fifteen names in 800 words, which is more than most real articles hold)."""
    rng = random.Random(seed)
    gazetteer = loaded_gazetteer().gazetteer
    names = [f.name for f in gazetteer.figures.values()]
    names += [a for f in gazetteer.figures.values() for a in f.aliases]
    names += [p.name for p in gazetteer.parties.values()]
    names += [p.short_name for p in gazetteer.parties.values() if p.short_name]
    names = names or ["Nobody"]
    texts = []
    for _ in range(n):
        tokens = []
        while len(tokens) < words:
            sentence = rng.choices(FILLER, k=rng.randint(8, 20))
            sentence[0] = sentence[0].capitalize()
            if rng.random() < 0.25:
                sentence.insert(rng.randrange(len(sentence)), rng.choice(names))
            tokens.extend(sentence)
            tokens[-1] += "."
        texts.append((" ".join(rng.choices(FILLER, k=6)).capitalize(), " ".join(tokens[:words])))
    return texts


def measure_detection(n: int = 10_000, words: int = 800, seed: int = 1) -> dict:
    """Seconds for `n` articles of `words` words: pure detection, and detection + writes."""
    loaded = loaded_gazetteer()
    texts = synthetic_texts(n, words, seed)
    dates = [dt.date(2017, 1, 1) + dt.timedelta(days=i % 2000) for i in range(n)]

    started = time.perf_counter()
    for (title, body), date in zip(texts, dates, strict=True):
        detect(detection_text(title, body), loaded.gazetteer, date)
    pure = time.perf_counter() - started

    with transaction.atomic():
        articles = Article.objects.bulk_create(
            [
                Article(title=title, slug=f"bench-{i}", body=body, published_on=date,
                        is_synthetic=True, word_count=len(body.split()),
                        content_hash=content_hash(title, body))
                for i, ((title, body), date) in enumerate(zip(texts, dates, strict=True))
            ],
            batch_size=1000,
        )
        ids = [a.pk for a in articles] or list(
            Article.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
        started = time.perf_counter()
        report = detect_mentions(ids)
        with_writes = time.perf_counter() - started
        transaction.set_rollback(True)
    return {
        "articles": n,
        "words_per_article": words,
        "figures": len(loaded.gazetteer.figures),
        "parties": len(loaded.gazetteer.parties),
        "detect_seconds": round(pure, 2),
        "detect_and_write_seconds": round(with_writes, 2),
        "articles_per_second": round(n / with_writes, 1) if with_writes else None,
        "mentions_written": report.created,
    }
