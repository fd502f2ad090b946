"""haystack's rebuild_index, made atomic: a new index generation is built beside the live one
and swapped in on success; readers never see an empty or partial index."""

from django.core.management.base import BaseCommand, CommandError

from archive.search.filelock import LockHeld
from archive.search.rebuild import rebuild


class Command(BaseCommand):
    help = ("Rebuild the search index into a new directory and swap it in atomically; the "
            "live index keeps serving until then and after any failure.")

    def add_arguments(self, parser):
        # haystack's options, kept so that existing scripts keep working.
        parser.add_argument("--noinput", action="store_false", dest="interactive", default=True,
                            help="Accepted for compatibility; nothing is wiped, so no prompt.")
        parser.add_argument("-u", "--using", action="append", default=[],
                            help="haystack connection alias (may repeat; default: default).")
        parser.add_argument("-b", "--batch-size", dest="batchsize", type=int, default=1000,
                            help="Articles per backend update.")
        parser.add_argument("-k", "--workers", default=0, type=int,
                            help="Accepted for compatibility; one process writes the index.")
        parser.add_argument("--nocommit", action="store_false", dest="commit", default=True,
                            help="Accepted for compatibility; a rebuild always commits.")
        parser.add_argument("-t", "--max-retries", dest="max_retries", type=int, default=5,
                            help="Accepted for compatibility.")

    def handle(self, *args, using, batchsize, verbosity, **options):
        if batchsize is None or batchsize < 1:
            raise CommandError("--batch-size must be a positive integer")

        def progress(label: str, done: int, total: int) -> None:
            if verbosity >= 2 or (verbosity >= 1 and (done == total or done % 10_000 == 0)):
                self.stdout.write(f"  {label}: {done}/{total}")

        for alias in using or ["default"]:
            try:
                report = rebuild(alias, batch_size=batchsize, progress=progress)
            except LockHeld as exc:
                raise CommandError(f"a rebuild is already running ({exc})") from None
            except Exception as exc:
                raise CommandError(
                    f"rebuild failed, the live index is unchanged: {exc!r}"
                ) from exc
            self.stdout.write(self.style.SUCCESS(str(report)))
