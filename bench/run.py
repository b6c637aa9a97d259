"""Run every benchmark and print a Markdown results table (paste into bench/README.md).

.venv/bin/python bench/run.py            # all
.venv/bin/python bench/run.py data       # only the data foundation ones
.venv/bin/python bench/run.py instructions   # the cold load under valgrind (apt-get install valgrind)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

RUNS = 5


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench_cold_load() -> list[tuple[str, str, str, str]]:
    results = [
        json.loads(
            subprocess.run(
                [sys.executable, str(REPO / "bench/cold_load.py")], capture_output=True, text=True, check=True, cwd=REPO
            ).stdout
        )
        for _ in range(RUNS)
    ]
    secs = median([r["seconds"] for r in results])
    rss = median([r["peak_rss_mb"] for r in results])
    # The floor: a process that only imports pandas, measured in the same run.
    floor_code = "import time; t = time.perf_counter(); import pandas; print(time.perf_counter() - t)"
    floor = median(
        [
            float(subprocess.run([sys.executable, "-c", floor_code], capture_output=True, text=True, check=True).stdout)
            for _ in range(RUNS)
        ]
    )
    return [
        (
            "cold import + load snapshot, wall (median of 5)",
            f"{secs:.3f} s (import pandas alone: {floor:.3f} s)",
            "< 0.5 s",
            "pass" if secs < 0.5 else "FAIL",
        ),
        (
            "cold import + load snapshot, peak RSS (median of 5)",
            f"{rss:.0f} MB",
            "< 250 MB",
            "pass" if rss < 250 else "FAIL",
        ),
    ]


def _callgrind_instructions(args: list[str]) -> int:
    """User-space instructions of one process under valgrind: repeatable whatever else the VM does."""
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out", *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": "0"},  # same dict/set layouts run to run
        )
    return int(run.stderr.split("Collected :")[1].split()[0])


def bench_cold_load_instructions() -> list[tuple[str, str, str, str]]:
    """The package's own share of a cold start, free of the VM's timing noise (needs valgrind)."""
    if not shutil.which("valgrind"):
        return [("cold import + load, instructions", "valgrind not installed", "-", "skipped")]
    floor = _callgrind_instructions([sys.executable, "-c", "import pandas"])
    whole = _callgrind_instructions([sys.executable, str(REPO / "bench/cold_load.py")])
    share = whole / floor - 1
    return [
        (
            "cold import + load snapshot, instructions (callgrind) over `import pandas` alone",
            f"{whole / 1e9:.3f} G vs {floor / 1e9:.3f} G: +{share:.1%}",
            "< +10 %",
            "pass" if share < 0.10 else "FAIL",
        )
    ]


def bench_refresh() -> list[tuple[str, str, str, str]]:
    from llm_atlas.pipeline import refresh
    from llm_atlas.pipeline.sources import SOURCES
    from tests.upstream_server import Fault, Upstream, UpstreamServer

    rows = []
    times, hung = [], []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        refresh.refresh(base, from_dir=REPO / "tests/fixtures/upstream")
        for _ in range(RUNS):
            out = Path(tmp) / "out"
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(base, out)
            with UpstreamServer(Upstream()) as server:
                t = time.perf_counter()
                result = refresh.refresh(out, base_url=server.base_url, timeout=(5.0, 5.0))
                times.append(time.perf_counter() - t)
                assert not result.failed, result.failed
        read_timeout = 2.0
        for _ in range(RUNS):
            out = Path(tmp) / "out"
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(base, out)
            with UpstreamServer(Upstream(faults={"/aider/": Fault(hang_s=60)})) as server:
                t = time.perf_counter()
                result = refresh.refresh(out, base_url=server.base_url, timeout=(read_timeout, read_timeout))
                hung.append(time.perf_counter() - t)
                assert result.failed == ["aider"] and len(result.refreshed) == len(SOURCES) - 1, result.failed
    full, stuck = median(times), median(hung)
    rows.append(
        (
            f"full refresh, {len(SOURCES)} sources from loopback (median of 5)",
            f"{full:.2f} s",
            "< 5 s",
            "pass" if full < 5 else "FAIL",
        )
    )
    rows.append(
        (
            f"refresh with aider hung, read timeout {read_timeout:.0f} s (median of 5)",
            f"{stuck:.2f} s, {len(SOURCES) - 1} others updated",
            f"< {read_timeout + 2:.0f} s",
            "pass" if stuck < read_timeout + 2 else "FAIL",
        )
    )
    return rows


def bench_explore() -> list[tuple[str, str, str, str]]:
    sys.path.insert(0, str(REPO / "bench"))
    import explore_bench

    rows = []
    for name, (filter_s, table_s) in explore_bench.filter_timings(RUNS).items():
        verdict = "pass" if filter_s < 0.05 else "FAIL"
        rows.append(
            (
                f"Explore filter on 100,000 models: {name} (median of 5)",
                f"{filter_s * 1000:.1f} ms ({table_s * 1000:.1f} ms with the shown table)",
                "< 50 ms",
                verdict,
            )
        )
    rerun, sent = explore_bench.apptest_rerun(RUNS)
    rows.append(
        (
            "Explore AppTest rerun after one filter change, real snapshot (median of 5)",
            f"{rerun:.3f} s",
            "< 0.5 s",
            "pass" if rerun < 0.5 else "FAIL",
        )
    )
    rows.append(
        (
            "Explore table sent for the full catalog (Arrow bytes, shown columns only)",
            f"{sent / 1e6:.2f} MB",
            "only shown columns",
            "pass",
        )
    )
    return rows


def bench_quality() -> list[tuple[str, str, str, str]]:
    sys.path.insert(0, str(REPO / "bench"))
    import quality_bench

    pareto = quality_bench.pareto_timing(runs=RUNS)
    return [
        (
            "Pareto frontier of 100,000 points (median of 5)",
            f"{pareto * 1000:.1f} ms",
            "< 100 ms",
            "pass" if pareto < 0.1 else "FAIL",
        ),
    ]


def bench_app() -> list[tuple[str, str, str, str]]:
    """The whole app in headless Chromium: render vs floor, interaction, concurrency, memory."""
    sys.path.insert(0, str(REPO / "bench"))
    import browser_bench as bb

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        servers = bb.Servers(Path(tmp))
        try:
            renders = bb.time_to_render(servers, RUNS)
            latency = bb.interaction_latency(servers, 20)
        finally:
            servers.close()
        for page, (secs, floor) in renders.items():
            ratio = secs / floor
            rows.append(
                (
                    f"{page}: navigation to first meaningful content, new session (median of 5)",
                    f"{secs:.2f} s vs floor {floor:.2f} s = {ratio:.2f}x",
                    "<= 1.5x floor",
                    "pass" if ratio <= 1.5 else "FAIL",
                )
            )
        for page, samples in latency.items():
            rows.append(
                (
                    f"{page}: search typed -> rerun drawn, 20 changes",
                    f"median {median(samples):.2f} s, p95 {bb.p95(samples):.2f} s",
                    "reported",
                    "pass",
                )
            )
        rss = bb.memory_after_all_pages(Path(tmp))
        rows.append(
            (
                "one server after every page rendered once: RSS",
                f"{rss:.0f} MB",
                "< 400 MB",
                "pass" if rss < 400 else "FAIL",
            )
        )
    return rows


def bench_concurrency() -> list[tuple[str, str, str, str]]:
    """20 sessions at once, measured three ways (bench/browser_bench.py concurrency)."""
    sys.path.insert(0, str(REPO / "bench"))
    import browser_bench as bb

    with tempfile.TemporaryDirectory() as tmp:
        cc = bb.concurrency(Path(tmp))
        n = cc["sessions"]
        mixed_ratio = cc["mixed_p95"] / cc["single_median"]
        tabs_ratio = cc["tabs_p95"] / cc["single_median"]
        floor_ratio = cc["floor_tabs_p95"] / cc["floor_single_median"]
        rows = [
            (
                f"{n} concurrent sessions Explore -> Quality -> Wizard, each visitor's own browser: "
                f"p95 time to chart ({cc['mixed_rounds']} rounds of 1 Chromium tab + {n - 1} protocol sessions)",
                f"{cc['mixed_p95']:.2f} s vs single session {cc['single_median']:.2f} s = {mixed_ratio:.2f}x "
                f"(median {cc['mixed_median']:.2f} s; the {n - 1} others: p95 {cc['mixed_protocol_p95']:.2f} s "
                f"to the chart leaving the server; server {cc['mixed_server_cpu_per_round']:.1f} CPU-s per round)",
                "<= 2x single",
                "pass" if mixed_ratio <= 2 else "FAIL",
            ),
            (
                f"{n} concurrent sessions, all {n} as Chromium tabs on the server's 2 cores: p95 time to chart",
                f"{cc['tabs_p95']:.2f} s vs single {cc['single_median']:.2f} s = {tabs_ratio:.2f}x "
                f"(server {cc['tabs_server_cpu']:.1f} CPU-s of {cc['tabs_wall']:.0f} s wall x 2 cores); "
                f"the floor app under the same {n} tabs: {cc['floor_tabs_p95']:.2f} s vs "
                f"{cc['floor_single_median']:.2f} s = {floor_ratio:.2f}x",
                "<= 2x single",
                "pass" if tabs_ratio <= 2 else "FAIL",
            ),
            (
                f"{n} concurrent protocol sessions (no browser): p95 time for the chart to leave the server",
                f"{cc['protocol_many_p95']:.2f} s vs single {cc['protocol_single_median']:.3f} s "
                f"(server {cc['protocol_server_cpu']:.1f} CPU-s for the {n} walks)",
                "reported",
                "pass",
            ),
            (
                f"{cc['sessions']} concurrent sessions: errors",
                str(len(cc["errors"])) + (f" ({cc['errors'][:3]})" if cc["errors"] else ""),
                "0",
                "pass" if not cc["errors"] else "FAIL",
            ),
            (
                f"{cc['sessions']} concurrent sessions: server peak RSS",
                f"{cc['peak_rss_mb']:.0f} MB",
                "< 600 MB",
                "pass" if cc["peak_rss_mb"] < 600 else "FAIL",
            ),
            (
                f"{cc['total_sessions']} sessions on one server: snapshot loads in the server log",
                str(cc["snapshot_loads"]),
                "1 (once per process)",
                "pass" if cc["snapshot_loads"] == 1 else "FAIL",
            ),
        ]
    return rows


SUITES = {
    "data": [bench_cold_load, bench_refresh],
    "explore": [bench_explore],
    "quality": [bench_quality],
    "app": [bench_app, bench_concurrency],
    "concurrency": [bench_concurrency],
    "instructions": [bench_cold_load_instructions],  # ~2 min under valgrind; not in the default set
}


def main(argv: list[str]) -> int:
    chosen = argv or ["data", "explore", "quality", "app"]  # "concurrency" is part of "app"
    print("| benchmark | result | target | verdict |\n|---|---|---|---|")
    failed = False
    for suite in chosen:
        for bench in SUITES[suite]:
            for name, value, target, verdict in bench():
                failed |= verdict not in ("pass", "skipped")
                print(f"| {name} | {value} | {target} | {verdict} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
