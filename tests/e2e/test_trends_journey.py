"""Browser journey: open Trends, pick the coding category, read the open/proprietary gap it states."""

from __future__ import annotations

import os
import re
from pathlib import Path

from llm_atlas.pipeline import history, snapshot
from llm_atlas.views import open_gap
from tests.conftest import BUNDLED
from tests.e2e.conftest import wait_rendered

SHOTS = os.environ.get("LLM_ATLAS_SCREENSHOTS")  # a directory: save the page as a person sees it


def test_trends_coding_gap(app_server, page):
    snap = snapshot.load(BUNDLED)
    f = open_gap.frontier(history.load(BUNDLED), snap.models, "text", "coding")
    last = f.gap.iloc[-1]

    page.goto(f"{app_server.url}/trends")
    wait_rendered(page, "Trends")
    page.get_by_test_id("stSelectbox").filter(has_text="Category").first.click()
    page.get_by_role("option", name="coding", exact=True).click()
    statement = page.get_by_text(re.compile(r"coding category, version"))
    statement.wait_for(timeout=30_000)
    text = statement.inner_text()
    gap = re.search(r"by (\d+) points", text)
    assert gap and int(gap.group(1)) == round(abs(float(last["gap"]))), text
    assert last["proprietary_model"] in text and last["open_model"] in text
    assert f"version {last['date']}" in text
    page.wait_for_url(re.compile(r"category=coding"), timeout=15_000)  # the view is in the URL, to share
    if SHOTS:
        page.wait_for_timeout(1500)
        page.set_viewport_size({"width": 1400, "height": 2600})
        page.screenshot(path=str(Path(SHOTS) / "trends_1400.png"), full_page=False)
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(1000)
        page.screenshot(path=str(Path(SHOTS) / "trends_390.png"), full_page=False)
    assert page.page_errors == []
