"""AppTest for Costs: presets, validation, the cheapest model, self-hosting."""

from __future__ import annotations

import pytest

from llm_atlas import costs, explore
from tests.apptest import open_page


def expected_cheapest(bundled, workload, task="chat"):
    prepared = explore.prepare(bundled)
    ids = set(explore.apply(prepared, explore.Filters(tasks=(task,)), bundled.offers).rows["model_id"])
    return costs.cheapest_per_model(
        costs.price_offers(bundled.offers[bundled.offers["model_id"].isin(ids)], workload)
    ).iloc[0]


def test_rag_preset_prices_the_cheapest_model(bundled):
    at = open_page("app_pages/costs.py", task="chat")
    at.selectbox(key="cw_preset").set_value("RAG over documents").run()
    at.number_input(key="cw_requests_per_day").set_value(10_000.0).run()
    preset = costs.PRESETS["RAG over documents"]
    w = costs.Workload(10_000, preset.input_tokens, preset.output_tokens, preset.cached_share, preset.batch_share)
    best = expected_cheapest(bundled, w)
    metric = at.metric[0]
    assert metric.value == f"${best['monthly_usd']:,.2f} / month"
    assert best["model_id"] in at.dataframe[0].value["model_id"].tolist()[:1]


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [("cw_requests_per_day", 0.0, "more than zero"), ("cw_input_tokens", 5e9, "check the numbers")],
)
def test_bad_input_shows_message_not_chart(key, value, fragment):
    at = open_page("app_pages/costs.py")
    at.number_input(key=key).set_value(value).run()
    assert any(fragment in e.value for e in at.error)
    assert not at.get("plotly_chart")


def test_self_hosting_memory_formula_shown():
    at = open_page("app_pages/costs.py")
    at.radio(key="costs_section").set_value("Self-hosting an open model").run()
    at.selectbox(key="sh_model").set_value("llama-3.3-70b-instruct").run()
    text = " ".join(m.value for m in at.markdown)
    assert "weights 70.6 B × 2 bytes = 141.1 GB" in text
    rows = at.dataframe[-1].value
    assert rows.loc[rows["gpu"] == "H100 80GB", "gpus"].iloc[0] == 3


def test_unit_tab_lists_models_without_a_price(bundled):
    at = open_page("app_pages/costs.py")
    at.radio(key="costs_section").set_value("Images, audio, speech").run()
    at.selectbox(key="cu_task").set_value("image-generation").run()
    stt = bundled.models[bundled.models["task"] == "image-generation"]
    priced = costs.price_units(
        bundled.offers[bundled.offers["model_id"].isin(stt["model_id"])], "image-generation", 1000
    )
    listed = next(e for e in at.expander if e.label.startswith("No price in this unit"))
    assert listed.label == f"No price in this unit: {len(stt) - priced['model_id'].nunique()} image-generation models"
    assert (listed.dataframe[0].value["price"] == "no price").all()


def test_switching_sections_keeps_the_workload_and_choices():
    at = open_page("app_pages/costs.py")
    at.number_input(key="cw_requests_per_day").set_value(4321.0).run()
    at.radio(key="costs_section").set_value("Self-hosting an open model").run()
    at.selectbox(key="sh_model").set_value("llama-3.3-70b-instruct").run()
    at.radio(key="costs_section").set_value("Token workload on hosted APIs").run()
    assert at.number_input(key="cw_requests_per_day").value == 4321.0
    at.radio(key="costs_section").set_value("Self-hosting an open model").run()
    assert at.selectbox(key="sh_model").value == "llama-3.3-70b-instruct"
    assert not at.exception
