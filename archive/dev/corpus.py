"""A reproducible synthetic corpus for benchmarks, built from the gazetteer.

Article ``i`` of seed ``S`` is drawn from its own random generator (seeded by S and i), so the
same seed always gives the same articles, and a corpus of 20,000 is the first 20,000 articles of
the corpus of 100,000 (``generate(N)`` on a database holding fewer articles of that seed only
adds the missing ones). Text mixes a fixed political vocabulary (French or English) with a long
Zipf-distributed tail of pseudo-words, so term statistics look like real text: a few very common
words, many rare ones. Sentences name figures and parties, and Mention rows are written directly
(figure, named party, and the figure's party on the article's date), so searches and facets have
something to find. Rows go in with bulk_create: no signals, no history, no index tasks; the
benchmark (or rebuild_index) indexes them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from archive import tallies
from archive.models import (
    Article,
    ArticleAuthor,
    Author,
    Figure,
    Membership,
    Mention,
    Party,
    Publication,
)
from archive.models.articles import content_hash
from archive.planner_stats import analyze

URL_PREFIX = "https://synthetic.invalid/corpus/"
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
CHUNK = 1000


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FR_WORDS = _words("""
gouvernement assemblée sénat élection présidentielle législatives municipales européennes
réforme retraites budget impôt dette croissance chômage emploi salaire pouvoir achat inflation
sécurité police justice immigration frontières europe république démocratie citoyens électeurs
campagne sondage débat programme candidat candidate ministre premier président députés maire
région département commune écologie climat énergie nucléaire transition agriculture paysans
santé hôpital école éducation université jeunesse logement transport réseau ferroviaire grève
syndicats manifestation mobilisation opposition majorité coalition alliance rassemblement union
gauche droite centre extrême populisme laïcité religion identité nation souveraineté défense
armée diplomatie guerre paix ukraine russie allemagne afrique sahel commerce industrie entreprise
banlieue ruralité territoire décentralisation vote scrutin proportionnelle référendum abstention
motion censure loi projet amendement article constitution conseil constitutionnel tribunal
procès enquête affaire scandale corruption transparence médias journal télévision réseaux
discours meeting militants adhérents primaire investiture circonscription second tour résultat
victoire défaite score voix pourcentage électorat jeunes ouvriers cadres retraités femmes
""")
EN_WORDS = _words("""
government assembly senate election presidential legislative municipal european reform
pensions budget tax debt growth unemployment jobs wages purchasing power inflation security
police justice immigration borders europe republic democracy citizens voters campaign poll
debate programme candidate minister prime president deputies mayor region department town
ecology climate energy nuclear transition agriculture farmers health hospital school education
university youth housing transport railway strike unions protest mobilisation opposition
majority coalition alliance rally union left right centre far populism secularism religion
identity nation sovereignty defence army diplomacy war peace ukraine russia germany africa
sahel trade industry business suburbs rural territory decentralisation vote ballot
proportional referendum abstention motion censure law bill amendment constitution council
court trial inquiry affair scandal corruption transparency media newspaper television networks
speech rally activists members primary nomination constituency runoff result victory defeat
score votes percentage electorate young workers managers pensioners women
""")
FR_GLUE = _words("le la les un une des du de et à en dans pour sur avec par qui que ne pas plus "
                 "est sont a ont")
EN_GLUE = _words("the a an of and to in for on with by that which is are was were has have not "
                 "more")

FIGURE_TEMPLATES = {
    "fr": [
        "{figure} a déclaré que {w1} et {w2} restaient au cœur du débat.",
        "Selon {figure}, la question de {w1} doit être tranchée avant {w2}.",
        "Interrogé sur {w1}, {figure} a refusé de commenter {w2}.",
        "Lors d'un meeting, {figure} a attaqué la politique de {w1}.",
        "{figure} a rencontré les représentants de {w1} pour parler de {w2}.",
    ],
    "en": [
        "{figure} said that {w1} and {w2} remained at the heart of the debate.",
        "According to {figure}, the question of {w1} must be settled before {w2}.",
        "Asked about {w1}, {figure} declined to comment on {w2}.",
        "At a rally, {figure} attacked the policy on {w1}.",
        "{figure} met representatives of {w1} to discuss {w2}.",
    ],
}
PARTY_TEMPLATES = {
    "fr": [
        "Du côté de {party}, on estime que {w1} n'est pas une priorité.",
        "{party} a présenté son programme sur {w1} et {w2}.",
        "Les militants de {party} ont manifesté contre {w1}.",
    ],
    "en": [
        "At {party}, officials argue that {w1} is not a priority.",
        "{party} presented its programme on {w1} and {w2}.",
        "{party} activists protested against {w1}.",
    ],
}
TITLE_TEMPLATES = {
    "fr": ["{figure} et la question de {w1}", "{w1} : {figure} s'explique",
           "Ce que propose {figure} sur {w1}", "{w1}, {w2} : le pari de {figure}"],
    "en": ["{figure} and the question of {w1}", "{w1}: {figure} explains",
           "What {figure} proposes on {w1}", "{w1} and {w2}: {figure}'s gamble"],
}
PUBLICATIONS = [
    ("synthetic-le-quotidien", "Le Quotidien (synthétique)", "fr"),
    ("synthetic-la-depeche-civique", "La Dépêche civique (synthétique)", "fr"),
    ("synthetic-hebdo-politique", "L'Hebdo politique (synthétique)", "fr"),
    ("synthetic-paris-observer", "The Paris Observer (synthetic)", "en"),
    ("synthetic-european-review", "European Politics Review (synthetic)", "en"),
]
GIVEN = _words("Camille Julien Claire Hugo Léa Thomas Sarah Nicolas Inès Antoine Emma Louis Chloé")
FAMILY = _words("Martin Bernard Dubois Durand Lefebvre Moreau Laurent Simon Michel Garcia Roux")


@dataclass
class Gazetteer:
    figures: list[Figure]
    figure_weights: list[float]
    parties: list[Party]
    memberships: dict[int, list[tuple[dt.date | None, dt.date | None, int]]]
    publications: list[Publication]
    authors: list[Author]
    cumulative: list[float] = field(default_factory=list)

    def party_on(self, figure_id: int, day: dt.date) -> int | None:
        for start, end, party_id in self.memberships.get(figure_id, ()):
            if (start is None or start <= day) and (end is None or day < end):
                return party_id
        return None


@dataclass
class CorpusReport:
    seed: int
    requested: int
    existing: int
    created: int
    mentions: int

    def __str__(self) -> str:
        return (f"seed {self.seed}: {self.existing} synthetic articles already there, "
                f"{self.created} created ({self.mentions} mentions); corpus now "
                f"{self.existing + self.created}")


def seed_prefix(seed: int) -> str:
    return f"{URL_PREFIX}s{seed}/"


def _pseudo_words(rng: random.Random, count: int) -> list[str]:
    syllables = ["ba", "ro", "mi", "tal", "ven", "cor", "lu", "sé", "dra", "pon", "qui", "ter",
                 "ga", "nol", "fé", "ris", "mo", "char", "vi", "lan", "do", "bré", "su", "tan"]
    words, seen = [], set()
    while len(words) < count:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class TextModel:
    """Word sampler for one language: common vocabulary + glue words + a Zipf tail."""

    def __init__(self, seed: int, language: str) -> None:
        rng = random.Random(f"vocabulary:{seed}:{language}")
        self.topic = FR_WORDS if language == "fr" else EN_WORDS
        self.glue = FR_GLUE if language == "fr" else EN_GLUE
        self.tail = _pseudo_words(rng, 30_000)
        weights = [1.0 / (rank + 1) ** 1.07 for rank in range(len(self.tail))]
        self.tail_cum = list(itertools.accumulate(weights))
        self.language = language

    def sentence(self, rng: random.Random) -> str:
        n = rng.randint(9, 22)
        words = []
        for _ in range(n):
            r = rng.random()
            if r < 0.40:
                words.append(rng.choice(self.glue))
            elif r < 0.75:
                words.append(rng.choice(self.topic))
            else:
                x = rng.random() * self.tail_cum[-1]
                words.append(self.tail[bisect.bisect_left(self.tail_cum, x)])
        return " ".join(words).capitalize() + "."


def load_gazetteer_rows(seed: int) -> Gazetteer:
    figures = list(Figure.objects.order_by("pk"))
    parties = list(Party.objects.filter(kind=Party.Kind.PARTY).order_by("pk")) or list(
        Party.objects.order_by("pk")
    )
    if not figures:
        raise ValueError("The gazetteer is empty: load it first (python manage.py "
                         "import_gazetteer, or make setup).")
    memberships: dict[int, list] = {}
    for figure_id, start, end, party_id in Membership.objects.order_by(
        "figure_id", "-start"
    ).values_list("figure_id", "start", "end", "party_id"):
        memberships.setdefault(figure_id, []).append((start, end, party_id))
    rng = random.Random(f"popularity:{seed}")
    ranks = list(range(len(figures)))
    rng.shuffle(ranks)
    weights = [1.0 / (rank + 1) ** 0.9 for rank in ranks]
    publications = [
        Publication.objects.get_or_create(
            slug=slug, defaults={"name": name, "language": language}
        )[0]
        for slug, name, language in PUBLICATIONS
    ]
    authors = []
    for i, (given, family) in enumerate(itertools.islice(itertools.product(GIVEN, FAMILY), 40)):
        authors.append(Author.objects.get_or_create(
            slug=f"synthetic-author-{i}", defaults={"name": f"{given} {family} (synthetic)"}
        )[0])
    g = Gazetteer(figures, weights, parties, memberships, publications, authors)
    g.cumulative = list(itertools.accumulate(weights))
    return g


def _pick_figures(rng: random.Random, g: Gazetteer, k: int) -> list[Figure]:
    chosen: dict[int, Figure] = {}
    for _ in range(k * 3):
        x = rng.random() * g.cumulative[-1]
        figure = g.figures[min(bisect.bisect_left(g.cumulative, x), len(g.figures) - 1)]
        chosen.setdefault(figure.pk, figure)
        if len(chosen) == k:
            break
    return list(chosen.values())


def party_label(party: Party, rng: random.Random) -> str:
    return party.short_name if party.short_name and rng.random() < 0.5 else party.name


def build_article(i: int, seed: int, g: Gazetteer, models: dict[str, TextModel]):
    """Article ``i`` of the corpus (unsaved) and its mentions as (kind, id, count, via)."""
    rng = random.Random(f"article:{seed}:{i}")
    language = "fr" if rng.random() < 0.6 else "en"
    text = models[language]
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    figures = _pick_figures(rng, g, rng.choice((1, 1, 2, 2, 3, 4)))
    parties = rng.sample(g.parties, k=min(len(g.parties), rng.choice((0, 1, 1, 2))))
    sentences = [text.sentence(rng) for _ in range(rng.randint(30, 60))]
    figure_counts: dict[int, int] = {}
    for figure in figures:
        for _ in range(rng.randint(1, 4)):
            template = rng.choice(FIGURE_TEMPLATES[language])
            sentence = template.format(figure=figure.name, w1=rng.choice(text.topic),
                                       w2=rng.choice(text.topic))
            sentences.insert(rng.randrange(len(sentences) + 1), sentence)
            figure_counts[figure.pk] = figure_counts.get(figure.pk, 0) + 1
    party_counts: dict[int, int] = {}
    for party in parties:
        for _ in range(rng.randint(1, 3)):
            template = rng.choice(PARTY_TEMPLATES[language])
            sentence = template.format(party=party_label(party, rng), w1=rng.choice(text.topic),
                                       w2=rng.choice(text.topic))
            sentences.insert(rng.randrange(len(sentences) + 1), sentence)
            party_counts[party.pk] = party_counts.get(party.pk, 0) + 1
    paragraphs, start = [], 0
    while start < len(sentences):
        size = rng.randint(3, 7)
        paragraphs.append(" ".join(sentences[start : start + size]))
        start += size
    body = "\n\n".join(paragraphs)
    lead = figures[0]
    title = rng.choice(TITLE_TEMPLATES[language]).format(
        figure=lead.name, w1=rng.choice(text.topic), w2=rng.choice(text.topic)
    )
    title = title[0].upper() + title[1:]
    publication = rng.choice(
        [p for p in g.publications if p.language == language] or g.publications
    )
    authors = rng.sample(g.authors, k=rng.choice((1, 1, 1, 2)))
    article = Article(
        title=title, slug=slugify(title)[:200].strip("-") or "article",
        canonical_url=f"{seed_prefix(seed)}{i}", publication=publication, published_on=day,
        language=language, body=body, word_count=len(body.split()),
        content_hash=content_hash(title, body), status=Article.Status.PUBLISHED,
        is_synthetic=True,
    )
    mentions = [("figure", pk, count, None) for pk, count in figure_counts.items()]
    mentions += [("party", pk, count, None) for pk, count in party_counts.items()]
    for figure in figures:
        party_id = g.party_on(figure.pk, day)
        if party_id and party_id not in party_counts:
            party_counts[party_id] = 0
            mentions.append(("party", party_id, figure_counts[figure.pk], figure.pk))
    return article, authors, mentions


def generate(articles: int, seed: int = 1,
             progress: Callable[[int, int], None] | None = None) -> CorpusReport:
    """Make sure the corpus of ``seed`` holds ``articles`` articles (adds the missing ones)."""
    if articles < 0:
        raise ValueError("the number of articles must be positive")
    existing = Article.objects.filter(canonical_url__startswith=seed_prefix(seed)).count()
    report = CorpusReport(seed=seed, requested=articles, existing=existing, created=0,
                          mentions=0)
    if existing >= articles:
        return report
    g = load_gazetteer_rows(seed)
    models = {lang: TextModel(seed, lang) for lang in ("fr", "en")}
    for start in range(existing, articles, CHUNK):
        stop = min(start + CHUNK, articles)
        built = [build_article(i, seed, g, models) for i in range(start, stop)]
        with transaction.atomic():
            rows = Article.objects.bulk_create([b[0] for b in built], batch_size=500)
            links, mention_rows = [], []
            for article, (_, authors, mentions) in zip(rows, built, strict=True):
                links += [ArticleAuthor(article_id=article.pk, author_id=a.pk, position=p)
                          for p, a in enumerate(authors)]
                for kind, pk, count, via in mentions:
                    mention_rows.append(Mention(
                        article_id=article.pk, count=max(count, 1), via_figure_id=via,
                        **({"figure_id": pk} if kind == "figure" else {"party_id": pk}),
                    ))
            ArticleAuthor.objects.bulk_create(links, batch_size=1000)
            Mention.objects.bulk_create(mention_rows, batch_size=1000)
            tallies.refresh(a.pk for a in rows)  # the pages' counts follow the new rows
        report.created += len(rows)
        report.mentions += len(mention_rows)
        if progress:
            progress(existing + report.created, articles)
    analyze()  # the planner's statistics for a table that just grew
    return report
