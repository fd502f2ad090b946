"""Measures indexing and the query mix (archive/search/bench.py); prints a table."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.search.bench import format_table, run_benchmark, run_isolated, write_json


class Command(BaseCommand):
    help = ("Benchmark indexing and searches on a synthetic corpus of N articles. By default in "
            "a temporary SQLite database and index (real data is never touched); --data-dir "
            "keeps that directory for reuse; --in-place uses the configured database and index.")

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", dest="json_path", help="Write the figures to this file.")
        parser.add_argument("--repeat", type=int, default=30,
                            help="Timed runs per operation (after warm-up runs).")
        parser.add_argument("--data-dir", help="Keep the benchmark database and index here "
                                               "(a later run reuses and extends the corpus).")
        parser.add_argument("--reuse-index", action="store_true",
                            help="Do not rebuild the index if one exists (no indexing figure).")
        parser.add_argument("--in-place", action="store_true",
                            help="Use the configured database and index (adds synthetic rows).")
        parser.add_argument("--engine", choices=["whoosh", "postgres"], default="whoosh",
                            help="postgres: the PostgreSQL engine in the configured PostgreSQL "
                                 "database (ARCHIVE_SEARCH_ENGINE=postgres; adds synthetic rows).")

    def handle(self, *args, articles, seed, json_path, repeat, data_dir, reuse_index, in_place,
               engine, **options):
        if articles < 1 or repeat < 1:
            raise CommandError("--articles and --repeat must be positive integers")
        if engine == "postgres":
            from archive.dev import postgres_bench as pg_benchmark

            try:
                figures = pg_benchmark.run(articles, seed=seed, repeat=repeat,
                                           log=lambda line: self.stderr.write(line))
            except RuntimeError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(pg_benchmark.format_table(figures))
            return
        if not in_place:
            argv = ["--articles", str(articles), "--seed", str(seed), "--repeat", str(repeat)]
            if json_path:
                argv += ["--json", str(Path(json_path).resolve())]
            if reuse_index:
                argv.append("--reuse-index")
            status = run_isolated(argv, Path(data_dir).resolve() if data_dir else None)
            if status:
                raise CommandError(f"benchmark failed (exit status {status})")
            return
        try:
            result = run_benchmark(
                articles, seed=seed, repeat=repeat, reuse_index=reuse_index,
                fresh_db=os.environ.get("ARCHIVE_BENCHMARK_FRESH_DB") == "1",
                log=lambda line: self.stderr.write(line),
            )
        except (RuntimeError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(format_table(result))
        if json_path:
            write_json(result, json_path)
            self.stdout.write(f"figures written to {json_path}")
