"""Browser journey: walk the wizard to RAG by clicking, then follow its Explore link."""

from __future__ import annotations

import re

from llm_atlas.pipeline import snapshot
from llm_atlas.views import explore
from tests.conftest import BUNDLED


def test_walk_to_rag_and_open_explore(app_server, page):
    page.goto(f"{app_server.url}/wizard")
    for answer in (
        "Text or code",
        "Yes",
        "Often (daily or weekly)",
        "Neither; a managed pay-as-you-go service is fine",
    ):
        page.get_by_role("button", name=re.compile("^" + re.escape(answer))).click()
        page.wait_for_timeout(300)
    page.get_by_text("Retrieval-augmented generation (RAG)").first.wait_for(timeout=15_000)
    assert "path=0.0.0.2" in page.url
    assert (
        page.get_by_role("link", name=re.compile("Price your workload on hosted APIs"))
        .get_attribute("href")
        .endswith("costs")
    )
    link = page.get_by_role("link", name="See all matching models in Explore")
    href = link.get_attribute("href")
    assert href.endswith("explore?task=chat")
    page.goto(f"{app_server.url}/{href}")  # the link opens a new tab; follow it in this one
    snap = snapshot.load(BUNDLED)
    expected = explore.apply(explore.prepare(snap), explore.Filters(tasks=("chat",)), snap.offers).count
    page.get_by_text(f"{expected:,} of {len(snap.models):,} models").wait_for(timeout=30_000)
    assert page.page_errors == []
