"""Trends (issue 19): the history's read, one page view, a model's small charts, and what the
history step adds to a refresh, on the bundled snapshot. `python bench/trends_bench.py`."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from llm_atlas import history_charts  # noqa: E402
from llm_atlas.pipeline import history, snapshot  # noqa: E402
from llm_atlas.views import boards, trends  # noqa: E402


def _median(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    data = REPO / "data"
    snap = snapshot.load(data)
    raw = history.load(data)
    h = boards.prepare(raw)
    size = (data / snap.manifest["files"]["history"]).stat().st_size
    rows = [
        ("history file", f"{size / 1e6:.2f} MB, {len(raw):,} rows"),
        (
            "read + prepare (first open of Trends or a model's history)",
            f"{_median(lambda: boards.prepare(history.load(data))):.3f} s",
        ),
        ("one Trends view (text, full)", f"{_median(lambda: trends.view(h, snap.models, 'text', 'full', None)):.3f} s"),
        (
            "one Trends view (text, coding)",
            f"{_median(lambda: trends.view(h, snap.models, 'text', 'coding', None)):.3f} s",
        ),
        (
            "a model's small charts (gpt-4o)",
            f"{_median(lambda: history_charts.model_history_figures(h, 'gpt-4o')):.3f} s",
        ),
        (
            "refresh's history step (append + re-join + report)",
            f"{_median(lambda: history.join_report(history.update(raw, snap.models, snap.offers, snap.scores, history.source_dates(snap.manifest)), snap.models, snap.offers), runs=3):.3f} s",
        ),
    ]
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
