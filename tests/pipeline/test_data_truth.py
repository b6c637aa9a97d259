"""The bundled snapshot answers everyday questions right, checked against the raw payloads in
../shared/data (the recorded upstreams), not against the catalog's own code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from llm_atlas.pipeline import audit, headline
from llm_atlas.views import eligibility, monthly_cost

REPO = Path(__file__).parents[2]
RAW = REPO.parent / "shared" / "data"
AS_OF = "2026-08-19"  # the newest recorded payload's date: what "current" means for this data
pytestmark = pytest.mark.skipif(not RAW.exists(), reason="../shared/data (the raw payloads) is not beside the repo")


@pytest.fixture(scope="module")
def litellm_raw() -> dict:
    return json.loads((RAW / "litellm" / "model_prices_and_context_window.json").read_text())


@pytest.fixture(scope="module")
def arena_raw() -> dict:
    return json.loads((RAW / "lmarena" / "leaderboard-text.json").read_text())


def _model(bundled, model_id: str) -> pd.Series:
    hit = bundled.models[bundled.models["model_id"] == model_id]
    assert len(hit) == 1, f"{model_id}: {len(hit)} rows"
    return hit.iloc[0]


def test_known_facts_hold(bundled):
    rows = list(csv.DictReader((REPO / "data" / "known_facts.csv").open(encoding="utf-8")))
    assert len(rows) >= 40
    scores = bundled.scores
    for row in rows:
        expected = float(row["value"])
        if row["field"] in bundled.models.columns:
            got = _model(bundled, row["model_id"])[row["field"]]
        else:
            hit = scores[(scores["model_id"] == row["model_id"]) & (scores["benchmark"] == row["field"])]
            assert len(hit) == 1, (row["model_id"], row["field"], len(hit))
            got = hit["value"].iloc[0]
        assert float(got) == pytest.approx(expected, rel=1e-9), (row["model_id"], row["field"])
        assert row["source_url"].startswith("https://")


def test_no_duplicate_group_among_the_300_with_most_evidence(bundled):
    groups = audit.duplicates(bundled.models, bundled.offers, bundled.scores)
    assert [g for g in groups if g["in_top"]] == []


def test_one_model_one_row_for_copies_pointers_and_free_routes(bundled):
    ids = set(bundled.models["model_id"])
    for copy in (
        "xai.grok-4",
        "grok-4-latest",
        "openai-gpt-4o",
        "anthropic-claude-3-opus",
        "meta-llama-3.3-70b-instruct",
    ):
        assert copy not in ids
    offers = bundled.offers
    assert "oci/xai.grok-4" in set(offers.loc[offers["model_id"] == "grok-4", "source_key"])
    assert "xai/grok-4-latest" in set(offers.loc[offers["model_id"] == "grok-4", "source_key"])
    # The undated name shows its snapshot's scores, labelled with the snapshot.
    grok = bundled.scores[(bundled.scores["model_id"] == "grok-4") & (bundled.scores["benchmark"] == "arena_text:full")]
    assert grok["measured_on"].tolist() == ["grok-4-0709"]
    assert _model(bundled, "o3-2025-04-16")["snapshot_of"] == "o3"
    assert _model(bundled, "o3")["points_to"] == "o3-2025-04-16"


def test_settings_are_labelled_and_the_default_run_is_kept(bundled):
    runs = yaml.safe_load((RAW / "aider" / "polyglot_leaderboard.yml").read_text())
    by_label = {r["model"]: r["pass_rate_2"] for r in runs}
    scores = bundled.scores[bundled.scores["benchmark"] == "aider_polyglot"].set_index("model_id")
    assert scores.loc["o3-mini-medium", "value"] == by_label["o3-mini (medium)"]
    assert scores.loc["o3-mini-high", "value"] == by_label["o3-mini (high)"]
    assert _model(bundled, "o3-mini-high")["name"] == "o3-mini (high)"
    assert _model(bundled, "o3-high")["setting"] == "high"
    # DeepSeek-V3's Aider score is V3's own run, not V3.2-Exp's (both ran as deepseek/deepseek-chat).
    assert scores.loc["deepseek-v3", "value"] == by_label["DeepSeek Chat V3 (prev)"]


def test_no_quality_scored_model_is_other(bundled):
    scored = bundled.models[bundled.models["n_scores"] > 0]
    assert scored.loc[scored["task"] == "other", "model_id"].tolist() == []


def test_no_zero_headline_price_and_units_in_bounds(bundled):
    prices = bundled.models[list(headline.PRICE_COLUMNS)]
    assert not (prices.fillna(1) <= 0).any().any()
    per_image = bundled.models["price_per_image_usd"].dropna()
    assert per_image.between(0.0005, 1.0).all(), per_image[~per_image.between(0.0005, 1.0)]
    # An image model is priced per image only; its image-token prices never reach a token workload.
    image = bundled.models[bundled.models["task"] == "image-generation"]
    assert image["price_in_usd_mtok"].isna().all()


def _chatbot_ranking(bundled) -> pd.DataFrame:
    models = eligibility.token_workload_models(bundled.models, AS_OF)
    offers = eligibility.current_offers(bundled.offers[bundled.offers["model_id"].isin(models["model_id"])], AS_OF)
    workload = monthly_cost.Workload(1_000, 800, 300)
    return monthly_cost.cheapest_per_model(monthly_cost.price_offers(offers, workload))


def test_everyday_cheapest_chatbot_models_are_text_models_priced_as_the_payload_says(bundled, litellm_raw):
    ranking = _chatbot_ranking(bundled).head(20)
    tasks = ranking["model_id"].map(bundled.models.set_index("model_id")["task"])
    assert set(tasks) <= {"chat", "code"}
    openrouter = {
        m["id"]: m for m in json.loads((RAW / "openrouter" / "openrouter_models_all.json").read_text())["data"]
    }
    llmstats = json.loads((RAW / "llm-stats" / "llm_stats.json").read_text())["provider_models"]
    modelsdev = json.loads((RAW / "models-dev" / "api.json").read_text())
    for row in ranking.head(5).itertuples():
        if row.source == "litellm":
            entry = litellm_raw[row.source_key]
            assert entry.get("mode") in ("chat", "completion", "responses")
            p_in, p_out = entry["input_cost_per_token"] * 1e6, entry["output_cost_per_token"] * 1e6
        elif row.source == "modelsdev":
            provider, model = row.source_key.split("/", 1)
            entry = modelsdev[provider]["models"][model]
            assert "text" in entry["modalities"]["output"] and "image" not in entry["modalities"]["output"]
            p_in, p_out = entry["cost"]["input"], entry["cost"]["output"]
        elif row.source == "llmstats":
            entry = next(p for p in llmstats if p["model_id"] == row.source_key and p["provider_id"] == row.provider)
            p_in = entry["input_cents_per_million_tokens"] / 100
            p_out = entry["output_cents_per_million_tokens"] / 100
        else:
            assert row.source == "openrouter"
            entry = openrouter[row.source_key]
            assert entry["architecture"]["output_modalities"] == ["text"]
            p_in, p_out = float(entry["pricing"]["prompt"]) * 1e6, float(entry["pricing"]["completion"]) * 1e6
        assert p_in > 0 and p_out > 0
        monthly = 30 * 1_000 * (800 * p_in + 300 * p_out) / 1e6
        assert row.monthly_usd == pytest.approx(monthly, rel=1e-9)


def test_everyday_cheapest_chat_model_with_arena_at_least_1350(bundled, arena_raw):
    """Under the stated rule (headline price: the maker's API, else the median of paid routes)."""
    m = bundled.models
    arena = bundled.scores[(bundled.scores["benchmark"] == "arena_text:full")].groupby("model_id")["value"].max()
    pool = m[m["model_id"].map(arena).ge(1350) & m["task"].isin(["chat", "code"])]
    pool = pool[~eligibility.is_deprecated(pool, AS_OF)]
    pool = pool.assign(blended=headline.blended(pool)).dropna(subset=["blended"]).sort_values("blended")
    best = pool.iloc[0]
    # Its rating is the raw board's, under the LMArena name it was joined from.
    names = bundled.scores[(bundled.scores["model_id"] == best["model_id"]) & (bundled.scores["source"] == "lmarena")]
    key = names.loc[names["benchmark"] == "arena_text:full", "source_key"].iloc[0]
    assert arena_raw["full"][key]["rating"] >= 1350
    # Every model above the bar with a lower blended price of any paid route is one the rule prices higher.
    assert best["blended"] == pytest.approx(pool["blended"].min())
    assert best["price_rule"] in ("maker's own API", "the only paid route") or best["price_rule"].startswith("median")


def test_everyday_cheapest_embedding_per_million_tokens(bundled, litellm_raw):
    emb = bundled.models[(bundled.models["task"] == "embedding") & ~eligibility.is_deprecated(bundled.models, AS_OF)]
    best = emb.dropna(subset=["price_in_usd_mtok"]).sort_values("price_in_usd_mtok").iloc[0]
    raw = [
        e["input_cost_per_token"] * 1e6
        for k, e in litellm_raw.items()
        if isinstance(e, dict)
        and e.get("mode") == "embedding"
        and (e.get("input_cost_per_token") or 0) > 0
        and e.get("litellm_provider") not in headline.LOCAL_RUNNERS
        and (e.get("deprecation_date") or "9999") > AS_OF
    ]
    # The catalog's cheapest headline is never below the cheapest raw embedding route.
    assert best["price_in_usd_mtok"] >= min(raw) - 1e-12
    source, key = best["price_source"].split(": ", 1)
    if source == "litellm":
        assert best["price_in_usd_mtok"] == pytest.approx(litellm_raw[key]["input_cost_per_token"] * 1e6)


def test_everyday_best_open_weights_model_on_the_overall_board(bundled, arena_raw):
    m = bundled.models.set_index("model_id")
    full = bundled.scores[(bundled.scores["benchmark"] == "arena_text:full") & bundled.scores["measured_on"].isna()]
    full = full.assign(open=full["model_id"].map(m["open_weights"])).sort_values("value", ascending=False)
    best = full[full["open"] == True].iloc[0]  # noqa: E712
    assert arena_raw["full"][best["source_key"]]["rating"] == best["value"]
    # No model the raw board rates higher is open by the catalog's licence facts.
    higher = full[full["value"] > best["value"]]
    assert not higher["open"].eq(True).any()
    assert isinstance(m.loc[best["model_id"], "license"], str)


def test_everyday_whisper_per_audio_minute(bundled, litellm_raw):
    whisper = _model(bundled, "whisper-1")
    assert whisper["price_per_audio_min_usd"] == pytest.approx(litellm_raw["whisper-1"]["input_cost_per_second"] * 60)
    assert pd.isna(whisper["price_in_usd_mtok"])
