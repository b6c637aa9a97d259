"""Explore's pure logic on the real bundled snapshot; expected counts computed independently with plain pandas."""

from __future__ import annotations

import pytest

from llm_atlas.views import eligibility, explore
from llm_atlas.views.explore import Filters


@pytest.fixture(scope="module")
def table(bundled):
    return explore.prepare(bundled)


@pytest.fixture(scope="module")
def raw(bundled):
    """The plain models table less the retired models Explore hides by default, for independent expectations."""
    return bundled.models[~eligibility.is_deprecated(bundled.models)]


def count(table, offers, **kw) -> int:
    return len(explore.apply(table, Filters(**kw), offers).rows)


def test_each_filter_alone(table, raw, bundled):
    o = bundled.offers
    assert count(table, o) == len(raw)
    assert count(table, o, tasks=("embedding",)) == (raw["task"] == "embedding").sum()
    assert count(table, o, openness=("open",)) == (raw["open_weights"] == True).sum()  # noqa: E712
    assert count(table, o, openness=("unknown",)) == raw["open_weights"].isna().sum()
    assert count(table, o, license_classes=("permissive",)) == (raw["license_class"] == "permissive").sum()
    assert count(table, o, licenses=("mit",)) == (raw["license"] == "mit").sum()
    assert count(table, o, creators=("OpenAI",)) == (raw["creator"] == "OpenAI").sum()
    groq = set(o.loc[o["provider"] == "groq", "model_id"])
    assert count(table, o, providers=("groq",)) == raw["model_id"].isin(groq).sum() > 0
    assert count(table, o, architectures=("encoder-only",)) == (raw["architecture"] == "encoder-only").sum()
    assert count(table, o, moe_only=True) == (raw["moe"] == True).sum()  # noqa: E712
    assert count(table, o, params_min=7.0, params_max=8.0) == raw["params_b"].between(7.0, 8.0).sum()
    assert count(table, o, context_min=128_000) == (raw["context_tokens"] >= 128_000).sum()
    both = (raw["supports_tools"] == True) & (raw["supports_vision"] == True)  # noqa: E712
    assert count(table, o, capabilities=("tools", "vision")) == both.sum()
    assert count(table, o, price_min=1.0, price_max=3.0) == raw["price_in_usd_mtok"].between(1.0, 3.0).sum()
    assert (
        count(table, o, date_from="2025-01-01", date_to="2025-06-30")
        == raw["release_date"].between("2025-01-01", "2025-06-30").sum()
    )
    assert count(table, o, scored_only=True) == (raw["n_scores"] > 0).sum()
    hits = raw["model_id"].str.contains("llama", case=False) | raw["name"].str.contains("llama", case=False)
    assert count(table, o, search="LLaMA") == hits.sum()


def test_combinations_and_steps(table, raw, bundled):
    result = explore.apply(table, Filters(tasks=("embedding",), license_classes=("permissive",)), bundled.offers)
    expected = raw[(raw["task"] == "embedding") & (raw["license_class"] == "permissive")]
    assert sorted(result.rows["model_id"]) == sorted(expected["model_id"]) and len(expected) >= 10
    assert result.steps == [
        ("include_deprecated", len(raw)),  # retired models are hidden first, unless asked for
        ("tasks", (raw["task"] == "embedding").sum()),
        ("license_classes", len(expected)),
    ]
    assert result.emptied_by is None


def test_empty_result_names_the_filter(table, bundled):
    result = explore.apply(
        table, Filters(tasks=("speech-to-text",), architectures=("encoder-only",), search="zzz"), bundled.offers
    )
    assert result.rows.empty
    assert result.emptied_by == result.steps[[left for _, left in result.steps].index(0)][0]


def test_presets_are_what_they_say(table, bundled):
    gpu = explore.apply(table, explore.PRESETS["gpu24"][1], bundled.offers).rows
    assert len(gpu) > 0 and (gpu["license_class"] == "permissive").all()
    assert (gpu["fits_memory_gb"] <= 24).all()
    cheap = explore.apply(table, explore.PRESETS["cheap_tools"][1], bundled.offers).rows
    assert (cheap["context_tokens"] >= 128_000).all() and (cheap["supports_tools"] == True).all()  # noqa: E712
    stt = explore.apply(table, explore.PRESETS["stt_services"][1], bundled.offers).rows
    assert len(stt) >= 10 and set(stt["task"]) == {"speech-to-text"}
