"""Production settings from the environment, checked in fresh processes (settings are read
once at start): DJANGO_HTTPS=1 makes `check --deploy` clean and the site HTTPS-only; DEBUG is
never served beyond loopback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]

PROBE = """
from django.test import Client
c = Client()
plain = c.get("/robots.txt")
proxied = c.get("/robots.txt", headers={"X-Forwarded-Proto": "https"})
print("plain", plain.status_code, plain.get("Location", "-"))
print("proxied", proxied.status_code, proxied.get("Strict-Transport-Security", "-"))
print("healthz", c.get("/healthz").status_code)
from django.conf import settings
print("cookies", settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)
"""


def manage(tmp_path, *args, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path / "var"),
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env}
    if "DJANGO_HTTPS" not in env:
        environment.pop("DJANGO_HTTPS", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' process
    return subprocess.run([*MANAGE, *args], env=environment, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_is_clean_with_https(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                    DJANGO_DEBUG="0", DJANGO_HTTPS="1")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_without_https_names_what_is_missing(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                    DJANGO_DEBUG="0")
    assert result.returncode != 0
    for code in ("W004", "W008", "W012", "W016"):
        assert f"security.{code}" in result.stderr


def test_https_redirects_sets_hsts_and_secure_cookies(tmp_path):
    manage(tmp_path, "migrate", "-v0")
    result = manage(tmp_path, "shell", "--no-imports", "-c", PROBE, DJANGO_DEBUG="0",
                    DJANGO_HTTPS="1")
    assert result.returncode == 0, result.stderr
    keys = ("plain", "proxied", "healthz", "cookies")
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines()
                 if line.startswith(keys))
    assert lines["plain"] == "301 https://testserver/robots.txt"
    assert lines["proxied"] == "200 max-age=31536000; includeSubDomains; preload"
    assert lines["healthz"] != "301"  # load balancers probe over plain HTTP
    assert lines["cookies"] == "True True"


def test_make_run_turns_debug_on_only_on_loopback():
    def command(*args):
        out = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
        return next(line for line in out.splitlines() if "manage.py serve" in line)

    assert command().startswith("DJANGO_DEBUG=${DJANGO_DEBUG:-1} ")
    assert command("HOST=0.0.0.0").startswith("DJANGO_DEBUG=${DJANGO_DEBUG:-0} ")
    assert command("HOST=192.168.1.5").startswith("DJANGO_DEBUG=${DJANGO_DEBUG:-0} ")


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "archive.example.org"])
def test_serve_refuses_debug_beyond_loopback(settings, host):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DJANGO_DEBUG is on"):
        call_command("serve", host=host)
