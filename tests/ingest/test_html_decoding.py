"""A saved page is read in the encoding it declares: invalid bytes in a page that says UTF-8
become U+FFFD, not a page of mojibake from a guessed encoding."""

import pytest

from archive.ingest.html import decode_declared, extract_page

BODY = ("Jean-Luc Mélenchon a présenté à Marseille le programme de La France insoumise pour "
        "les élections législatives, devant des militants réunis sur le Vieux-Port. "
        "François Ruffin a défendu une réforme des retraites plus juste et l'écologie.")


def page(meta: str, body: bytes) -> bytes:
    return (f"<!DOCTYPE html><html lang='fr'><head>{meta}<title>Meeting à Marseille</title>"
            "</head><body><article><h1>Meeting à Marseille</h1><p>").encode("ascii",
            "xmlcharrefreplace") + body + b"</p></article></body></html>"


@pytest.mark.parametrize("meta", ['<meta charset="utf-8">',
                                  '<meta http-equiv="Content-Type" '
                                  'content="text/html; charset=UTF-8">'])
def test_declared_utf8_with_invalid_bytes_is_decoded_as_declared(meta):
    data = page(meta, BODY.encode("utf-8").replace(b"Marseille le", b"Marseille \xff\xfe le"))
    found = extract_page(data)
    assert "Jean-Luc Mélenchon a présenté à Marseille" in found.body
    assert "\ufffd" in found.body and "Ã" not in found.body and "Р" not in found.body
    assert found.title == "Meeting à Marseille"


def test_declared_latin1_is_read_as_browsers_do():
    data = page('<meta charset="iso-8859-1">', BODY.encode("cp1252") + " – ".encode("cp1252"))
    assert "Mélenchon" in extract_page(data).body


def test_no_declaration_keeps_the_bytes_for_detection():
    data = b"<html><body><p>" + BODY.encode("utf-8") + b"</p></body></html>"
    assert decode_declared(data) is data
    assert "Mélenchon" in extract_page(data).body


def test_utf8_bom_wins_and_unknown_labels_are_ignored():
    assert decode_declared(b"\xef\xbb\xbf<p>\xc3\xa9\xff</p>") == "<p>é\ufffd</p>"
    data = b'<meta charset="no-such-codec"><p>x</p>'
    assert decode_declared(data) is data
