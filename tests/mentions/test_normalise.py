"""Folding keeps offsets: the folded text has the same length as the original."""

from hypothesis import given
from hypothesis import strategies as st

from archive.mentions.normalise import fold, fold_char


@given(st.text())
def test_fold_never_changes_the_length(text):
    assert len(fold(text)) == len(text)


@given(st.text())
def test_fold_maps_each_character_on_its_own(text):
    assert fold(text) == "".join(fold_char(ch) for ch in text)


def test_fold_removes_accents_case_and_hyphens():
    assert fold("Jean-Luc MÉLENCHON d’Œuvre") == "jean luc melenchon d'ouvre"
