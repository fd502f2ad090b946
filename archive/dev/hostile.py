"""Hostile input files for the importers, and a measurement of what reading them costs:
each file is read in a fresh subprocess, which reports what it refused and its peak memory
(ru_maxrss), so one file's memory never hides behind another's."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
FILLER = b"<p>" + b"Les electeurs votent dimanche pour les legislatives. " * 20 + b"</p>\n"


def _fill(write, size: int) -> None:
    chunk = FILLER * (MB // len(FILLER) + 1)
    chunk = chunk[:MB]
    for _ in range(size // MB):
        write(chunk)
    write(chunk[: size % MB])


def _small_page(title: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>Jean-Luc Melenchon et Marine Le Pen debattent ce soir des "
            f"retraites, de l'ecole et du pouvoir d'achat devant les electeurs.</p>"
            f"</article></body></html>").encode()


def _warc_member(fh, uri: str, html_size: int | None = None, html: bytes = b"") -> None:
    """One gzip member holding one WARC response record (streamed: never in memory)."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    body_size = len(html) if html_size is None else html_size
    length = len(head) + body_size
    warc = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2022-06-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri))}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()
    with gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=6) as member:
        member.write(warc + head)
        if html_size is None:
            member.write(html)
        else:
            member.write(b"<html><body><article>")
            _fill(member.write, html_size - len(b"<html><body><article>"))
        member.write(b"\r\n\r\n")


def warc_bomb(path: Path, expanded: int) -> Path:
    """A .warc.gz whose first record expands to ``expanded`` bytes; a normal one follows."""
    with open(path, "wb") as fh:
        _warc_member(fh, "https://hostile.invalid/bomb", html_size=expanded)
        _warc_member(fh, "https://hostile.invalid/after", html=_small_page("Apres la bombe"))
    return path


def jsonl_bomb(path: Path, expanded: int) -> Path:
    """A .jsonl.gz whose first line expands to ``expanded`` bytes; a normal line follows."""
    with gzip.open(path, "wb", compresslevel=6) as fh:
        fh.write(b'{"url": "https://hostile.invalid/line", "title": "Bombe", "body": "')
        _fill(lambda b: fh.write(b.replace(b'"', b"'").replace(b"\n", b" ")), expanded)
        fh.write(b'"}\n')
        fh.write(json.dumps({"url": "https://hostile.invalid/next", "title": "Apres",
                             "body": "Une ligne normale apres la bombe, lue et importee."}
                            ).encode() + b"\n")
    return path


def html_gzip_bomb(path: Path, expanded: int) -> Path:
    """A .html.gz page expanding to ``expanded`` bytes."""
    with gzip.open(path, "wb", compresslevel=6) as fh:
        fh.write(b"<html><body><article>")
        _fill(fh.write, expanded)
    return path


def huge_page(path: Path, size: int) -> Path:
    """A plain HTML page of ``size`` bytes of article text (under the byte cap it makes an
    article over the length cap)."""
    with open(path, "wb") as fh:
        fh.write(b"<html><head><title>Une page immense</title></head><body><article>")
        written, i = 0, 0
        while written < size:
            paragraph = (f"<p>Paragraphe {i} : les electeurs de la circonscription {i % 577} "
                         f"votent dimanche, et le candidat numero {i * 7919 % 100003} "
                         f"promet des reformes.</p>\n").encode()
            fh.write(paragraph)
            written += len(paragraph)
            i += 1
        fh.write(b"</article></body></html>")
    return path


def deflate_in_http(path: Path, expanded: int) -> Path:
    """A WARC record whose HTTP body is gzip content-encoded and expands to ``expanded``."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    parts = [compressor.compress(b"<html><body><article>")]
    chunk = (FILLER * (MB // len(FILLER) + 1))[:MB]
    for _ in range(expanded // MB):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    body = b"".join(parts)
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
    warc = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://hostile.invalid/gz\r\n"
            f"WARC-Date: 2022-06-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(head) + len(body)}\r\n\r\n").encode()
    path.write_bytes(warc + head + body + b"\r\n\r\n")
    return path


@dataclass
class Measured:
    name: str
    size_on_disk: int
    expanded: int
    imported: int
    refused: list[str]
    peak_mb: float
    baseline_mb: float
    seconds: float

    @property
    def growth_mb(self) -> float:
        return self.peak_mb - self.baseline_mb


PROBE = r"""
import json, resource, sys, time
import django
django.setup()
from archive.ingest.formats import read_source
from archive.ingest.parsed import ParsedArticle, ParseFailure
from archive.ingest.sources import Source
from pathlib import Path
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
imported, refused = 0, []
for item in read_source(Source(label=sys.argv[1], path=Path(sys.argv[1]))):
    if isinstance(item, ParsedArticle):
        imported += 1
    elif isinstance(item, ParseFailure):
        refused.append(item.reason)
print(json.dumps({"imported": imported, "refused": refused,
                  "seconds": time.perf_counter() - started, "baseline_kb": baseline,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def measure(path: Path, expanded: int, env: dict[str, str] | None = None) -> Measured:
    """Read ``path`` through the importers' readers in a fresh process."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings", **(env or {})}
    result = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"reading {path.name} failed: {result.stderr[-2000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return Measured(path.name, path.stat().st_size, expanded, data["imported"],
                    data["refused"], data["peak_kb"] / 1024, data["baseline_kb"] / 1024,
                    data["seconds"])


def hostile_files(folder: Path, expanded: int = 512 * MB,
                  page: int = 7 * MB) -> list[tuple[Path, int]]:
    """The hostile set: (file, bytes it expands to); ``page`` is the size of the page under
    the byte cap whose article is over the length cap."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        (warc_bomb(folder / "bomb.warc.gz", expanded), expanded),
        (deflate_in_http(folder / "content-encoding.warc", min(expanded, 256 * MB)),
         min(expanded, 256 * MB)),
        (jsonl_bomb(folder / "bomb.jsonl.gz", expanded), expanded),
        (html_gzip_bomb(folder / "bomb.html.gz", expanded), expanded),
        (huge_page(folder / "huge.html", page), page),
    ]
