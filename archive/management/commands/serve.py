"""`make run`'s server: gunicorn for the web and, beside it, the helpers it needs, supervised
(archive/supervisor.py): a helper that dies is restarted, a web that dies stops the rest."""

import ipaddress
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.supervisor import Child, Supervisor

#: The gunicorn configuration (docs/serving.md); make bench serves with the same one.
GUNICORN_CONFIG = "python:archive.gunicorn_config"


def gunicorn_argv(*, host: str, port: str, workers: str | None = None,
                  threads: str | None = None) -> list[str]:
    """gunicorn with the project's configuration on HOST:PORT; --workers/--threads given here
    win over ARCHIVE_WEB_WORKERS/ARCHIVE_WEB_THREADS."""
    argv = [sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONFIG,
            "--bind", f"{host}:{port}"]
    if workers:
        argv += ["--workers", str(workers)]
    if threads:
        argv += ["--threads", str(threads)]
    return argv


def children(*, host: str, port: str, workers: str | None = None,
             threads: str | None = None) -> list[Child]:
    """What serve runs: the web (essential) and one line per helper command."""
    python = sys.executable
    manage = str(settings.BASE_DIR / "manage.py")
    return [
        Child("web", gunicorn_argv(host=host, port=port, workers=workers, threads=threads),
              essential=True),
        Child("index writer", [python, manage, "index_writer"]),
        Child("capture worker", [python, manage, "capture", "--worker"]),
    ]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Command(BaseCommand):
    help = ("Serve the archive with gunicorn and run the index writer alongside it; a helper "
            "that crashes is restarted with backoff, a web server that crashes stops serve.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--workers", help="gunicorn processes (default: "
                            "ARCHIVE_WEB_WORKERS, else 2)")
        parser.add_argument("--threads", help="threads per process (default: "
                            "ARCHIVE_WEB_THREADS, else 4)")

    def handle(self, *args, host, port, workers=None, threads=None, **options):
        if settings.DEBUG and not is_loopback(host):
            raise CommandError(f"DJANGO_DEBUG is on: debug pages would be served to anyone "
                               f"who reaches {host}. Serve on 127.0.0.1, or set DJANGO_DEBUG=0.")
        supervisor = Supervisor(children(host=host, port=port, workers=workers, threads=threads))
        self.stdout.write(f"Serving the archive on http://{host}:{port}/ (Ctrl-C stops)")
        self.stdout.flush()
        status = supervisor.run()
        if status:
            sys.exit(status)
