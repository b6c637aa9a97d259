"""Browser journey on Evaluate: upload a CSV, pick two models on the loopback endpoint, run, stop
half-way, resume, and read the accuracy and cost the page shows against values computed here
from the chat server's own log and the snapshot's prices. The key is in no element, URL, server
log or export."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from llm_atlas import config
from llm_atlas.evaluate import pricing, stats
from llm_atlas.pipeline import snapshot
from tests.chat_server import ChatServer, ChatUpstream, answer_book
from tests.e2e.conftest import StreamlitServer, wait_rendered

KEY = "sk-journey-SENTINEL-5b9e"
CASES = [(f"How many legs do {i} spiders have?", 8 * i) for i in range(1, 11)]
CSV = ("input,expected\n" + "".join(f'"{q}",{a}\n' for q, a in CASES)).encode()
SHOTS = Path("/tmp/evaluate_shots")


def two_routes():
    snap = snapshot.load(config.bundled_dir())
    routes = pricing.openrouter_routes(snap.offers, snap.models)
    ok = routes[routes["price_in_usd_mtok"].gt(0) & routes["price_out_usd_mtok"].gt(0)]
    ok = ok[~ok["request_id"].str.contains(":")].drop_duplicates("model_id")
    return ok.head(2).reset_index(drop=True)


@pytest.fixture(scope="module")
def evaluate_app(tmp_path_factory):
    routes = two_routes()
    a, b = routes["request_id"]
    book = {(a, q): f"{q} They have {n} legs." for q, n in CASES}
    book |= {(b, q): f"They have {n if i % 3 else n + 2} legs." for i, (q, n) in enumerate(CASES, start=1)}
    up = ChatUpstream(answers=answer_book(book), api_key=KEY, latency_s=0.6)
    with ChatServer(up) as chat:
        app = StreamlitServer(
            {
                "OPENAI_BASE_URL": chat.base_url,
                "OPENAI_API_KEY": KEY,
                "LLM_ATLAS_CACHE_DIR": str(tmp_path_factory.mktemp("evaluate")),
            }
        )
        try:
            app.wait()
            yield app, chat, routes
        finally:
            app.stop()


def answers_shown(page) -> int:
    text = page.get_by_text(re.compile(r"\d+ of 20 answers")).first.inner_text()
    return int(re.search(r"(\d+) of 20 answers", text).group(1))


def test_upload_run_stop_resume_and_read_accuracy_and_cost(evaluate_app, page, tmp_path):
    app, chat, routes = evaluate_app
    a, b = routes["request_id"]
    names = dict(zip(routes["request_id"], routes["name"], strict=True))
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.goto(f"{app.url}/evaluate?grader=numeric&concurrency=1")
    wait_rendered(page, "Evaluate on your own prompts")
    for rid in (a, b):
        page.get_by_test_id("stMultiSelect").first.click()
        page.keyboard.type(rid)
        page.get_by_role("option", name=f"{names[rid]} · {rid}").click()
        page.keyboard.press("Escape")
    page.get_by_role("tab", name="Evaluate").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "legs.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    page.get_by_text("10 cases × 2 models = 20 requests").wait_for(timeout=20_000)
    page.get_by_role("button", name="Start run").click()

    # Stop half-way: 20 answers, one at a time, 0.6 s each.
    page.get_by_text(re.compile(r"\b([4-9]|1[0-2]) of 20 answers")).wait_for(timeout=30_000)
    page.get_by_role("button", name="Stop").click()
    page.get_by_text(re.compile(r"Status: stopped")).wait_for(timeout=30_000)
    wait_rendered(page, "Evaluate on your own prompts")
    stopped_at = answers_shown(page)
    assert 4 <= stopped_at < 20
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "stopped_1400.png"), full_page=False)

    served_before = len(chat.upstream.answered())
    page.get_by_role("button", name="Resume (only the missing cases)").click()
    page.get_by_text(re.compile(r"Status: finished")).wait_for(timeout=60_000)
    wait_rendered(page, "Evaluate on your own prompts")  # the rerun that drew the results is over
    assert answers_shown(page) == 20
    # Only the missing cases ran again (one request per missing answer; in-flight ones at Stop were kept).
    assert len(chat.upstream.answered()) - served_before == 20 - stopped_at

    # Expected figures from the chat server's log (what was really answered) and the catalog price.
    served = [s for s in chat.upstream.answered() if s.model in (a, b)]
    price = routes.set_index("request_id")
    metrics = page.get_by_test_id("stMetric")
    shown = {m.inner_text().split("\n")[0]: m.inner_text() for m in metrics.all()}
    want = {a: 10, b: 10 - len([i for i in range(1, 11) if i % 3 == 0])}
    for rid in (a, b):
        last = {s.user: s.usage for s in served if s.model == rid}  # one kept answer per case
        cost = (
            sum(
                u["prompt_tokens"] * price.loc[rid, "price_in_usd_mtok"]
                + u["completion_tokens"] * price.loc[rid, "price_out_usd_mtok"]
                for u in last.values()
            )
            / 1e6
        )
        assert f"{want[rid] * 10:.1f} % correct" in shown[rid]
        low, high = stats.wilson(want[rid], 10)
        card = page.get_by_test_id("stColumn").filter(has=page.get_by_test_id("stMetric").filter(has_text=rid)).last
        words = card.inner_text()
        assert f"95 % interval {low * 100:.1f}–{high * 100:.1f} %" in words
        assert f"cost ${cost:.6f} for this run, ${cost / 10 * 1000:.4f} per 1,000 cases" in words
    page.screenshot(path=str(SHOTS / "results_1400.png"), full_page=True)

    # A reload (a new session) reopens the same run from its link, with the same figures.
    assert "run=" in page.url
    page.reload()
    wait_rendered(page, "Evaluate on your own prompts")
    page.get_by_text(re.compile(r"Status: finished")).wait_for(timeout=30_000)
    page.get_by_test_id("stMetric").filter(has_text=b).wait_for(timeout=30_000)
    again = {m.inner_text().split("\n")[0]: m.inner_text() for m in page.get_by_test_id("stMetric").all()}
    assert again == shown

    # Exports hold the answers and never the key.
    with page.expect_download() as download:
        page.get_by_role("button", name="Answers as CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    with page.expect_download() as download:
        page.get_by_role("button", name="Run as JSON").click()
    exported_json = Path(download.value.path()).read_text(encoding="utf-8")
    assert "They have 8 legs." in exported and '"run_id"' in exported_json
    for where in (exported, exported_json, page.content(), page.url, app.output()):
        assert KEY not in where
    assert all(s.authorization == f"Bearer {KEY}" for s in served)  # sent only as the header
    assert page.page_errors == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "results_390.png"), full_page=False)
