"""The search-ops commands answer bad input with a clear message, never a traceback."""

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article
from tests.factories import FigureFactory


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        ("generate_corpus", ["--articles", "0"], "positive"),
        ("benchmark", ["--articles", "-5"], "positive"),
        ("index_writer", ["--once", "--poll", "0"], "positive"),
        ("rebuild_index", ["--noinput", "--batch-size", "0"], "positive"),
    ],
)
def test_bad_numbers_are_refused_with_a_message(command, args, message):
    with pytest.raises(CommandError, match=message):
        call_command(command, *args)


@pytest.mark.django_db
def test_generate_corpus_without_a_gazetteer_says_what_to_do():
    with pytest.raises(CommandError, match="gazetteer is empty"):
        call_command("generate_corpus", "--articles", "3")


@pytest.mark.django_db
def test_generate_corpus_command_adds_synthetic_articles():
    FigureFactory()
    call_command("generate_corpus", "--articles", "3", "--seed", "5")
    assert Article.objects.filter(is_synthetic=True).count() == 3


@pytest.mark.django_db
def test_rebuild_index_command_swaps_in_a_generation(index_root):
    call_command("rebuild_index", "--noinput")
    assert (index_root / "CURRENT").exists()
