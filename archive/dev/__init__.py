"""Development tooling, never imported by the site: the benchmark (``manage.py benchmark``),
the synthetic corpus (``manage.py generate_corpus``), the import and mention-detection rate
measurements the benchmark reports, the extraction evaluation, the capture benchmark, the
PostgreSQL engine's benchmark, the hostile-input generators of the reliability checks, and
the benchmark over HTTP (``make bench``, archive/dev/http/)."""
