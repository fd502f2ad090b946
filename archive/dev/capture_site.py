"""A generated web site on 127.0.0.1 for the capture benchmark and the kill test: a sitemap
of N article pages (French, with author, date and site name), robots.txt allowing all."""

from __future__ import annotations

import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAMES = ["Emmanuel Macron", "Marine Le Pen", "Jean-Luc Mélenchon", "François Fillon",
         "Benoît Hamon", "Édouard Philippe", "François Ruffin", "Valérie Pécresse"]
WORDS = """campagne programme élection circonscription député réforme retraite budget
assemblée sénat majorité opposition meeting sondage vote électeurs parti liste candidat débat
ministre gouvernement loi travail impôt santé école écologie territoire région ville quartier
militants soutien alliance second tour""".split()  # noqa: SIM905
AUTHORS = ["Claire Dubois", "Paul Martin", "Sophie Bernard", "Luc Moreau"]


def page_html(base: str, n: int) -> bytes:
    rng = random.Random(n)
    paragraphs = []
    for _ in range(5):
        sentence = " ".join(rng.choice(WORDS) for _ in range(28))
        paragraphs.append(f"<p>{rng.choice(NAMES)} {sentence}.</p>")
    day = 1 + n % 28
    title = f"Article {n} : {rng.choice(NAMES)} et la {rng.choice(WORDS)}"
    return (f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>{title}"
            f"</title><meta property='og:site_name' content='Le Journal Généré'>"
            f"<meta name='author' content='{rng.choice(AUTHORS)}'>"
            f"<meta property='article:published_time' content='2017-05-{day:02d}T08:00:00Z'>"
            f"<link rel='canonical' href='{base}/gen/{n}.html'></head><body><article>"
            f"<h1>{title}</h1>{''.join(paragraphs)}</article></body></html>").encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; with Nagle's algorithm on, the body then waits for
    # the client's delayed ACK (~40 ms a response on Linux), which no real web server imposes.
    disable_nagle_algorithm = True
    server: GeneratedSite

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        site = self.server
        path = self.path.split("?")[0]
        ctype = "text/html; charset=utf-8"
        if path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{site.base}/gen/{n}.html</loc></url>"
                           for n in range(site.pages))
            body = ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns="
                    f"'http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>").encode()
            ctype = "application/xml"
        elif path.startswith("/gen/") and path.endswith(".html") and path[5:-5].isdigit():
            body = page_html(site.base, int(path[5:-5]))
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class GeneratedSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: int, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.pages = pages
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> GeneratedSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def main() -> None:  # python -m archive.dev.capture_site PAGES PORT (for the kill test)
    import sys

    site = GeneratedSite(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(site.base, flush=True)
    site.serve_forever()


if __name__ == "__main__":
    main()
