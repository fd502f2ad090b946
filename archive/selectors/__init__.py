"""Read paths of the readers' pages (home, article, figure, party, author, publication).

Each page calls one function here; the function runs a fixed number of SQL queries whatever
the size of the archive (aggregates run in SQL on the mention indexes, and the costly
archive-wide ones are cached for a few minutes, see `cached`). Search pages do not come
here: they call archive.search.selector.
"""
