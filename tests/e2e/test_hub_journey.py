"""Browser journey on the Hub page: search "llama", filter by licence, open a model, read its
tree counts. The app's Hub is the loopback server (real HfApi calls over HTTP)."""

from __future__ import annotations

import re

import pytest

from llm_atlas import hub
from llm_atlas.hub import client as hub_client
from tests.e2e.conftest import StreamlitServer
from tests.upstream_server import UpstreamServer


@pytest.fixture(scope="module")
def hub_app(tmp_path_factory):
    with UpstreamServer() as upstream:
        app = StreamlitServer(
            {"LLM_ATLAS_UPSTREAM_BASE": upstream.base_url, "LLM_ATLAS_CACHE_DIR": str(tmp_path_factory.mktemp("hub"))}
        )
        try:
            app.wait()
            yield app, upstream
        finally:
            app.stop()


def pick(page, label: str, option: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()


def test_search_filter_open_and_read_the_tree(hub_app, page):
    app, upstream = hub_app
    page.goto(f"{app.url}/hub")
    page.get_by_text(re.compile(r"^Models 1–25 from the Hub")).wait_for(timeout=30_000)

    search = page.get_by_label("Search model names")
    search.fill("llama")
    search.press("Enter")
    page.wait_for_function("window.location.search.includes('q=llama')", timeout=15_000)
    pick(page, "Licence", "llama3.1")
    page.wait_for_function("window.location.search.includes('license=llama3.1')", timeout=15_000)
    sent = upstream.upstream.hub_listing_queries()
    assert {"search": ["llama"], "filter": ["license:llama3.1"]}.items() <= sent[-1].items()

    pick(page, "Open a model", "meta-llama/Llama-3.1-8B-Instruct")
    page.get_by_role("heading", name="meta-llama/Llama-3.1-8B-Instruct").wait_for(timeout=30_000)
    page.get_by_text("Its base model").wait_for(timeout=30_000)

    tree = hub.model_tree(hub_client.make_api(f"{upstream.base_url}/hub"), "meta-llama/Llama-3.1-8B")
    metrics = page.get_by_test_id("stMetric")
    shown = [[line for line in m.inner_text().split("\n") if line.strip()] for m in metrics.all()]
    expected_base = [[label, tree[rel].label] for rel, label in hub.RELATIONS.items()]
    assert shown[len(hub.RELATIONS) :] == expected_base
    assert tree["finetune"].count > 40 and tree["adapter"].count == 7
    assert (
        "model=meta-llama%2FLlama-3.1-8B-Instruct" in page.url or "model=meta-llama/Llama-3.1-8B-Instruct" in page.url
    )
    assert not page.page_errors


def test_a_catalog_model_links_to_its_explore_detail(hub_app, page):
    app, _ = hub_app
    page.goto(f"{app.url}/hub?model=HuggingFaceH4/zephyr-7b-beta")
    link = page.get_by_role("link", name="open its detail in Explore")
    link.wait_for(timeout=30_000)
    link.click()
    page.get_by_role("heading", name="Explore the catalog").wait_for(timeout=30_000)
    page.wait_for_function("window.location.pathname.endsWith('/explore')", timeout=15_000)
    assert "model=" in page.url
    page.get_by_role("heading", name="zephyr-7b-beta").wait_for(timeout=30_000)
    assert not page.page_errors
