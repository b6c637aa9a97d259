"""Browser smoke test: Home asks what you are building; Sources shows the model count; the sidebar the
snapshot date."""

from __future__ import annotations

import re

from llm_atlas.pipeline import snapshot
from tests.conftest import BUNDLED


def test_home_in_chromium(app_server, page):
    snap = snapshot.load(BUNDLED)
    page.goto(app_server.url)
    page.get_by_role("heading", name="Chatbot or assistant").wait_for(timeout=30_000)
    page.goto(f"{app_server.url}/sources")
    main = page.locator("section.main, [data-testid='stMain']").first
    main.get_by_text("Models", exact=True).wait_for(timeout=30_000)
    count = page.locator("[data-testid='stMetric']").filter(has_text="Models").first
    assert f"{len(snap.models):,}" in count.inner_text()
    sidebar = page.locator("[data-testid='stSidebar']")
    built = snap.built_at.replace("T", " ")[:16]
    sidebar.get_by_text(re.compile(re.escape(built))).wait_for(timeout=10_000)
    assert "litellm" in sidebar.inner_text()
    # After a rerun (Streamlit's "R" shortcut) the sidebar is still there.
    page.locator("body").press("r")
    page.wait_for_timeout(1500)
    sidebar.get_by_text(re.compile(re.escape(built))).wait_for(timeout=10_000)
    assert page.page_errors == []
