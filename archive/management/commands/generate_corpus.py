"""Generates the synthetic benchmark corpus (archive/dev/corpus.py)."""

from django.core.management.base import BaseCommand, CommandError

from archive.dev.corpus import generate


class Command(BaseCommand):
    help = ("Add a reproducible synthetic corpus (marked is_synthetic) built from the gazetteer. "
            "Idempotent: existing articles of the same seed are kept; nothing is indexed.")

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="Corpus size wanted.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same corpus.")

    def handle(self, *args, articles, seed, verbosity, **options):
        if articles < 1:
            raise CommandError("--articles must be a positive integer")

        def progress(done: int, total: int) -> None:
            if verbosity >= 1 and (done == total or done % 10_000 == 0):
                self.stdout.write(f"  {done}/{total} articles")

        try:
            report = generate(articles, seed, progress=progress)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
        self.stdout.write("Index it with: python manage.py rebuild_index --noinput")
