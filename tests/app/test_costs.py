"""AppTest for Costs: presets, validation, the cheapest model, self-hosting."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from llm_atlas.views import explore, monthly_cost
from tests.apptest import open_page


def expected_cheapest(bundled, workload, task="chat", fits_only=True):
    """The cheapest model for the workload among those whose context holds one request (the route's
    context, else the model's; unstated context is allowed for requests up to 128k tokens)."""
    prepared = explore.prepare(bundled)
    rows = explore.apply(prepared, explore.Filters(tasks=(task,)), bundled.offers).rows
    priced = monthly_cost.price_offers(bundled.offers[bundled.offers["model_id"].isin(set(rows["model_id"]))], workload)
    if fits_only:
        own = pd.to_numeric(priced["context_tokens"], errors="coerce").astype(float)
        model = priced["model_id"].map(rows.set_index("model_id")["context_tokens"]).astype(float)
        context = own.where(own > 0, model)
        need = workload.input_tokens + workload.output_tokens
        priced = priced[(context >= need) | (context.isna() & (need <= 128_000))]
    return monthly_cost.cheapest_per_model(priced).iloc[0]


def test_rag_preset_prices_the_cheapest_model(bundled):
    at = open_page("app_pages/costs.py", task="chat")
    at.selectbox(key="cw_preset").set_value("RAG over documents").run()
    at.number_input(key="cw_requests_per_day").set_value(10_000.0).run()
    preset = monthly_cost.PRESETS["RAG over documents"]
    w = monthly_cost.Workload(
        10_000, preset.input_tokens, preset.output_tokens, preset.cached_share, preset.batch_share
    )
    best = expected_cheapest(bundled, w)
    metric = at.metric[0]
    assert metric.value == f"${best['monthly_usd']:,.2f} / month"
    assert best["model_id"] in at.dataframe[0].value["model_id"].tolist()[:1]
    # A cheaper model whose context cannot hold 6,400 tokens is left out, and counted.
    unfit = expected_cheapest(bundled, w, fits_only=False)
    if unfit["model_id"] != best["model_id"]:
        assert any("left out: context too small for 6,400 tokens" in c.value for c in at.caption)


def test_workload_and_choices_are_in_the_url_and_restore(bundled):
    at = open_page("app_pages/costs.py")
    assert at.query_params["task"] == "chat" and at.query_params["metric"] == "arena_text_style:full"
    at.number_input(key="cw_requests_per_day").set_value(1234.0).run()
    at.number_input(key="cw_input_tokens").set_value(2_000_000.0).run()
    shared = {k: at.query_params[k] for k in at.query_params}
    assert shared["rpd"] == "1234" and shared["in"] == "2e+06"
    again = open_page("app_pages/costs.py", **shared)
    assert again.metric[0].value == at.metric[0].value
    # A 2M-token request is priced only on models whose context is stated and holds it.
    best = again.dataframe[0].value.iloc[0]
    assert best["context_tokens"] >= 2_000_300


def test_quality_floor_keeps_the_top_half_of_the_board(bundled):
    at = open_page("app_pages/costs.py", floor="half")
    board = bundled.scores[bundled.scores["benchmark"] == "arena_text_style:full"].groupby("model_id")["value"].max()
    shown = at.dataframe[0].value
    assert len(shown) > 0 and (shown["quality"] >= board.median()).all()
    assert any(f"≥ {board.median():,.0f}" in c.value for c in at.caption)


def test_odd_url_values_fall_back_with_a_notice():
    at = open_page("app_pages/costs.py", rpd="lots", floor="<b>", section="nope")
    assert at.number_input(key="cw_requests_per_day").value == monthly_cost.PRESETS["Chatbot"].requests_per_day
    assert any("'rpd' must be a number" in i.value for i in at.info)


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [("cw_requests_per_day", 0.0, "more than zero"), ("cw_input_tokens", 5e9, "check the numbers")],
)
def test_bad_input_shows_message_not_chart(key, value, fragment):
    at = open_page("app_pages/costs.py")
    at.number_input(key=key).set_value(value).run()
    assert any(fragment in e.value for e in at.error)
    assert not at.get("plotly_chart")


def gpu_rows(at):
    return next(d.value for d in at.dataframe if "gpus" in d.value.columns)


def test_self_hosting_memory_formula_shown():
    at = open_page("app_pages/costs.py")
    at.radio(key="costs_section").set_value("Self-hosting").run()
    at.selectbox(key="sh_model").set_value("llama-3.3-70b-instruct").run()
    text = " ".join(m.value for m in at.markdown)
    assert "Weights 70.6 B × 2 bytes = 141.1 GB" in text
    # Llama-3.3-70B's config.json: 80 layers × 8 KV heads × 128 × 2 (K, V) × 2 bytes.
    assert "8,192 tokens × 1 requests × 327,680 bytes = 2.68 GB" in text
    assert any("config\\.json" in c.value for c in at.caption)  # escaped markdown
    total = (70.554 * 2 + 8192 * 327_680 / 1e9) * 1.1
    rows = gpu_rows(at)
    assert rows.loc[rows["gpu"] == "H100 80GB", "gpus"].iloc[0] == math.ceil(total / 80) == 2


def test_self_hosting_qwen_7b_fits_one_24gb_gpu_as_explore_says(bundled):
    at = open_page("app_pages/costs.py", section="selfhost")
    at.selectbox(key="sh_model").set_value("qwen2.5-7b-instruct").run()
    text = " ".join(m.value for m in at.markdown)
    assert "57,344 bytes" in text  # 28 layers × 4 KV heads × 128 × 2 × 2 bytes, not 320 KB
    rows = gpu_rows(at)
    assert rows.loc[rows["gpu"] == "RTX 4090 24GB", "gpus"].iloc[0] == 1
    assert rows["usd_per_mtok"].isna().all()  # no throughput is assumed
    gpu24 = explore.apply(explore.prepare(bundled), explore.PRESETS["gpu24"][1], bundled.offers).rows
    assert "qwen2.5-7b-instruct" in set(gpu24["model_id"])


def test_unit_tab_lists_models_without_a_price(bundled):
    at = open_page("app_pages/costs.py")
    at.radio(key="costs_section").set_value("Images, audio, speech").run()
    at.selectbox(key="cu_task").set_value("image-generation").run()
    stt = bundled.models[bundled.models["task"] == "image-generation"]
    priced = monthly_cost.price_units(
        bundled.offers[bundled.offers["model_id"].isin(stt["model_id"])], "image-generation", 1000
    )
    listed = next(e for e in at.expander if e.label.startswith("No price in this unit"))
    assert listed.label == f"No price in this unit: {len(stt) - priced['model_id'].nunique()} image-generation models"
    assert (listed.dataframe[0].value["price"] == "no price").all()


def test_switching_sections_keeps_the_workload_and_choices():
    at = open_page("app_pages/costs.py")
    at.number_input(key="cw_requests_per_day").set_value(4321.0).run()
    at.radio(key="costs_section").set_value("Self-hosting").run()
    at.selectbox(key="sh_model").set_value("llama-3.3-70b-instruct").run()
    at.radio(key="costs_section").set_value("Token workload on hosted APIs").run()
    assert at.number_input(key="cw_requests_per_day").value == 4321.0
    at.radio(key="costs_section").set_value("Self-hosting").run()
    assert at.selectbox(key="sh_model").value == "llama-3.3-70b-instruct"
    assert not at.exception


def test_a_self_hosting_estimate_is_shared_by_its_url():
    at = open_page("app_pages/costs.py", section="selfhost")
    at.selectbox(key="sh_model").set_value("qwen2.5-7b-instruct").run()
    assert at.query_params["model"] == "qwen2.5-7b-instruct" and at.query_params["section"] == "selfhost"
    again = open_page("app_pages/costs.py", **{k: at.query_params[k] for k in at.query_params})
    assert again.selectbox(key="sh_model").value == "qwen2.5-7b-instruct"
    assert "57,344 bytes" in " ".join(m.value for m in again.markdown)
