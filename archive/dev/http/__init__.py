"""``make bench``: the archive over HTTP, as readers meet it. The real server (gunicorn with
archive.gunicorn_config, as ``manage.py serve`` runs it) on loopback, driven by a small
asyncio HTTP/1.1 keep-alive driver (driver.py) at 1 and 8 connections over a mix of pages
(site.py), for SQLite + Whoosh, PostgreSQL + Whoosh and PostgreSQL + the PostgreSQL engine
(runner.py), with a table per configuration and JSON (report.py). docs/performance.md, "Over
HTTP", has the figures and how to reproduce them."""
