"""haystack's rebuild_index, made atomic: a new index generation is built beside the live one
and swapped in on success; readers never see an empty or partial index."""

from django.core.management.base import BaseCommand, CommandError

from archive.search.filelock import LockHeld
from archive.search.rebuild import rebuild


class Command(BaseCommand):
    help = ("Rebuild the search index into a new directory and swap it in atomically; the "
            "live index keeps serving until then and after any failure.")

    def add_arguments(self, parser):
        parser.add_argument("--noinput", action="store_false", dest="interactive", default=True,
                            help="Accepted (haystack's name); nothing is wiped, so no prompt.")
        parser.add_argument("-u", "--using", action="append", default=[],
                            help="haystack connection alias (may repeat; default: default).")
        parser.add_argument("-b", "--batch-size", dest="batchsize", type=int, default=1000,
                            help="Articles per backend update.")

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
