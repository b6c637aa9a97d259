"""Evaluate: 200 cases x 3 models against the loopback chat server (its own process) with 200 ms
of latency per answer. Wall time against cases x models x latency / concurrency, and peak memory
of the process running the run (the real InferenceClient, threads, SQLite writes).

.venv/bin/python bench/evaluate_bench.py [concurrency ...]   # prints one JSON line per concurrency
.venv/bin/python bench/evaluate_bench.py page [idle]         # the page's repaint time during a run (idle: none)
"""

from __future__ import annotations

import json
import os
import re
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


def responsiveness(changes: int = 10, during_run: bool = True) -> dict:
    """Seconds from a widget change on the Evaluate page (max output tokens, typed + Enter) to the
    run statement showing the new value, while a 200 x 3 run goes on in the background."""
    from playwright.sync_api import sync_playwright

    from llm_atlas import config
    from llm_atlas.evaluate import pricing
    from llm_atlas.pipeline import snapshot
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, wait_rendered

    snap = snapshot.load(config.bundled_dir())
    routes = pricing.openrouter_routes(snap.offers, snap.models)
    ids = routes[routes["price_in_usd_mtok"].gt(0)].drop_duplicates("model_id")["request_id"].head(MODELS).tolist()
    csv = "input,expected\n" + "".join(f'"Question {i}: what is {i} + {i}?",{2 * i}\n' for i in range(CASES))
    chat = subprocess.Popen(
        [sys.executable, "-m", "tests.chat_server", str(LATENCY_S)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    base_url = chat.stdout.readline().strip()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "bench-key", "LLM_ATLAS_CACHE_DIR": tmp}
        app = StreamlitServer(env)
        try:
            app.wait()
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{app.url}/evaluate?models={','.join(ids)}&concurrency=8&grader=numeric")
                wait_rendered(page, "Evaluate on your own prompts")
                page.get_by_role("tab", name="Evaluate").click()
                page.locator("input[type=file]").set_input_files(
                    files=[{"name": "bench.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
                )
                page.get_by_text(f"{CASES} cases × {MODELS} models").wait_for(timeout=30_000)
                if during_run:
                    page.get_by_role("button", name="Start run").click()
                    page.get_by_text(re.compile(r"[\d,]+ of [\d,]+ answers")).first.wait_for(timeout=30_000)
                box = page.get_by_label("Max output tokens").last
                samples = []
                for i in range(changes):
                    value = 100 + i
                    box.fill(str(value))
                    t = time.perf_counter()
                    box.press("Enter")
                    page.get_by_text(f"all {value} output tokens used").wait_for(timeout=30_000)
                    samples.append(time.perf_counter() - t)
                progress = page.get_by_text(re.compile(r"[\d,]+ of [\d,]+ answers"))
                shown = progress.first.inner_text() if during_run else "no run"
                browser.close()
        finally:
            app.stop()
            chat.terminate()
            chat.wait(10)
    samples.sort()
    return {"changes": changes, "median_s": round(samples[len(samples) // 2], 3), "max_s": round(samples[-1], 3),
            "progress_at_end": shown}  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["page"]:
        print(json.dumps(responsiveness(during_run=sys.argv[2:] != ["idle"])))
    else:
        main([int(a) for a in sys.argv[1:]] or [8, 16])
