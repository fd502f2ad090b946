"""`make run`'s server: gunicorn for the web and the single index writer beside it."""

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the archive with gunicorn and run the index writer alongside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--workers", default="2")

    def handle(self, *args, host, port, workers, **options):
        python = sys.executable
        children = [
            subprocess.Popen([python, "manage.py", "index_writer"]),
            subprocess.Popen([python, "manage.py", "capture", "--worker"]),
            subprocess.Popen([python, "-m", "gunicorn", "archive.wsgi:application",
                              "--bind", f"{host}:{port}", "--workers", str(workers),
                              "--access-logfile", "-", "--timeout", "60"]),
        ]
        self.stdout.write(f"Serving the archive on http://{host}:{port}/ (Ctrl-C stops)")

        def stop(*_):
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
        if failed:
            sys.exit(1)
