"""Every table the pages draw shows a dash, not Streamlit's grey "None", where no source gives a value."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from llm_atlas.ui import MISSING
from tests.apptest import open_page
from tests.upstream_server import UpstreamServer


def _sources() -> AppTest:
    return open_page("app_pages/sources.py")


def _explore_with_detail() -> AppTest:
    return open_page("app_pages/explore.py", model="gpt-4o-2024-08-06")


def _costs_section(section: str) -> AppTest:
    at = open_page("app_pages/costs.py")
    at.radio(key="costs_section").set_value(section).run()
    if section == "Self-hosting":
        at.selectbox(key="sh_model").set_value("llama-3.3-70b-instruct").run()
    return at


def _wizard_at_a_recommendation() -> AppTest:
    return open_page("app_pages/wizard.py", path="0.0.0.2")  # RAG, managed service


VIEWS = {
    "sources": _sources,
    "explore with a model open": _explore_with_detail,
    "costs: tokens": lambda: _costs_section("Token workload on hosted APIs"),
    "costs: units": lambda: _costs_section("Images, audio, speech"),
    "costs: self-hosting": lambda: _costs_section("Self-hosting"),
    "wizard at a recommendation": _wizard_at_a_recommendation,
}


@pytest.mark.parametrize("view", VIEWS)
def test_every_table_shows_a_dash_for_missing_values(view):
    at = VIEWS[view]()
    tables = list(at.dataframe)
    assert tables, f"{view} drew no table"
    for table in tables:
        assert table.proto.placeholder == MISSING, (view, list(table.value.columns))


def test_the_explore_table_has_missing_values_for_the_dash_to_stand_for():
    at = open_page("app_pages/explore.py")
    grid = at.dataframe[0].value
    assert grid["params_b"].isna().any() and grid["price_in_usd_mtok"].isna().any()
    assert at.dataframe[0].proto.placeholder == MISSING


def test_hub_tables_show_a_dash_for_missing_values(monkeypatch):
    with UpstreamServer() as server:  # the loopback Hub: real HfApi, real HTTP
        monkeypatch.setenv("LLM_ATLAS_UPSTREAM_BASE", server.base_url)
        at = open_page("app_pages/hub.py", q="llama", model="HuggingFaceH4/zephyr-7b-beta")
    tables = list(at.dataframe)
    assert len(tables) >= 2  # the search results and the open model's facts
    assert all(table.proto.placeholder == MISSING for table in tables)
