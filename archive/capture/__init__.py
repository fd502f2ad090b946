"""Capturing from the web: fetch pages, feeds and sitemaps politely and safely, keep every
exchange in WARC files, and import the pages through the one ingest path (see docs/capture.md).

fetch (HTTP client) -> warcfile (WARC writer) -> store (the ingest path) -> changes (facts);
crawl ties them together per host; schedule and jobs say what is due; robots, politeness and
addresses keep it polite and safe.
"""
