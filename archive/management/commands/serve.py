"""`make run`'s server: gunicorn for the web and, beside it, the helpers it needs, supervised
(archive/supervisor.py): a helper that dies is restarted, a web that dies stops the rest."""

import ipaddress
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.supervisor import Child, Supervisor


def children(*, host: str, port: str, workers: str) -> list[Child]:
    """What serve runs: the web (essential) and one line per helper command."""
    python = sys.executable
    manage = str(settings.BASE_DIR / "manage.py")
    return [
        Child("web", [python, "-m", "gunicorn", "archive.wsgi:application",
                      "--chdir", str(settings.BASE_DIR), "--bind", f"{host}:{port}",
                      "--workers", str(workers), "--access-logfile", "-", "--timeout", "60"],
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
        parser.add_argument("--workers", default="2")

    def handle(self, *args, host, port, workers, **options):
        if settings.DEBUG and not is_loopback(host):
            raise CommandError(f"DJANGO_DEBUG is on: debug pages would be served to anyone "
                               f"who reaches {host}. Serve on 127.0.0.1, or set DJANGO_DEBUG=0.")
        supervisor = Supervisor(children(host=host, port=port, workers=workers))
        self.stdout.write(f"Serving the archive on http://{host}:{port}/ (Ctrl-C stops)")
        self.stdout.flush()
        status = supervisor.run()
        if status:
            sys.exit(status)
