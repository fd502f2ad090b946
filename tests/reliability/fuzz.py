"""Row 1, requests fuzzed: every URL pattern of the site (the URL conf walked, converters
filled with real ids and slugs from the database and with junk) and every documented API
operation (the OpenAPI schema), with query strings drawn by hypothesis from the readers'
parameters (archive/search/params.py), the research pages', the admin changelist's and the
API schema's: dates at their limits, huge numbers, junk text, repeated keys. In-process with
Django's test client on a migrated archive of its own (seeds + generated articles, a Whoosh
index in its data directory); the bar is no 5xx, and no response that breaks mid-stream."""

from __future__ import annotations

import math
import re
import sys
import tempfile
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from tests.killing import archive_env
from tests.reliability.child import in_child
from tests.reliability.table import Row, Scale

#: The readers' parameters (archive/search/params.py), the research pages' (compare, network)
#: and the exports' flags; the API schema's parameters are added from /api/openapi.json.
READER_KEYS = ("q", "figure", "party", "author", "publication", "lang", "from", "to", "sort",
               "page", "per_page", "lineage", "changed")
RESEARCH_KEYS = ("excel", "body", "scale", "min_weight", "nodes", "split", "share", "weight",
                 "kind", "n", "language")
ADMIN_KEYS = ("q", "o", "p", "e", "all", "_popup", "_to_field", "_changelist_filters",
              "status__exact", "language__exact", "published_on__gte", "published_on__lt",
              "publication__id__exact", "id__in", "pk", "app_label", "model_name",
              "field_name", "term")
DATE_KEYS = {"from", "to", "published_on__gte", "published_on__lt", "start", "end"}
NUMBER_KEYS = {"page", "per_page", "p", "o", "n", "min_weight", "nodes", "limit", "offset",
               "id__in", "pk", "publication__id__exact"}

DATES = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "9999", "0000", "0001", "1000-01-01",
                     "0999-12-31", "2999-12-31", "3000-01-01", "2016-02-29", "2017-02-29",
                     "2017-13", "2017-00", "2017-06-31", "2017-6-1", "-2017", "+2017",
                     "2017-06-18T10:00:00", "99999-01-01", "2017/06/18", "18/06/2017",
                     "２０１７", "2017-06-18 ", " 2017", "2017-"]),
    st.dates().map(lambda d: d.isoformat()),
    st.integers(-10**6, 10**6).map(str),
)
NUMBERS = st.one_of(
    st.sampled_from(["0", "-1", "1", "2", "100", "101", "500", "501", "2147483648",
                     "9223372036854775807", "9223372036854775808", "1e9", "1.5", "NaN",
                     "inf", "-0", "٣", "0x10", " 3", "3 ", "", "1,2", "+5"]),
    st.integers(-2**80, 2**80).map(str),
)
SAFE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
QUERIES = st.one_of(
    st.sampled_from(['"phrase', '""', 'figure:', 'party:"', "title:", "author:x OR",
                     "-", "--x", "OR", "OR OR AND", "NOT", "*", "?", "a*", "((((", "))",
                     "\\", "[a TO z]", "{}", "^2", "~", "a~2", "field:*", "figure:*",
                     "melenchon", "Mélenchon", "MÉLENCHON", "le pen", "%", "'", "<script>",
                     "x" * 600, "mot " * 400, "\u202e\u200b", "é" * 300]),
    SAFE_TEXT,
)


def values_for(key: str, known: list[str]) -> st.SearchStrategy[str]:
    real = st.sampled_from(known)
    if key in DATE_KEYS:
        return st.one_of(DATES, real, SAFE_TEXT)
    if key in NUMBER_KEYS:
        return st.one_of(NUMBERS, real, SAFE_TEXT)
    if key == "q":
        return st.one_of(QUERIES, real)
    return st.one_of(real, NUMBERS, DATES, SAFE_TEXT,
                     st.from_regex(r"[-a-zA-Z0-9_]{1,300}", fullmatch=True))


def query_strings(keys: list[str], known: list[str]) -> st.SearchStrategy[str]:
    """A query string: a few documented keys, some repeated, now and then a junk key."""
    pair = st.one_of(*(st.tuples(st.just(k), values_for(k, known)) for k in keys),
                     st.tuples(SAFE_TEXT, SAFE_TEXT))
    repeated = st.tuples(st.sampled_from(keys), st.lists(values_for("", known), min_size=2,
                                                         max_size=12))
    return st.tuples(st.lists(pair, max_size=6), st.lists(repeated, max_size=1)).map(
        lambda parts: urlencode(parts[0] + [(k, v) for k, vs in parts[1] for v in vs]))


@dataclass
class Target:
    """One URL pattern (or documented operation) and the strategy of its URLs."""

    name: str
    urls: st.SearchStrategy[str]


PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _route_part(pattern, pools: dict) -> st.SearchStrategy[str]:
    from django.urls.resolvers import RoutePattern

    if not isinstance(pattern, RoutePattern):  # a regex (the admin's app lists, catch-all)
        regex = pattern._regex.lstrip("^").rstrip("$") or r"\A"
        return st.from_regex(f"^{regex}$", fullmatch=True).map(lambda v: quote(v, safe="/"))
    route = str(pattern)
    pieces: list[st.SearchStrategy[str]] = []
    last = 0
    for m in PLACEHOLDER.finditer(route):
        pieces.append(st.just(route[last:m.start()]))
        kind = type(pattern.converters[m["name"]]).__name__
        pieces.append(pools[kind].map(
            lambda v, kind=kind: quote(v, safe="/" if kind == "PathConverter" else "")))
        last = m.end()
    pieces.append(st.just(route[last:]))
    return st.tuples(*pieces).map("".join)


def url_conf_targets(pools: dict, params: st.SearchStrategy[str],
                     admin_params: st.SearchStrategy[str]) -> list[Target]:
    from django.urls import URLResolver, get_resolver

    targets = []

    def walk(resolver, prefix: tuple) -> None:
        for entry in resolver.url_patterns:
            parts = (*prefix, entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry, parts)
                continue
            path = st.tuples(*(_route_part(p, pools) for p in parts)).map(
                lambda ps: "/" + "".join(ps))
            name = "".join(str(p) for p in parts) or "/"
            query = admin_params if name.startswith("admin/") else params
            targets.append(Target(name, st.tuples(path, query).map(
                lambda pq: f"{pq[0]}?{pq[1]}" if pq[1] else pq[0])))

    walk(get_resolver(), ())
    return targets


def openapi_targets(document: dict, pools: dict, known: list[str]) -> list[Target]:
    """Every GET operation of the schema, path and query parameters typed as documented."""
    targets = []
    for template, operations in document["paths"].items():
        operation = operations.get("get")
        if not operation:
            continue
        path_values, query_fields = {}, []
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            kinds = {schema.get("type")} | {o.get("type") for o in schema.get("anyOf", [])}
            name = parameter["name"]
            if parameter["in"] == "path":
                pool = pools["IntConverter"] if "integer" in kinds else pools["SlugConverter"]
                path_values[name] = st.one_of(pool, SAFE_TEXT.filter(bool))
            elif parameter["in"] == "query":
                value = values_for(name, known)
                if "integer" in kinds or "number" in kinds:
                    value = st.one_of(NUMBERS, value)
                if "array" in kinds:
                    query_fields.append(st.lists(value, max_size=12).map(
                        lambda vs, name=name: [(name, v) for v in vs]))
                else:
                    query_fields.append(value.map(lambda v, name=name: [(name, v)]))
        names = sorted(path_values)

        def build(drawn, template=template, names=names) -> str:
            path_parts, query_parts = drawn
            path = template
            for name, value in zip(names, path_parts, strict=True):
                path = path.replace("{" + name + "}", quote(value, safe=""))
            pairs = [pair for chosen in query_parts for pair in chosen]
            return f"{path}?{urlencode(pairs)}" if pairs else path

        drawn_query = (st.lists(st.one_of(*query_fields), max_size=6) if query_fields
                       else st.just([]))
        targets.append(Target(f"openapi GET {template}", st.tuples(
            st.tuples(*(path_values[n] for n in names)), drawn_query).map(build)))
    return targets


def _pools() -> tuple[dict, list[str]]:
    """Real ids and slugs from the database, and junk, for each kind of URL converter."""
    from archive.models import (
        Article,
        Author,
        Capture,
        Election,
        Figure,
        Party,
        Publication,
    )
    from archive.sitemaps import SITEMAPS

    ints = set()
    for model in (Article, Capture, Figure, Party, Author, Publication, Election):
        ints.update(model.objects.values_list("pk", flat=True)[:200])
    ints.update(range(1, 4))  # version numbers
    slugs = set()
    for model in (Article, Figure, Party, Author, Publication, Election):
        slugs.update(model.objects.values_list("slug", flat=True)[:300])
    slugs |= set(SITEMAPS)
    real_ints = sorted(str(i) for i in ints)
    real_slugs = sorted(s for s in slugs if s)
    huge = st.sampled_from(["0", "00", "2147483648", "9223372036854775808", "1" * 40])
    junk_slug = st.from_regex(r"[-a-zA-Z0-9_]{1,300}", fullmatch=True)
    junk_text = SAFE_TEXT.filter(bool)
    pools = {
        "IntConverter": st.one_of(st.sampled_from(real_ints), st.integers(0, 10**7).map(str),
                                  huge),
        "SlugConverter": st.one_of(st.sampled_from(real_slugs), junk_slug),
        "StringConverter": st.one_of(st.sampled_from(real_slugs),
                                     junk_text.map(lambda t: t.replace("/", ""))
                                     .filter(bool)),
        "PathConverter": st.one_of(st.sampled_from(real_ints), st.sampled_from(real_slugs),
                                   junk_text, huge),
        "UUIDConverter": st.uuids().map(str),
    }
    return pools, real_slugs + real_ints[:50]


def _prepare(articles: int):
    from django.contrib.auth.models import User

    from archive.defaults import load_defaults
    from archive.dev.corpus import generate
    from archive.search.rebuild import rebuild

    load_defaults()
    generate(articles, seed=14)
    rebuild()
    return User.objects.create_superuser("fuzz", "fuzz@example.org", "a long Passphrase 42")


def work(scale: Scale) -> dict:
    import logging

    from django.core.signals import got_request_exception
    from django.test import Client

    logging.getLogger("django").setLevel(logging.CRITICAL)  # 4xx warnings; 5xx counted below
    logging.getLogger("archive").setLevel(logging.CRITICAL)
    superuser = _prepare(scale.fuzz_articles)
    reader, editor = Client(raise_request_exception=False), \
        Client(raise_request_exception=False)
    editor.force_login(superuser)
    document = reader.get("/api/openapi.json").json()
    pools, known = _pools()
    api_keys = sorted({p["name"] for op in document["paths"].values()
                       for p in op.get("get", {}).get("parameters", []) if p["in"] == "query"})
    keys = sorted(set(READER_KEYS) | set(RESEARCH_KEYS) | set(api_keys))
    targets = (url_conf_targets(pools, query_strings(keys, known),
                                query_strings(list(ADMIN_KEYS), known))
               + openapi_targets(document, pools, known))

    raised: list[str] = []
    got_request_exception.connect(
        lambda sender, request=None, **kw: raised.append(
            "".join(traceback.format_exception(*sys.exc_info())[-3:])), weak=False)
    statuses: Counter = Counter()
    failures: list[dict] = []
    per_target: Counter = Counter()

    def request(target: Target, url: str, method: str, french: bool) -> None:
        client = editor if target.name.startswith("admin/") else reader
        headers = {"accept-language": "fr"} if french else {}
        del raised[:]
        try:
            response = getattr(client, method)(url, headers=headers)
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
            status = response.status_code
            response.close()
        except Exception:  # the stream broke after its header was sent
            status = 599
            raised.append(traceback.format_exc(limit=-3))
        statuses[status] += 1
        per_target[target.name] += 1
        if status >= 500:
            failures.append({"url": url, "method": method.upper(), "status": status,
                             "target": target.name, "error": (raised or [""])[-1][-800:]})

    def prober(target: Target, examples: int, number: int):
        @settings(max_examples=examples, database=None, deadline=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @seed(number)
        @given(url=target.urls, method=st.sampled_from(["get"] * 8 + ["head", "options"]),
               french=st.booleans())
        def probe(url, method, french):
            request(target, url, method, french)

        return probe

    budget = math.ceil(scale.fuzz_requests / len(targets))
    round_seed = 0
    while sum(statuses.values()) < scale.fuzz_requests:
        for number, target in enumerate(targets):
            prober(target, budget, round_seed * 1000 + number)()
        round_seed += 1
    return {"requests": sum(statuses.values()), "patterns": len(targets),
            "untried": sorted({t.name for t in targets} - set(per_target)),
            "statuses": dict(sorted(statuses.items())),
            "failures": failures[:50], "five_xx": sum(1 for f in failures)}


def run(scale: Scale, database_url: str | None = None) -> Row:
    """On a SQLite archive of its own, or on the (fresh) database of ``database_url``."""
    with tempfile.TemporaryDirectory(prefix="reliability-fuzz-") as tmp:
        _, env = archive_env(Path(tmp), **({"DATABASE_URL": database_url}
                                          if database_url else {}))
        found = in_child("fuzz", scale, env)
    five = found["five_xx"]
    ok = five == 0 and found["requests"] >= scale.fuzz_requests and not found["untried"]
    measured = (f"{found['requests']:,} requests over {found['patterns']} URL patterns and "
                f"API operations: {five} 5xx")
    return Row("requests fuzzed", measured, f">= {scale.fuzz_requests:,} requests, 0 5xx",
               ok, details=found)
