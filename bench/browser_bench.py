"""Whole-app benchmarks in headless Chromium against `streamlit run` on 127.0.0.1:
time to first meaningful render of every page vs the floor app, interaction latency,
20 concurrent sessions, and server memory. Run through bench/run.py (suite "app")."""

from __future__ import annotations

import asyncio
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from llm_atlas import BUNDLED_DATA_DIR  # noqa: E402
from llm_atlas.pipeline import snapshot  # noqa: E402
from llm_atlas.views import explore  # noqa: E402
from tests.e2e.conftest import CHROMIUM_ARGS, StreamlitServer  # noqa: E402
from tests.upstream_server import UpstreamServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PLOT_POINT = ".js-plotly-plot .scatterlayer .points path"
PLOT_BAR = ".js-plotly-plot .barlayer .point path"
SCRIPT_DONE = "document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'"


def compare_ids() -> str:
    """Three well-scored models with a price, for Compare's URL."""
    snap = snapshot.load(BUNDLED_DATA_DIR)
    m = snap.models
    picked = m[m["price_in_usd_mtok"].notna()].sort_values("n_scores", ascending=False)["model_id"].head(3)
    return ",".join(picked)


def page_targets() -> dict[str, tuple[str, str]]:
    """page -> (path and query, CSS selector of its first meaningful content)."""
    return {
        "home": ("", "[data-testid=stPageLink] a"),  # the start page: its cards' links
        "explore": ("explore", "[data-testid=stDataFrame] canvas"),
        "quality_cost": ("quality_cost", PLOT_POINT),
        "compare": (f"compare?models={compare_ids()}", PLOT_BAR),
        "costs": ("costs", PLOT_BAR),
        "wizard": ("wizard", "[data-testid=stButton] button"),
        "hub": ("hub", "[data-testid=stDataFrame] canvas"),
        "sources": ("sources", "[data-testid=stDataFrame] canvas"),
    }


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


class Servers:
    """The app (its Hub on a loopback server) and the floor app, started once."""

    def __init__(self, tmp: Path) -> None:
        self.upstream = UpstreamServer()
        self.upstream.__enter__()
        env = {"LLM_ATLAS_UPSTREAM_BASE": self.upstream.base_url, "LLM_ATLAS_CACHE_DIR": str(tmp / "cache")}
        self.app = StreamlitServer(env)
        self.floor = StreamlitServer(env, script=REPO / "bench" / "floor_app.py")
        self.app.wait()
        self.floor.wait()

    def close(self) -> None:
        self.app.stop()
        self.floor.stop()
        self.upstream.__exit__(None, None, None)


def time_to_render(servers: Servers, runs: int) -> dict[str, tuple[float, float]]:
    """Median seconds from navigation to each page's meaningful content, and the floor's,
    interleaved in one run; each visit a new browser page (a new Streamlit session)."""
    from playwright.sync_api import sync_playwright

    targets = {**page_targets(), "floor": ("", PLOT_POINT)}
    times: dict[str, list[float]] = {name: [] for name in targets}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for attempt in range(runs + 1):  # the first round warms each server's caches
            for name, (path, selector) in targets.items():
                base = servers.floor.url if name == "floor" else servers.app.url
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                started = time.perf_counter()
                page.goto(f"{base}/{path}")
                page.locator(selector).first.wait_for(timeout=90_000)
                if attempt:
                    times[name].append(time.perf_counter() - started)
                page.close()
        browser.close()
    floor = statistics.median(times.pop("floor"))
    return {name: (statistics.median(t), floor) for name, t in times.items()}


# A fast rerun can go running -> notRunning before the observer's callback runs, so the records'
# old values, not only the attribute's current value, tell that a run happened.
ARM_RUN_WATCH = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    const STATE = 'data-test-script-state';
    window.__runDoneAt = undefined;
    let seen = false;
    new MutationObserver((records, obs) => {
        if (records.some(r => r.oldValue === 'running')) seen = true;
        const state = app.getAttribute(STATE);
        if (state === 'running') seen = true;
        if (seen && state === 'notRunning') {
            obs.disconnect();
            requestAnimationFrame(() => { window.__runDoneAt = performance.now(); });
        }
    }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: [STATE]});
    return performance.now();
}"""

SEARCHES = ["gpt", "llama", "qwen", "claude", "mistral", "gemma", "deepseek", "phi", "command", "grok"]


def interaction_latency(servers: Servers, changes: int = 20) -> dict[str, list[float]]:
    """Seconds from a filter change (a search typed in the sidebar, Enter) to the rerun
    finished and painted; for Explore also checks the count shown is the package's count."""
    from playwright.sync_api import sync_playwright

    snap = snapshot.load(BUNDLED_DATA_DIR)
    prepared = explore.prepare(snap)
    out: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, selector in (("explore", "[data-testid=stDataFrame] canvas"), ("quality_cost", PLOT_POINT)):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{servers.app.url}/{name}")
            page.locator(selector).first.wait_for(timeout=90_000)
            page.wait_for_function(SCRIPT_DONE)
            box = page.get_by_label("Search name or id")
            samples = []
            for i in range(changes):
                term = SEARCHES[i % len(SEARCHES)] + ("" if i < len(SEARCHES) else " ")
                box.fill(term)
                started = page.evaluate(ARM_RUN_WATCH)
                box.press("Enter")
                # Waits with a time limit: a run never seen is an error, not a silent hang.
                page.wait_for_function("window.__runDoneAt !== undefined", timeout=120_000)
                done = page.evaluate("window.__runDoneAt")
                samples.append((done - started) / 1000)
                if name == "explore":
                    want = explore.apply(prepared, explore.Filters(search=term.strip()), snap.offers).count
                    shown = page.get_by_text(re.compile(r"^[\d,]+ of [\d,]+ models$")).first.inner_text()
                    assert int(shown.split(" of ")[0].replace(",", "")) == want, (term, shown, want)
            out[name] = samples
            page.close()
        browser.close()
    return out


async def _walk(context, base: str, quality_selector: str) -> tuple[float, list[str]]:
    page = await context.new_page()
    page.set_default_timeout(300_000)  # 20 tabs on 2 shared cores are slow; slow is measured, not fatal
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    await page.goto(f"{base}/explore", wait_until="commit")
    await page.locator("[data-testid=stDataFrame] canvas").first.wait_for()
    started = time.perf_counter()
    await page.goto(f"{base}/quality_cost", wait_until="commit")
    await page.locator(quality_selector).first.wait_for()
    to_chart = time.perf_counter() - started
    await page.goto(f"{base}/wizard", wait_until="commit")
    await page.locator("[data-testid=stButton] button").first.wait_for()
    errors += [f"exception on {u}" for u in [page.url] if await page.get_by_test_id("stException").count()]
    await page.close()
    return to_chart, errors


async def _floor_visit(context, base: str) -> float:
    """The floor app in a new tab: from navigation to its first drawn point."""
    page = await context.new_page()
    page.set_default_timeout(300_000)
    started = time.perf_counter()
    await page.goto(base, wait_until="commit")
    await page.locator(PLOT_POINT).first.wait_for()
    elapsed = time.perf_counter() - started
    await page.close()
    return elapsed


async def _runs(base: str, floor: str, sessions: int, single_runs: int, rounds: int, pid: int) -> dict[str, object]:
    """Tabs of one browser context: each tab is its own Streamlit session (its own websocket),
    while the tabs share the HTTP cache, as many visitors' own browsers would each have theirs
    warm. One walk warms it; then single-session walks; then the three concurrent measurements."""
    from playwright.async_api import async_playwright

    from tests.e2e.protocol_client import walk_many, walk_session

    out: dict[str, object] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        await _walk(context, base, PLOT_POINT)
        await _floor_visit(context, floor)
        out["single"] = [(await _walk(context, base, PLOT_POINT))[0] for _ in range(single_runs)]

        # 1. Every session a Chromium tab: 20 renderers share the server's 2 cores.
        started, cpu = time.perf_counter(), cpu_seconds(pid)
        out["tabs"] = await asyncio.gather(*[_walk(context, base, PLOT_POINT) for _ in range(sessions)])
        out["tabs_wall"], out["tabs_cpu"] = time.perf_counter() - started, cpu_seconds(pid) - cpu

        # 2. The floor app under the same 20-tab load: what this rig does to a bare Streamlit page.
        out["floor_single"] = [await _floor_visit(context, floor) for _ in range(single_runs)]
        out["floor_tabs"] = await asyncio.gather(*[_floor_visit(context, floor) for _ in range(sessions)])

        # 3. Each visitor in their own browser: one real tab walks while the other sessions walk
        # at the same moment over Streamlit's protocol (no rendering, so the cores stay the
        # server's). `rounds` rounds give the browser-measured tail.
        out["mixed"], out["mixed_protocol"] = [], []
        started, cpu = time.perf_counter(), cpu_seconds(pid)
        for _ in range(rounds):
            (to_chart, errors), others = await asyncio.gather(
                _walk(context, base, PLOT_POINT), walk_many(base, sessions - 1)
            )
            out["mixed"].append((to_chart, errors))
            out["mixed_protocol"] += others
        out["mixed_wall"], out["mixed_cpu"] = time.perf_counter() - started, cpu_seconds(pid) - cpu
        await browser.close()

    # 4. The server alone: protocol sessions, one at a time, then all at once.
    out["protocol_single"] = [await walk_session(base) for _ in range(single_runs)]
    started, cpu = time.perf_counter(), cpu_seconds(pid)
    out["protocol_many"] = await walk_many(base, sessions)
    out["protocol_wall"], out["protocol_cpu"] = time.perf_counter() - started, cpu_seconds(pid) - cpu
    return out


def concurrency(tmp: Path, sessions: int = 20, single_runs: int = 5, rounds: int = 20) -> dict[str, object]:
    """A fresh app server and floor server: Explore -> Quality -> Wizard walks alone and
    `sessions` at once, measured three ways (see _runs)."""
    server = StreamlitServer({"LLM_ATLAS_CACHE_DIR": str(tmp / "cc_cache")})
    floor = StreamlitServer({"LLM_ATLAS_CACHE_DIR": str(tmp / "cc_cache")}, script=REPO / "bench" / "floor_app.py")
    server.wait()
    floor.wait()
    try:
        r = asyncio.run(_runs(server.url, floor.url, sessions, single_runs, rounds, server.proc.pid))
        peak = rss_mb(server.proc.pid, "VmHWM")
        loads = server.output().count("llm_atlas: loaded snapshot")
    finally:
        server.stop()
        floor.stop()
    protocol = r["protocol_many"] + r["mixed_protocol"] + r["protocol_single"]
    errors = [e for _, errs in r["tabs"] + r["mixed"] for e in errs] + [e for w in protocol for e in w.exceptions]
    tabs = [t for t, _ in r["tabs"]]
    mixed = [t for t, _ in r["mixed"]]
    return {
        "single_median": statistics.median(r["single"]),
        "tabs_p95": p95(tabs),
        "tabs_median": statistics.median(tabs),
        "tabs_wall": r["tabs_wall"],
        "tabs_server_cpu": r["tabs_cpu"],
        "floor_single_median": statistics.median(r["floor_single"]),
        "floor_tabs_p95": p95(r["floor_tabs"]),
        "mixed_p95": p95(mixed),
        "mixed_median": statistics.median(mixed),
        "mixed_rounds": len(mixed),
        "mixed_protocol_p95": p95([w.to_chart for w in r["mixed_protocol"]]),
        "mixed_server_cpu_per_round": r["mixed_cpu"] / len(mixed),
        "protocol_single_median": statistics.median([w.to_chart for w in r["protocol_single"]]),
        "protocol_many_p95": p95([w.to_chart for w in r["protocol_many"]]),
        "protocol_server_cpu": r["protocol_cpu"],
        "errors": errors,
        "peak_rss_mb": peak,
        "snapshot_loads": loads,
        "sessions": sessions,
        # A browser walk opens three sessions (each page.goto is a new page load); a protocol walk one.
        "total_sessions": 3 * (1 + single_runs + sessions + rounds) + len(protocol),
    }


def memory_after_all_pages(tmp: Path) -> float:
    """RSS of a fresh server process after each page has rendered once."""
    from playwright.sync_api import sync_playwright

    with UpstreamServer() as upstream:
        server = StreamlitServer(
            {"LLM_ATLAS_UPSTREAM_BASE": upstream.base_url, "LLM_ATLAS_CACHE_DIR": str(tmp / "mem_cache")}
        )
        server.wait()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                for path, selector in page_targets().values():
                    page.goto(f"{server.url}/{path}")
                    page.locator(selector).first.wait_for(timeout=90_000)
                    page.wait_for_function(SCRIPT_DONE)
                browser.close()
            return rss_mb(server.proc.pid)
        finally:
            server.stop()
