"""One model's detail in Explore: offers, dated scores, and the lines that explain its price and dates."""

from __future__ import annotations

import pandas as pd
import pytest

from llm_atlas.views import explore, model_detail


@pytest.fixture(scope="module")
def table(bundled):
    return explore.prepare(bundled)


def test_detail_lists_offers_scores_with_dates(bundled, table):
    d = model_detail.detail(bundled, table, "gpt-4o-2024-08-06")
    assert {"openai", "azure"} <= set(d["offers"]["provider"])
    arena = d["scores"][d["scores"]["benchmark"] == "arena_text:full"].iloc[0]
    assert arena.ci_low < arena.value < arena.ci_high and arena.as_of == "2025-12-17"
    assert model_detail.detail(bundled, table, "no-such-model") is None
    assert model_detail.headline_facts(d["model"])["Parameters"] == "unknown"


def test_detail_of_a_model_with_unknown_openness(bundled, table):
    unknown = table[table["open_weights"].isna()].iloc[0]["model_id"]
    d = model_detail.detail(bundled, table, unknown)
    assert model_detail.hub_facts(d["model"]) is None
    assert model_detail.headline_facts(d["model"])["Openness"] == "unknown"


def test_variant_note_says_whose_price_it_is():
    borrowed = pd.Series({"variant_of": "grok-2", "price_source": "litellm: xai/grok-2 (price of grok-2)"})
    own = pd.Series({"variant_of": "gpt-5", "price_source": "lmarena: gpt-5-high"})
    assert model_detail.variant_note(borrowed).startswith("Priced as its base model **grok-2**")
    assert model_detail.variant_note(own) == (
        "A variant of **gpt-5**; the price shown is listed for this variant itself (lmarena: gpt-5-high)."
    )


def test_detail_states_the_price_rule_the_cheapest_route_and_the_dates_not_to_misread(bundled):
    m = explore.prepare(bundled).set_index("model_id", drop=False)
    gpt = model_detail.price_lines(m.loc["gpt-4o"])
    assert gpt[0].startswith("Price $2.5 in / $10 out per 1M tokens: maker's own API (litellm: gpt-4o)")
    row = m.loc["gpt-4o"]
    cheapest = f"From ${row['cheapest_in_usd_mtok']:,.4g} in / ${row['cheapest_out_usd_mtok']:,.4g} out"
    assert len(gpt) == 1 or gpt[1].startswith(cheapest)
    assert model_detail.status_lines(m.loc["o3"])[0] == (
        "This name serves the dated snapshot o3-2025-04-16; scores measured on it say so."
    )
    retired = model_detail.status_lines(m.loc["claude-sonnet-4-20250514"], today="2026-12-01")
    assert retired[0] == "Deprecated since 2026-05-14 (its maker's route says so)."
    listed = m[m["release_date"].isna() & m["listed_on"].notna()].iloc[0]
    assert f"listed on a gateway (OpenRouter) on {listed['listed_on']}" in " ".join(model_detail.status_lines(listed))
