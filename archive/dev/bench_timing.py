"""Timing helpers of the benchmarks: percentiles, warm-up and timed runs, memory, sizes,
the machine."""

from __future__ import annotations

import os
import platform
import resource
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings


def machine_info() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    info["database"] = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return info


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn: Callable[[], object], inputs: list, warmup: int, repeat: int):
    """(cold ms, [ms...]) calling fn(input) on inputs cycled."""
    cold = None
    for i in range(warmup):
        start = time.perf_counter()
        fn(inputs[i % len(inputs)])
        if cold is None:
            cold = (time.perf_counter() - start) * 1000
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(inputs[(warmup + i) % len(inputs)])
        samples.append((time.perf_counter() - start) * 1000)
    return cold, samples


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: kilobytes


def dir_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)
