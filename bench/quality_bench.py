"""Quality vs cost: the Pareto frontier at scale (the page itself is measured in browser_bench.py)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np

from llm_atlas.views.analysis import pareto_frontier

REPO = Path(__file__).resolve().parents[1]


def pareto_timing(n: int = 100_000, runs: int = 5) -> float:
    rng = np.random.default_rng(3)
    x = rng.lognormal(0, 2, n)
    y = rng.normal(1200, 100, n)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        pareto_frontier(x, y)
        times.append(time.perf_counter() - t)
    return statistics.median(times)
