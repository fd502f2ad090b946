"""A small web site served from 127.0.0.1 (threading http.server) with every case the
capture must handle: a feed, a sitemap index, French and English articles with metadata,
robots.txt with a disallowed folder, a redirect chain, a 404, a 500 that recovers, a response
slower than the timeout, a page over the size cap, a gzip bomb, a non-HTML file, a page that
changes between two captures, a 304 on re-capture, and redirects to private addresses."""

from __future__ import annotations

import contextlib
import functools
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T08:00:00+00:00">
<link rel="canonical" href="{base}{path}">
<script>document.addEventListener("DOMContentLoaded", function () {{
  document.body.insertAdjacentHTML("afterbegin", "<p id='ran'>SCRIPT RAN</p>"); }});</script>
</head><body>
<header><nav><a href="/">Accueil</a></nav></header>
<article><h1>{title}</h1>
<p class="byline">Par {author}</p>
{paragraphs}
</article>
<footer><p>{extra}</p><img src="{base}/tracker.png" alt="">
<link rel="stylesheet" href="{base}/style.css"></footer>
</body></html>"""

FR_TEXT = [
    "Jean-Luc Mélenchon a réuni ses partisans à Marseille pour présenter le programme de "
    "La France insoumise aux élections législatives de juin.",
    "Devant plusieurs milliers de personnes, le candidat a défendu la planification "
    "écologique, la hausse du salaire minimum et la retraite à soixante ans.",
    "Ses adversaires lui reprochent un programme coûteux, mais ses soutiens saluent une "
    "campagne de terrain menée quartier par quartier dans toute la ville.",
]
EN_TEXT = [
    "Marine Le Pen told supporters in Hénin-Beaumont that the National Rally would fight "
    "every constituency in the parliamentary elections this June.",
    "The party leader promised lower energy prices and a referendum on immigration, while "
    "her opponents warned that the plans would break European rules.",
    "Analysts said the campaign would be decided by turnout in small towns, where the party "
    "has gained ground at every election for a decade.",
]


def article(base: str, path: str, *, lang: str, title: str, author: str, date: str,
            paragraphs: list[str], site: str = "Le Journal Local", extra: str = "") -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return ARTICLE.format(lang=lang, title=title, author=author, date=date, base=base,
                          path=path, paragraphs=body, site=site, extra=extra).encode("utf-8")


@functools.cache
def gzip_bomb() -> bytes:
    """64 MB of zeros in about 64 KB."""
    return gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)


class SiteState:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, dict]] = []
        self.flaky_calls = 0
        self.changing_version = 1
        self.boilerplate_tick = 0
        self.slow_seconds = 2.0
        self.big_bytes = 2 * 1024 * 1024

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


class Handler(BaseHTTPRequestHandler):
    server: TestSite
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # no ~40 ms delayed-ACK stall between headers and body

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        state = self.server.state
        with state.lock:
            state.requests.append((self.path, dict(self.headers)))
        route = self.server.routes().get(self.path.split("?")[0])
        if route is None:
            self._send(404, b"<html><body><h1>Not found</h1></body></html>")
            return
        route(self)


class TestSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = SiteState()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> TestSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    # -- pages -----------------------------------------------------------------------------
    def fr_article(self) -> bytes:
        return article(self.base, "/fr/melenchon-marseille.html", lang="fr",
                       title="Mélenchon présente son programme à Marseille",
                       author="Claire Dubois", date="2017-06-02", paragraphs=FR_TEXT)

    def en_article(self) -> bytes:
        return article(self.base, "/en/le-pen-campaign.html", lang="en",
                       title="Le Pen launches her parliamentary campaign",
                       author="John Smith", date="2017-05-20", paragraphs=EN_TEXT,
                       site="The Local Journal")

    def changing(self) -> bytes:
        state = self.state
        paragraphs = list(FR_TEXT)
        title = "Le programme de Marseille en débat"
        if state.changing_version >= 2:
            paragraphs[1] = ("Devant plusieurs milliers de personnes, le candidat a défendu la "
                             "planification écologique et la retraite à soixante-deux ans, "
                             "sans parler du salaire minimum.")
            title = "Le programme de Marseille corrigé"
        extra = f"Mis à jour le 3 juin 2017 à 10h{state.boilerplate_tick:02d}"
        paragraphs.append(f"{120 + state.boilerplate_tick} partages")
        return article(self.base, "/fr/changing.html", lang="fr", title=title,
                       author="Claire Dubois", date="2017-06-03", paragraphs=paragraphs,
                       extra=extra)

    def routes(self) -> dict:
        base = self.base
        state = self.state

        def page(body_fn, **kw):
            return lambda h: h._send(200, body_fn(), **kw)

        def redirect(to):
            return lambda h: h._send(302, b"", headers={"Location": to})

        def flaky(h):
            with state.lock:
                state.flaky_calls += 1
                first = state.flaky_calls == 1
            if first:
                h._send(500, b"oops", headers={"Retry-After": "1"})
            else:
                h._send(200, article(base, "/fr/flaky.html", lang="fr",
                                     title="Une page qui revient après une erreur",
                                     author="Paul Martin", date="2017-06-04",
                                     paragraphs=FR_TEXT[::-1]))

        def slow(h):
            time.sleep(state.slow_seconds)
            h._send(200, self.fr_article())

        def big(h):
            filler = b"<p>" + b"x" * 1000 + b"</p>\n"
            h._send(200, b"<html><body>" + filler * (state.big_bytes // len(filler))
                    + b"</body></html>")

        def bomb(h):
            h._send(200, gzip_bomb(), headers={"Content-Encoding": "gzip"})

        def conditional(h):
            if h.headers.get("If-None-Match") == '"v1"':
                h._send(304, b"", headers={"ETag": '"v1"'})
            else:
                h._send(200, article(base, "/en/conditional.html", lang="en",
                                     title="A page that answers not modified",
                                     author="John Smith", date="2017-05-21",
                                     paragraphs=EN_TEXT[::-1], site="The Local Journal"),
                        headers={"ETag": '"v1"'})

        def gzipped(h):
            h._send(200, gzip.compress(self.en_article()), headers={"Content-Encoding": "gzip"})

        def latin1(h):
            text = ("<html><head><title>Un été à Besançon</title></head><body><article>"
                    "<h1>Un été à Besançon</h1>" + "".join(f"<p>{p}</p>" for p in FR_TEXT)
                    + "</article></body></html>")
            h._send(200, text.encode("latin-1"), ctype="text/html; charset=iso-8859-1")

        feed_items = ["/fr/melenchon-marseille.html", "/en/le-pen-campaign.html",
                      "/private/secret.html", "/fr/changing.html"]
        feed = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
                "<title>Le Journal Local</title><link>" + base + "/</link>"
                "<description>Les articles</description>"
                + "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>"
                          for p in feed_items)
                + "</channel></rss>").encode()
        sitemap_index = (
            "<?xml version='1.0' encoding='UTF-8'?>"
            "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"<sitemap><loc>{base}/sitemap-articles.xml</loc></sitemap>"
            f"<sitemap><loc>{base}/sitemap-other.xml</loc></sitemap>"
            "</sitemapindex>").encode()

        def urlset(entries):
            return ("<?xml version='1.0' encoding='UTF-8'?>"
                    "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                    + "".join(f"<url><loc>{base}{p}</loc>"
                              + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>"
                              for p, m in entries)
                    + "</urlset>").encode()

        return {
            "/robots.txt": page(lambda: b"User-agent: *\nDisallow: /private/\n",
                                ctype="text/plain"),
            "/feed.xml": page(lambda: feed, ctype="application/rss+xml"),
            "/sitemap.xml": page(lambda: sitemap_index, ctype="application/xml"),
            "/sitemap-articles.xml": page(lambda: urlset([
                ("/fr/melenchon-marseille.html", "2017-06-02T09:00:00+00:00"),
                ("/en/le-pen-campaign.html", "2017-05-20"),
            ]), ctype="application/xml"),
            "/sitemap-other.xml": page(lambda: urlset([("/fr/flaky.html", None),
                                                       ("/files/report.pdf", None)]),
                                       ctype="application/xml"),
            "/fr/melenchon-marseille.html": page(self.fr_article),
            "/en/le-pen-campaign.html": page(self.en_article),
            "/private/secret.html": page(self.fr_article),
            "/fr/changing.html": page(self.changing),
            "/fr/flaky.html": flaky,
            "/slow.html": slow,
            "/big.html": big,
            "/bomb.html": bomb,
            "/en/conditional.html": conditional,
            "/en/gzipped.html": gzipped,
            "/fr/latin1.html": latin1,
            "/files/report.pdf": page(lambda: b"%PDF-1.4 not really", ctype="application/pdf"),
            "/document.pdf": page(lambda: b"%PDF-1.4 not really", ctype="application/pdf"),
            "/redirect/1": redirect("/redirect/2"),
            "/redirect/2": redirect(base + "/redirect/3"),
            "/redirect/3": redirect("/fr/melenchon-marseille.html"),
            "/loop": redirect("/loop"),
            "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
            "/to-database": redirect("http://10.0.0.7:5432/"),
        }


def capture_one(config, path: str = "/fr/melenchon-marseille.html"):
    """Capture one page of a TestSite started for the purpose: the Capture, replayable."""
    from archive.capture.crawl import capture
    from archive.models import Capture

    server = TestSite().start()
    try:
        capture([server.url(path)], config=config)
    finally:
        server.stop()
    return Capture.objects.exclude(record_offset=None).get(source_url=server.url(path))
