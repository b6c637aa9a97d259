"""Quality vs cost benchmarks: the Pareto frontier at scale, and time to a visible chart vs the floor app."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

from llm_atlas.analysis import pareto_frontier

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


def time_to_chart(runs: int = 5) -> tuple[float, float]:
    """Median seconds from navigation to the first drawn scatter point: (page, floor)."""
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, StreamlitServer

    servers = {"page": StreamlitServer(), "floor": StreamlitServer(script=REPO / "bench" / "floor_app.py")}
    results: dict[str, list[float]] = {"page": [], "floor": []}
    try:
        for s in servers.values():
            s.wait()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            urls = {"page": f"{servers['page'].url}/quality_cost", "floor": servers["floor"].url}
            for url in urls.values():  # warm each server's caches once
                pg = browser.new_page()
                pg.goto(url)
                pg.locator(".js-plotly-plot .scatterlayer .points path").first.wait_for(timeout=60_000)
                pg.close()
            for _ in range(runs):
                for name, url in urls.items():
                    pg = browser.new_page()
                    t = time.perf_counter()
                    pg.goto(url)
                    pg.locator(".js-plotly-plot .scatterlayer .points path").first.wait_for(timeout=60_000)
                    results[name].append(time.perf_counter() - t)
                    pg.close()
            browser.close()
    finally:
        for s in servers.values():
            s.stop()
    return statistics.median(results["page"]), statistics.median(results["floor"])
