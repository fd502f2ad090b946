from archive.search.analysis import stem
from archive.search.highlight import snippet


def test_window_starts_near_the_first_match():
    text = "début " * 100 + "Les élections\nlégislatives & le reste. " + "fin " * 100
    html = snippet(text, {stem("election", "fr")}, "fr")
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>élections</mark> législatives &amp; le reste" in html
    assert len(html) < 400


def test_no_terms_gives_the_start_of_the_text():
    assert snippet("<b>Bonjour</b>  tout\n le monde", set(), "fr") == (
        "&lt;b&gt;Bonjour&lt;/b&gt; tout le monde"
    )


def test_english_article_uses_english_stems():
    assert "<mark>voted</mark>" in snippet("Citizens voted yesterday.", {stem("vote", "en")}, "en")
