"""The tallies stay equal to a count from nothing through every path that changes what an
article counts for, and pages read them: no page groups the mention table, and a change
shows at once (no timer)."""

import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.admin.merge import merge_figures
from archive.derived import batched
from archive.models import Article, Membership, Mention, TalliedArticle, Tally
from archive.tallies import rebuild, refresh
from archive.tallies.buckets import CO, FIGURE, MEMBER, PARTY
from archive.tallies.counting import differences, ensure
from tests import factories as f
from tests.web.conftest import build_archive

pytestmark = pytest.mark.django_db


def assert_exact():
    assert differences() == {}


def count(kind, subject, other=0):
    return sum(Tally.objects.filter(kind=kind, subject=subject, other=other)
               .values_list("articles", flat=True))


def test_factories_edits_withdrawals_and_deletions_keep_the_tallies_exact():
    archive = build_archive(extra_articles=12)
    assert_exact()
    assert count(FIGURE, archive.melenchon.pk) == 2 + 12
    # the lineage (one party under its successive names): FN and RN count the same articles
    assert count(PARTY, archive.rn.pk) == 1 + 1 + 6
    assert count(PARTY, archive.fn.pk) == 1 + 1 + 6
    a1, a2, a3 = archive.articles[:3]
    assert count(CO, archive.melenchon.pk, archive.ruffin.pk) == 1 + 6
    # Le Pen named in 2017 as an FN member: a member of the RN's lineage too
    assert count(MEMBER, archive.rn.pk, archive.le_pen.pk) == 2 + 6

    a1.status = Article.Status.WITHDRAWN
    a1.save()
    assert_exact()
    assert count(FIGURE, archive.ruffin.pk) == 6
    a1.status = Article.Status.PUBLISHED
    a1.published_on = dt.date(2020, 2, 2)
    a1.save()
    assert_exact()
    Mention.objects.filter(article=a3, figure=archive.melenchon).update(rejected=True)
    refresh([a3.pk])  # a queryset update sends no signal: the caller refreshes
    assert_exact()
    mention = Mention.objects.get(article=a2, figure=archive.le_pen)
    mention.rejected = True
    mention.save()
    assert_exact()
    a2.delete()
    assert_exact()
    assert count(PARTY, archive.fn.pk) == 1 + 6
    Mention.objects.filter(article=a1).delete()
    assert_exact()


def test_gazetteer_changes_recount_lineages_and_members():
    archive = build_archive(extra_articles=6)
    # the FN no longer leads to the RN: its articles leave the RN's count
    archive.fn.succeeded_by = None
    archive.fn.save()
    assert_exact()
    assert count(PARTY, archive.rn.pk) == 1 + 3
    archive.fn.succeeded_by = archive.rn
    archive.fn.save()
    assert_exact()
    # Ruffin joins the RN for 2019: the extra articles of 2019 name him as one of its members
    f.MembershipFactory(figure=archive.ruffin, party=archive.rn, start=dt.date(2019, 1, 1),
                        end=dt.date(2020, 1, 1))
    assert_exact()
    assert count(MEMBER, archive.rn.pk, archive.ruffin.pk) == 3
    Membership.objects.filter(figure=archive.ruffin, party=archive.rn).delete()
    assert_exact()
    archive.lfi.delete()
    assert_exact()


def test_merging_figures_moves_their_counts():
    archive = build_archive(extra_articles=4)
    twin = f.FigureFactory(name="J.-L. Mélenchon", slug="j-l-melenchon")
    f.MembershipFactory(figure=twin, party=archive.lfi, start=dt.date(2016, 2, 10))
    extra = f.ArticleFactory(published_on=dt.date(2018, 3, 1))
    f.MentionFactory(article=extra, figure=twin)
    f.MentionFactory(article=extra, figure=archive.le_pen)
    assert_exact()
    merge_figures(archive.melenchon, [twin])
    assert_exact()
    assert count(FIGURE, archive.melenchon.pk) == 2 + 4 + 1


def test_random_edits_keep_the_tallies_exact():
    rng = random.Random(7)
    archive = build_archive()
    figures = [archive.melenchon, archive.le_pen, archive.ruffin]
    parties = [archive.fn, archive.rn, archive.lfi]
    articles = list(archive.articles)
    for step in range(60):
        action = rng.choice(["new", "mention", "unmention", "status", "date", "delete",
                             "batch"])
        article = rng.choice(articles) if articles else None
        if action == "new" or article is None:
            articles.append(f.ArticleFactory(
                published_on=rng.choice([None, dt.date(2017 + rng.randrange(5),
                                                       1 + rng.randrange(12), 1)]),
                language=rng.choice(["fr", "en"])))
        elif action == "mention":
            subject = rng.choice(figures + parties)
            field = "figure" if subject in figures else "party"
            if not Mention.objects.filter(article=article, **{field: subject}).exists():
                f.MentionFactory(article=article, **{field: subject})
        elif action == "unmention":
            mention = Mention.objects.filter(article=article).order_by("?").first()
            if mention:
                mention.delete()
        elif action == "status":
            article.status = rng.choice(list(Article.Status.values))
            article.save()
        elif action == "date":
            article.published_on = rng.choice([None, dt.date(2019, 5, 5)])
            article.save()
        elif action == "delete":
            articles.remove(article)
            article.delete()
        else:
            with batched():
                for other in rng.sample(articles, min(3, len(articles))):
                    f.MentionFactory(article=other, figure=f.FigureFactory())
        assert differences() == {}, (step, action)


def test_imports_and_detection_keep_the_tallies_exact(seeds_dir, gazetteer):
    f.PublicationFactory(slug="wsws")
    call_command("import_articles", str(seeds_dir), "--publication", "wsws", "--date", "2017",
                 verbosity=0)
    assert Article.objects.exists()
    assert Tally.objects.filter(kind=FIGURE).exists()
    assert_exact()
    call_command("detect_mentions", "--all", verbosity=0)
    assert_exact()


def test_generated_corpus_is_counted(gazetteer):
    from archive.dev.corpus import generate

    generate(120, seed=3)
    assert TalliedArticle.objects.count() == Article.objects.published().count()
    assert_exact()


def test_rebuild_check_finds_and_mends_a_wrong_count(capsys):
    archive = build_archive()
    Tally.objects.filter(kind=FIGURE, subject=archive.melenchon.pk).update(articles=40)
    with pytest.raises(Exception, match="differ from a recount"):
        call_command("rebuild_tallies", "--check")
    call_command("rebuild_tallies")
    call_command("rebuild_tallies", "--check")
    assert "agree" in capsys.readouterr().out


def test_an_archive_from_before_the_tallies_is_counted_after_migrate():
    build_archive()
    expected = sorted(Tally.objects.values_list("kind", "subject", "other", "month", "articles"))
    Tally.objects.all().delete()
    TalliedArticle.objects.all().delete()
    assert ensure()
    assert sorted(Tally.objects.exclude(articles=0).values_list(
        "kind", "subject", "other", "month", "articles")) == sorted(
        row for row in expected if row[-1])
    assert not ensure()  # counted once


def test_rebuild_equals_incremental_counts():
    build_archive(extra_articles=9)
    incremental = {r[:4]: r[4] for r in Tally.objects.exclude(articles=0).values_list(
        "kind", "subject", "other", "month", "articles")}
    rebuild()
    rebuilt = {r[:4]: r[4] for r in Tally.objects.values_list(
        "kind", "subject", "other", "month", "articles")}
    assert incremental == rebuilt


PAGES = ["/", "/about/", "/figures/", "/parties/", "/figures/jean-luc-melenchon/",
         "/parties/rassemblement-national/", "/api/figures/jean-luc-melenchon",
         "/api/parties/rassemblement-national"]


@pytest.mark.parametrize("url", PAGES)
def test_no_page_groups_the_mention_table(client, url):
    build_archive(extra_articles=5)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    grouped = [q["sql"] for q in queries.captured_queries
               if '"archive_mention"' in q["sql"]
               and ("COUNT(" in q["sql"] or "GROUP BY" in q["sql"])]
    assert grouped == []


def test_a_change_shows_at_once_on_every_page(client):
    archive = build_archive()

    def melenchon_on_index():
        page = client.get("/figures/").context["letters"]
        return next(e.count for letter in page for e in letter.entries
                    if e.slug == "jean-luc-melenchon")

    before = client.get("/figures/jean-luc-melenchon/").context["page"].article_count
    assert melenchon_on_index() == before == 2
    client.get("/")
    article = f.ArticleFactory(published_on=dt.date(2021, 7, 9))
    f.MentionFactory(article=article, figure=archive.melenchon)
    f.MentionFactory(article=article, party=archive.fn)
    assert client.get("/figures/jean-luc-melenchon/").context["page"].article_count == 3
    assert melenchon_on_index() == 3
    home = client.get("/").context["page"].ranking
    assert {r.slug: r.count for r in home.figures_overall}["jean-luc-melenchon"] == 3
    party = client.get("/parties/rassemblement-national/").context["page"]
    assert party.article_count == 3  # its own, the FN's of 2017, and the new one via the FN


def test_share_is_a_party_s_articles_over_the_archive_s():
    from archive.tallies import read

    party = f.PartyFactory()
    assert read.share(PARTY, party.pk) == 0.0
    for i in range(4):
        article = f.ArticleFactory()
        if i == 0:
            f.MentionFactory(article=article, party=party)
    assert read.share(PARTY, party.pk) == pytest.approx(0.25)
