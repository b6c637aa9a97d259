"""The join, on fixtures: aliases, Hub ids, variants, licence classes, headline prices."""

from __future__ import annotations

import pandas as pd
import pytest

from llm_atlas.pipeline import catalog, openness


@pytest.fixture(scope="module")
def cat(fixture_frames):
    return catalog.build(fixture_frames)


def model(cat, model_id: str) -> pd.Series:
    return cat.models.set_index("model_id").loc[model_id]


def test_one_model_from_five_sources(cat):
    gpt = model(cat, "gpt-4o-2024-08-06")
    assert set(gpt.sources.split(",")) == {"aider", "litellm", "llmstats", "lmarena", "openrouter"}
    # The direct first-party LiteLLM route is the headline price, not azure/ or openrouter/.
    assert (gpt.price_in_usd_mtok, gpt.price_out_usd_mtok) == (2.5, 10.0)
    assert gpt.price_source == "litellm: gpt-4o-2024-08-06"
    assert gpt.license_class == "proprietary"
    benches = set(cat.scores.loc[cat.scores["model_id"] == "gpt-4o-2024-08-06", "benchmark"])
    assert {"arena_text:full", "aider_polyglot", "aider_polyglot_cost"} <= benches


def test_join_through_hugging_face_ids(cat):
    llama = model(cat, "llama-3.3-70b-instruct")
    # llm-stats (weights link), OpenRouter (hugging_face_id) and OLL (repo id) meet on the Hub id.
    assert {"llmstats", "openrouter", "oll", "litellm", "lmarena"} <= set(llama.sources.split(","))
    assert llama.params_b == pytest.approx(70.554)  # measured, not llm-stats' rounded 70
    assert llama.open_weights == True and llama.license_class == "open-restricted"  # noqa: E712
    assert "oll_average" in set(cat.scores.loc[cat.scores["model_id"] == "llama-3.3-70b-instruct", "benchmark"])


def test_bedrock_route_joins_claude(cat):
    claude = model(cat, "claude-3.5-sonnet-20241022")
    assert {"litellm", "llmstats", "lmarena"} <= set(claude.sources.split(","))


def test_one_odd_route_does_not_set_the_context(cat, fixture_frames):
    litellm = fixture_frames["litellm"].facts.set_index("source_key")["context_tokens"]
    routes = [f"{p}anthropic.claude-3-5-sonnet-20241022-v2:0" for p in ("", "eu.", "us.")]
    assert litellm[routes].tolist() == [1_000_000, 200_000, 200_000]  # as in LiteLLM's map
    assert model(cat, "claude-3.5-sonnet-20241022").context_tokens == 200_000


def test_two_models_named_only_v3_stay_apart(cat):
    by_route = cat.offers.set_index("source_key")["model_id"]
    assert by_route["deepseek.v3-v1:0"] == "deepseek-v3.1"  # data/aliases.csv: Bedrock's V3.1
    assert by_route["fal_ai/fal-ai/ideogram/v3"] == "ideogram-v3"
    assert model(cat, "ideogram-v3").task == "image-generation"
    assert "v3" not in set(cat.models["model_id"])


def test_the_makers_own_route_is_the_headline_price_not_bedrock(cat):
    mistral = model(cat, "mistral-large-2402")
    assert mistral.price_source == "litellm: mistral/mistral-large-2402"
    assert (mistral.price_in_usd_mtok, mistral.price_out_usd_mtok) == pytest.approx((4.0, 12.0))  # Bedrock: 8 / 24


def test_the_makers_own_api_beats_a_reseller_with_as_many_slashes(cat):
    grok = model(cat, "grok-3-mini")
    assert grok.price_source == "litellm: xai/grok-3-mini"
    assert (grok.price_in_usd_mtok, grok.price_out_usd_mtok) == pytest.approx((0.3, 0.5))  # azure_ai/: 0.25 / 1.27


def test_a_vertex_snapshot_joins_its_model(cat):
    by_route = cat.offers.set_index("source_key")["model_id"]
    assert by_route["vertex_ai/claude-3-5-sonnet@20240620"] == by_route["us.anthropic.claude-3-5-sonnet-20240620-v1:0"]


def test_a_variant_with_its_own_list_price_keeps_it_and_names_its_base(cat):
    high = model(cat, "gpt-5-high")
    assert high.variant_of == "gpt-5"
    assert high.price_source == "lmarena: gpt-5-high"  # LMArena's price for this exact variant
    assert (high.price_in_usd_mtok, high.price_out_usd_mtok) == pytest.approx((1.25, 10.0))
    # LMArena says nothing of its context or tools; a reasoning setting does not change them
    gpt5 = model(cat, "gpt-5")
    assert (high.context_tokens, high.supports_tools) == (gpt5.context_tokens, gpt5.supports_tools) == (272_000, True)


def test_arena_join_counts_price_lists_apart_from_lmarenas_own_prices(cat):
    own = cat.scores["measured_on"].isna()  # not the copies an undated name shows of its snapshot
    arena = set(cat.scores.loc[(cat.scores["benchmark"] == "arena_text:full") & own, "model_id"])
    models = cat.models.set_index("model_id")
    by_list = {"gpt-4o-2024-08-06", "claude-3.5-sonnet-20241022", "llama-3.3-70b-instruct", "gemini-2.5-pro"}
    by_list |= {
        "gpt-4o-mini-2024-07-18",
        "grok-2-2024-08-13",
        "gpt-5-high",
        "nova-lite",
        "deepseek-r1",
        "deepseek-r1-0528",
    }
    assert by_list <= arena and "vicuna-13b" in arena
    expected = len(by_list & arena) / len(arena)
    assert cat.report["arena_full_price_list_share"] == pytest.approx(expected, abs=1e-4)
    priced = models.loc[list(arena), "price_in_usd_mtok"].notna().mean()
    assert cat.report["arena_full_priced_share"] == pytest.approx(priced, abs=1e-4)
    assert "lmarena\tgpt-5-high" not in cat.report["unmatched"]


def test_aliases_join_lmarenas_nova_to_bedrock(cat):
    nova = model(cat, "nova-lite")
    assert {"litellm", "lmarena"} <= set(nova.sources.split(","))
    assert nova.price_source == "litellm: amazon.nova-lite-v1:0"
    assert "amazon-nova-lite-v1.0" not in set(cat.models["model_id"])


def test_variant_borrows_price_and_says_so(cat):
    grok = model(cat, "grok-2-2024-08-13")
    assert grok.variant_of == "grok-2"
    assert grok.price_in_usd_mtok == model(cat, "grok-2").price_in_usd_mtok
    assert "(price of grok-2)" in grok.price_source


def test_unmatched_names_reported_not_guessed(cat):
    assert "lmarena\tvicuna-13b" in cat.report["unmatched"]
    vicuna = model(cat, "vicuna-13b")
    assert pd.isna(vicuna.price_in_usd_mtok) and pd.isna(vicuna.variant_of)


def test_alias_table_applies(fixture_frames):
    plain = catalog.build(fixture_frames, aliases={})
    aliased = catalog.build(fixture_frames, aliases={"vicuna-13b": "gpt-4o-mini"})
    assert "vicuna-13b" in set(plain.models["model_id"])
    assert "vicuna-13b" not in set(aliased.models["model_id"])
    assert "arena_text:full" in set(aliased.scores.loc[aliased.scores["model_id"] == "gpt-4o-mini", "benchmark"])


def test_open_weights_without_licence_are_restricted_and_labelled(fixture_frames):
    facts = fixture_frames["oll"].facts.copy()
    facts.loc[facts["source_key"] == "0-hero/Matter-0.2-7B-DPO", "license"] = pd.NA
    frames = {
        **fixture_frames,
        "oll": type(fixture_frames["oll"])(facts, fixture_frames["oll"].offers, fixture_frames["oll"].scores),
    }
    m = catalog.build(frames).models.set_index("model_id").loc["0-hero/matter-0.2-7b-dpo"]
    assert m.license == openness.LICENSE_NOT_STATED and m.license_class == "open-restricted"


def test_model_ids_unique_and_schema(cat):
    assert cat.models["model_id"].is_unique
    assert cat.offers["model_id"].isin(cat.models["model_id"]).all()
    assert cat.scores["model_id"].isin(cat.models["model_id"]).all()


def test_a_hub_link_to_a_siblings_repo_does_not_merge_two_models(cat):
    r1, r1_0528 = model(cat, "deepseek-r1"), model(cat, "deepseek-r1-0528")
    assert r1.hf_id == "deepseek-ai/DeepSeek-R1"
    assert pd.isna(r1_0528.hf_id)  # llm-stats links it to R1's repo; the fixture has no other link
    arena = cat.scores[cat.scores["benchmark"] == "arena_text:full"].set_index("source_key")["model_id"]
    assert arena["deepseek-r1"] == "deepseek-r1" and arena["deepseek-r1-0528"] == "deepseek-r1-0528"


def test_an_instruct_models_link_to_its_base_repo_is_not_followed(cat):
    instruct = model(cat, "qwen2-72b-instruct")  # llm-stats links it to Qwen/Qwen2-72B
    assert pd.isna(instruct.hf_id) and "oll" not in instruct.sources.split(",")
    oll = cat.scores[(cat.scores["source"] == "oll") & (cat.scores["source_key"] == "Qwen/Qwen2-72B")]
    # The maker's own repo joins by its name (qwen2-72b), still apart from the instruct model.
    assert not oll.empty and set(oll["model_id"]) == {"qwen2-72b"}
