"""Browser journey: RAG preset at 10,000 requests a day; the cheapest monthly cost matches the package."""

from __future__ import annotations

import re

from llm_atlas.pipeline import snapshot
from llm_atlas.views import explore, monthly_cost
from tests.app.test_costs import expected_cheapest
from tests.conftest import BUNDLED
from tests.e2e.conftest import wait_rendered


def test_rag_workload_cheapest_cost(app_server, page):
    snap = snapshot.load(BUNDLED)
    prepared = explore.prepare(snap)
    preset = monthly_cost.PRESETS["RAG over documents"]
    workload = monthly_cost.Workload(
        10_000, preset.input_tokens, preset.output_tokens, preset.cached_share, preset.batch_share
    )
    # The cheapest chat model whose context holds one 6,400-token request.
    best = expected_cheapest(snap, workload)

    page.goto(f"{app_server.url}/costs?task=chat")
    wait_rendered(page, "What will it cost?")
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)  # the first answer is drawn
    page.get_by_text(re.compile(r"^Change the workload")).click()  # the workload, folded under the answer
    preset_box = page.get_by_test_id("stSelectbox").filter(has_text="Workload preset").first
    preset_box.scroll_into_view_if_needed()  # under the answer: its menu opens only once it is in view
    preset_box.locator("input").click()
    page.keyboard.type("RAG over")  # at the foot of the page the menu opens below the viewport: type instead
    page.get_by_role("option", name="RAG over documents").wait_for(state="attached", timeout=15_000)
    page.keyboard.press("Enter")
    box = page.get_by_label("Requests per day")
    box.wait_for(timeout=15_000)
    page.wait_for_function(
        "document.querySelector('input[aria-label=\"Requests per day\"]').value === '2000.00'", timeout=15_000
    )
    box.fill("10000")
    box.press("Enter")
    expected = f"${best['monthly_usd']:,.2f} / month"
    page.get_by_test_id("stMetricValue").filter(has_text=expected).wait_for(timeout=20_000)
    assert (
        page.get_by_test_id("stMetric")
        .first.inner_text()
        .startswith(f"Cheapest: {prepared.set_index('model_id').loc[best['model_id'], 'name']}")
    )
    assert page.page_errors == []
