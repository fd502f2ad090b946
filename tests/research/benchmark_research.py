"""Timings of the research pages on whatever database and index the environment points at
(a generated corpus: `manage.py generate_corpus` + `rebuild_index`). Dev tooling, not run by
the suite:

    DATABASE_URL=sqlite:////tmp/bench/db.sqlite3 ARCHIVE_INDEX_DIR=/tmp/bench/index \\
        .venv/bin/python -m tests.research.benchmark_research [--repeat 20]

Warm p50/p95 per page (after one untimed request), the network also cold (cache cleared),
and the time to the first byte of each export."""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

PAGES = {
    "compare 3 series": "/compare/?figure=emmanuel-macron&party=rassemblement-national"
                        "&q=retraites",
    "compare 6 series": "/compare/?figure=emmanuel-macron&figure=marine-le-pen"
                        "&figure=jean-luc-melenchon&party=les-republicains"
                        "&party=parti-socialiste&q=europe",
    "compare split by publication": "/compare/?figure=emmanuel-macron&split=publication",
    "compare API": "/api/compare?figure=emmanuel-macron&party=rassemblement-national",
    "network all": "/network/",
    "network 2017, 60 nodes": "/network/?from=2017&to=2017&nodes=60",
    "network party": "/network/?party=la-france-insoumise",
    "network API": "/api/network?q=europe",
}
EXPORTS = {
    "export.csv": "/search/export.csv?q=europe",
    "export.csv excel": "/search/export.csv?party=rassemblement-national&excel=1",
    "export.jsonl": "/search/export.jsonl?from=2019",
    "export.ris": "/search/export.ris?figure=emmanuel-macron",
    "export.bib": "/search/export.bib",
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


CPU: list[float] = []


def timed(client: Client, url: str) -> float:
    """Wall time of one request (to the first chunk of a streamed one); its CPU time, which
    a loaded machine inflates less, goes to CPU."""
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        next(iter(response.streaming_content))
    elapsed = time.perf_counter() - start
    CPU.append(time.process_time() - cpu)
    response.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from archive.models import Article

    client = Client()
    print(f"articles: {Article.objects.count()}, load average: {os.getloadavg()}")
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8}")
    for name, url in {**PAGES, **EXPORTS}.items():
        timed(client, url)  # warm
        CPU.clear()
        runs = [timed(client, url) * 1000 for _ in range(args.repeat)]
        cpu = [c * 1000 for c in CPU]
        label = f"{name} (first byte)" if name in EXPORTS else f"{name} (warm)"
        print(f"{label:34} {statistics.median(runs):8.1f} {percentile(runs, 0.95):8.1f} "
              f"{statistics.median(cpu):8.1f} {percentile(cpu, 0.95):8.1f}")
    for name, url in PAGES.items():
        if "network" in name:
            runs = []
            CPU.clear()
            for _ in range(max(args.repeat // 4, 3)):
                cache.clear()
                runs.append(timed(client, url) * 1000)
            cpu = [c * 1000 for c in CPU]
            print(f"{name + ' (cold)':34} {statistics.median(runs):8.1f} "
                  f"{percentile(runs, 0.95):8.1f} {statistics.median(cpu):8.1f} "
                  f"{percentile(cpu, 0.95):8.1f}")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
