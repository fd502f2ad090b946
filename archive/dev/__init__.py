"""Development tooling, never imported by the site: the benchmark (``manage.py benchmark``),
the synthetic corpus (``manage.py generate_corpus``), the import and mention-detection rate
measurements the benchmark reports, the extraction evaluation, the capture benchmark and the
PostgreSQL engine's benchmark."""
