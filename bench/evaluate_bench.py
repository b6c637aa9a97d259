"""Evaluate: 200 cases x 3 models against the loopback chat server (its own process) with 200 ms
of latency per answer. Wall time against cases x models x latency / concurrency, and peak memory
of the process running the run (the real InferenceClient, threads, SQLite writes).

.venv/bin/python bench/evaluate_bench.py [concurrency ...]   # prints one JSON line per concurrency
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from llm_atlas.evaluate import runner  # noqa: E402
from llm_atlas.evaluate.cases import Case  # noqa: E402
from llm_atlas.evaluate.connections import Connection  # noqa: E402
from llm_atlas.evaluate.pricing import Price  # noqa: E402
from llm_atlas.evaluate.spec import ModelSpec, RunSettings  # noqa: E402
from llm_atlas.evaluate.store import Store  # noqa: E402

CASES, MODELS = 200, 3
LATENCY_S = float(os.environ.get("BENCH_LATENCY_S", "0.2"))


def one(base_url: str, concurrency: int) -> dict:
    cases = [Case(str(i), f"Question {i}: what is {i} + {i}?", f"#### {2 * i}") for i in range(CASES)]
    conn = Connection("openai", "bench", base_url=base_url, key="bench-key")
    models = [ModelSpec(f"m{j}", conn, f"m{j}", None, Price(0.5, 1.5)) for j in range(MODELS)]
    settings = RunSettings(grader="numeric", concurrency=concurrency, spend_cap_usd=None, max_tokens=64)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite")
        run_id = store.create_run("bench", settings.public(), cases, "bench", [m.public() for m in models])
        t = time.perf_counter()
        progress = runner.run(store, run_id, models, cases, settings)
        wall = time.perf_counter() - t
        stored = len(store.done(run_id))
    ideal = CASES * MODELS * LATENCY_S / concurrency
    return {
        "concurrency": concurrency,
        "requests": CASES * MODELS,
        "answers_stored": stored,
        "errors": progress.errors,
        "wall_s": round(wall, 2),
        "ideal_s": round(ideal, 2),
        "ratio": round(wall / ideal, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(concurrencies: list[int]) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.chat_server", str(LATENCY_S)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        base_url = server.stdout.readline().strip()
        for c in concurrencies:
            print(json.dumps(one(base_url, c)), flush=True)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [8, 16])
