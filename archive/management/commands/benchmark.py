"""Measures indexing and the query mix (archive/dev/search_bench.py); prints a table."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.dev.bench_report import format_comparison, format_table, write_json
from archive.dev.search_bench import ENGINE_CHOICES, run_benchmarks, run_isolated


class Command(BaseCommand):
    help = ("Benchmark indexing and searches on a synthetic corpus of N articles. By default in "
            "a temporary SQLite database and index (real data is never touched); --data-dir "
            "keeps that directory for reuse; --in-place uses the configured database and index.")

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int)
        parser.add_argument("--extraction", action="store_true",
                            help="Instead: extraction quality, ours against raw trafilatura "
                                 "(archive/dev/extraction.py).")
        parser.add_argument("--capture", type=int, metavar="N",
                            help="Benchmark capture instead: N pages of a loopback site "
                                 "(archive/dev/capture_bench.py).")
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
        parser.add_argument("--engine", choices=ENGINE_CHOICES, default="whoosh",
                            help="Search engine(s) to measure; both: side by side on one "
                                 "corpus (postgres needs a PostgreSQL database).")
        parser.add_argument("--database-url",
                            help="A throwaway database for the benchmark instead of a "
                                 "temporary SQLite file (postgres:// for --engine postgres).")

    def handle(self, *args, articles, seed, json_path, repeat, data_dir, reuse_index, in_place,
               extraction=False, capture=None, engine="whoosh", database_url=None,
               **options):
        if extraction:
            from archive.dev import extraction as quality

            self.stdout.write(quality.format_table(quality.evaluate()))
            return
        if capture is not None:
            from archive.dev import capture_bench

            if capture < 1:
                raise CommandError("--capture must be a positive integer")
            if in_place:
                capture_bench.run(capture, log=self.stdout.write)
            elif capture_bench.run_isolated(capture):
                raise CommandError("capture benchmark failed")
            return
        if articles is None:
            raise CommandError("give --articles N (or --extraction, or --capture N)")
        if articles < 1 or repeat < 1:
            raise CommandError("--articles and --repeat must be positive integers")
        if not in_place:
            argv = ["--articles", str(articles), "--seed", str(seed), "--repeat", str(repeat),
                    "--engine", engine]
            if json_path:
                argv += ["--json", str(Path(json_path).resolve())]
            if reuse_index:
                argv.append("--reuse-index")
            directory = Path(data_dir).resolve() if data_dir else None
            if engine == "whoosh" or database_url:
                if engine != "whoosh" and not database_url.startswith("postgres"):
                    raise CommandError(f"--engine {engine} needs a postgres:// --database-url")
                status = run_isolated(argv, directory, database_url)
            else:
                status = self.run_on_own_cluster(argv, directory)
            if status:
                raise CommandError(f"benchmark failed (exit status {status})")
            return
        try:
            results = run_benchmarks(
                articles, engine=engine, seed=seed, repeat=repeat, reuse_index=reuse_index,
                fresh_db=os.environ.get("ARCHIVE_BENCHMARK_FRESH_DB") == "1",
                log=lambda line: self.stderr.write(line),
            )
        except (RuntimeError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        for result in results:
            self.stdout.write(format_table(result))
        if len(results) > 1:
            self.stdout.write(format_comparison(results))
        if json_path:
            write_json(results, json_path)
            self.stdout.write(f"figures written to {json_path}")

    def run_on_own_cluster(self, argv: list[str], directory: Path | None) -> int:
        """No --database-url: a PostgreSQL cluster of the benchmark's own on loopback, kept
        under --data-dir (reused by a later run) or in a temporary directory."""
        import shutil
        import subprocess
        import tempfile

        from archive.dev.http.postgres import cluster, ensure_database

        keep = directory is not None
        if directory is None:
            directory = Path(tempfile.mkdtemp(prefix="archive-bench-"))
            directory.chmod(0o755)  # PostgreSQL runs as its own user when we are root
        try:
            with cluster(directory / "postgres") as base_url:
                url = ensure_database(base_url, "bench")
                self.stderr.write(f"PostgreSQL cluster under {directory / 'postgres'}: {url}")
                return run_isolated(argv, directory, url)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        except subprocess.CalledProcessError as exc:
            detail = (exc.stderr or b"").decode(errors="replace").strip()[-1000:]
            raise CommandError(f"PostgreSQL for the benchmark: {exc}: {detail}") from None
        finally:
            if not keep:
                shutil.rmtree(directory, ignore_errors=True)
