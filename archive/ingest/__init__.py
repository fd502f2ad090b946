"""Ingestion: turning what archivists collected into articles with provenance.

Readers, one per format, yield `parsed.ParsedArticle` (or `ParseFailure` / `Skipped`):
`text` (page dumps and bare text), `html` (trafilatura + htmldate, with our fixes in
`authors` and `html`), `warc` (warcio), `jsonl`. `sources` expands paths, folders, globs,
"-" and .gz; `formats` picks the reader. `pipeline.ingest` (the one entry point) and `service`
write articles, captures, authors and publications in batched transactions; `report` and
`progress` say what happened; `bench.measure_import_rate` measures the speed.

Identity: the canonical URL (`urls.canonical_url`) from the page's rel=canonical / og:url,
else --url (or the WARC target URI, or the JSON record's url). A page or dump with none is
identified by its payload hash (the bytes read), and a URL-less article with the very same
title and body is the same article. Re-importing the same bytes is "unchanged"; the same
URL with other text is a new version (a new Capture; the article shows the latest text).
"""
