"""Targets for the committed snapshot in data/, and spot checks against ../shared/data."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from llm_atlas.pipeline import audit, headline
from llm_atlas.pipeline.sources import SOURCES
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def models(bundled):
    return bundled.models


def has_price(models: pd.DataFrame) -> pd.Series:
    return models[list(headline.PRICE_COLUMNS)].notna().any(axis=1)


def test_size_and_tasks(models):
    assert len(models) >= 5000
    counts = models["task"].value_counts()
    for task in ("chat", "embedding", "image-generation", "speech-to-text"):
        assert counts.get(task, 0) >= 20, task
    assert counts.get("text-to-speech", 0) >= 10
    assert counts.get("code", 0) > 0 and models["multimodal"].sum() > 0


def test_price_and_quality_coverage(bundled, models):
    scored = set(bundled.scores["model_id"])
    assert (has_price(models) & models["model_id"].isin(scored)).sum() >= 250
    full = bundled.scores[bundled.scores["benchmark"] == "arena_text:full"]
    priced = set(models.loc[has_price(models), "model_id"])
    assert full["model_id"].isin(priced).mean() >= 0.70
    # Stricter: a price list (not LMArena's own list price) prices the rated model, its base, or the
    # undated name serving the rated snapshot; one row per board entry (borrowed copies not counted). Held at what the committed snapshot reaches (the
    # issue asks 75 %; the rest are models no price list in ../shared/data sells), so a lost join fails.
    joined = audit.board_price_join(models, bundled.offers, bundled.scores, "arena_text:full")
    assert len(joined) >= 280 and joined.mean() >= 0.70
    quality = models[models["model_id"].isin(scored)]
    assert quality["license_class"].notna().mean() >= 0.90


def test_spot_check_gpt4o_against_shared_data(bundled, models):
    shared = BUNDLED.parents[1] / "shared" / "data"
    if not shared.exists():
        pytest.skip("../shared/data not beside the repository")
    lite = json.loads((shared / "litellm/model_prices_and_context_window.json").read_bytes())["gpt-4o-2024-08-06"]
    arena = json.loads((shared / "lmarena/leaderboard-text.json").read_bytes())["full"]["gpt-4o-2024-08-06"]
    gpt = models.set_index("model_id").loc["gpt-4o-2024-08-06"]
    assert gpt.price_in_usd_mtok == pytest.approx(lite["input_cost_per_token"] * 1e6)
    assert gpt.price_out_usd_mtok == pytest.approx(lite["output_cost_per_token"] * 1e6)
    s = bundled.scores[bundled.scores["model_id"] == "gpt-4o-2024-08-06"].set_index("benchmark")
    assert s.loc["arena_text:full", "value"] == pytest.approx(arena["rating"])
    assert (s.loc["arena_text:full", "ci_low"], s.loc["arena_text:full", "ci_high"]) == pytest.approx(
        (arena["rating_q025"], arena["rating_q975"])
    )
    assert s.loc["aider_polyglot", "value"] == pytest.approx(23.1)


def test_spot_check_llama_33_70b(bundled, models):
    llama = models[models["hf_id"] == "meta-llama/Llama-3.3-70B-Instruct"]
    assert len(llama) == 1
    row = llama.iloc[0]
    assert row.open_weights == True and row.params_b == pytest.approx(70.554, abs=0.01)  # noqa: E712
    avg = bundled.scores.query("model_id == @row.model_id and benchmark == 'oll_average'")["value"]
    assert avg.iloc[0] == pytest.approx(44.8474714512988)


def test_spot_check_context_is_what_most_routes_say(models):
    shared = BUNDLED.parents[1] / "shared" / "data"
    if not shared.exists():
        pytest.skip("../shared/data not beside the repository")
    lite = json.loads((shared / "litellm/model_prices_and_context_window.json").read_bytes())
    routes = [v["max_input_tokens"] for k, v in lite.items() if k.endswith("claude-3-5-sonnet-20241022-v2:0")]
    assert 1_000_000 in routes and routes.count(200_000) > len(routes) / 2  # one odd route, in the data
    claude = models.set_index("model_id").loc["claude-3.5-sonnet-20241022"]
    assert claude.context_tokens == 200_000


def test_vertex_routes_join_their_model(bundled, models):
    # "claude-sonnet-4-5@20250929" once became "claude-sonnet-4-520250929": a second Claude 4.5
    glued = models["model_id"][
        ~models["model_id"].str.contains("/") & models["model_id"].str.contains(r"\d{9,}$|default$")
    ]
    assert glued.empty, glued.tolist()
    litellm = bundled.offers[bundled.offers["source"] == "litellm"]
    by_route = litellm.drop_duplicates("source_key").set_index("source_key")["model_id"]
    assert by_route["vertex_ai/claude-sonnet-4-5@20250929"] == by_route["claude-sonnet-4-5-20250929"]
    assert by_route["vertex_ai/claude-opus-4-6@default"] == "claude-opus-4.6"


def test_one_model_whatever_the_family_spelling(bundled, models):
    # OpenRouter and llm-stats write "qwen-2.5", LMArena and LiteLLM "qwen2.5": one model, not two
    qwen = models.set_index("model_id").loc["qwen2.5-72b-instruct"]
    assert {"litellm", "llmstats", "lmarena", "oll", "openrouter"} <= set(qwen.sources.split(","))
    assert "qwen-2.5-72b-instruct" not in set(models["model_id"])
    assert not models["model_id"].str.match(r"(llama|gemma|phi)\d(\.\d)?(-|$)").any()


def test_a_version_tag_is_kept_where_it_names_the_model(models):
    # "-v3" was once cut from every name: DeepSeek-V3 became "deepseek", Recraft v3 and v4 one "recraft"
    ids = set(models["model_id"])
    assert {"deepseek-v3", "recraft-v3", "recraft-v4", "claude-v2.1", "embed-v4"} <= ids
    assert not ids & {"deepseek", "recraft", "embed", "base", "best", "dev", "preview"}
    deepseek = models.set_index("model_id").loc["deepseek-v3"]
    assert {"aider", "litellm", "llmstats", "lmarena", "openrouter"} <= set(deepseek.sources.split(","))


def test_lmarena_nova_is_bedrocks_nova(bundled):
    nova = bundled.scores[(bundled.scores["source_key"] == "amazon-nova-lite-v1.0")]
    assert not nova.empty and set(nova["model_id"]) == {"nova-lite"}


def test_no_model_is_named_by_a_bare_version(models):
    # "v3", "3.2": what is left of "deepseek.v3-v1:0" or "ideogram/v3" when their owner is cut off
    bare = models["model_id"][models["model_id"].str.fullmatch(r"v?\d+(\.\d+)*")]
    assert bare.empty, bare.tolist()


def test_manifest_describes_every_source(bundled):
    sources = bundled.manifest["sources"]
    # Every source the snapshot was built with is a registered one (models.dev joins on the next rebuild).
    assert {"litellm", "openrouter", "llmstats", "lmarena", "aider", "oll", "hub"} <= set(sources) <= set(SOURCES)
    for name, meta in sources.items():
        assert meta["status"] == "ok" and meta["rows"] > 0 and meta["license"] and meta["data_as_of"], name
        assert len(meta["sha256"]) == 64
    assert "CC BY 4.0" in sources["llmstats"]["license"]
