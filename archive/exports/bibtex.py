"""BibTeX, written by bibtexparser (v2): one @article an article, text fields LaTeX-encoded
by its LatexEncodingMiddleware (pylatexenc: accents, & % $ # _ { } ~ ^ \\ made safe for
classic BibTeX), URLs left verbatim as biblatex and BibTeX's url package expect them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import bibtexparser
from bibtexparser import Library
from bibtexparser.middlewares import AddEnclosingMiddleware, LatexEncodingMiddleware
from bibtexparser.model import Entry, Field

from archive.citation import bibtex_key
from archive.exports.records import Record


def _encode(fields: list[Field]) -> list[Field]:
    library = Library([Entry("article", "k", fields)])
    library = LatexEncodingMiddleware(keep_math=False, enclose_urls=False).transform(library)
    return list(library.entries[0].fields)


def bibtex_entry(record: Record, base_url: str) -> Entry:
    a = record.article
    authors = record.authors
    archive_url = base_url + a.get_absolute_url()
    text = [Field("title", a.title)]
    if authors:
        text.append(Field("author", " and ".join(x.name for x in authors)))
    if a.publication:
        text.append(Field("journal", a.publication.name))
    note = f"Archived at {archive_url}" + ("; date estimated" if a.date_estimated else "")
    text.append(Field("note", note))
    keywords = [m.figure.name for m in record.figures] + [m.party.name for m in record.parties]
    if keywords:
        text.append(Field("keywords", ", ".join(keywords)))
    fields = _encode(text)
    if a.published_on:
        fields.append(Field("year", str(a.published_on.year)))
        fields.append(Field("month", str(a.published_on.month)))
        if not a.date_estimated:
            fields.append(Field("date", a.published_on.isoformat()))
    fields.append(Field("url", a.canonical_url or archive_url))
    fields.append(Field("urldate", a.updated_at.date().isoformat()))
    fields.append(Field("language", a.language))
    return Entry("article", f"{bibtex_key(a, authors)}-{a.pk}", fields)


def bibtex_lines(records: Iterable[Record], base_url: str, *, source: str = "",
                 limit: int | None = None) -> Iterator[str]:
    """A comment line first (text outside entries, which BibTeX readers skip) naming the
    search and the row limit, then one entry per article."""
    if source:
        yield (f"% Articles of {source}" + (f" (at most {limit:,})" if limit else "")
               + "\n\n")
    enclose = AddEnclosingMiddleware(allow_inplace_modification=True, default_enclosing="{",
                                     reuse_previous_enclosing=False, enclose_integers=True)
    for record in records:
        library = Library([bibtex_entry(record, base_url)])
        yield bibtexparser.write_string(library, unparse_stack=[enclose]) + "\n"
