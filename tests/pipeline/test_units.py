"""Units at the edge: each price is stored only in the unit its source states (issue 15 "Units"),
checked against the raw fixture payloads; unit bounds quarantine what is left with the reason."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from llm_atlas.pipeline.frames import PayloadError, SourceFrames
from llm_atlas.pipeline.sources import SOURCES
from llm_atlas.pipeline.validate import UNIT_BOUNDS, validate
from tests.upstream_server import FIXTURES

LITELLM = json.loads((FIXTURES / "litellm/model_prices_and_context_window.json").read_bytes())
OPENROUTER = {m["id"]: m for m in json.loads((FIXTURES / "openrouter/openrouter_models_all.json").read_bytes())["data"]}
FIREWORKS_SDXL = "fireworks_ai/accounts/fireworks/models/stable-diffusion-xl-1024-v1-0"
CONTROLNET = "fireworks_ai/accounts/fireworks/models/flux-1-dev-controlnet-union"


@pytest.fixture(scope="module")
def parsed():
    return {n: SOURCES[n].parse(SOURCES[n].read_dir(FIXTURES)) for n in ("litellm", "openrouter")}


def offer(frames: SourceFrames, key: str) -> pd.Series:
    hits = frames.offers[frames.offers["source_key"] == key]
    assert len(hits) == 1, key
    return hits.iloc[0]


PRICES = [c for c in UNIT_BOUNDS]


def test_openrouter_image_output_is_per_image_token_never_per_image(parsed):
    for key in ("black-forest-labs/flux.2-pro", "google/gemini-3-pro-image-preview"):
        assert float(OPENROUTER[key]["pricing"]["image_output"]) > 0
        assert pd.isna(offer(parsed["openrouter"], key).price_per_image_usd), key
    assert parsed["openrouter"].offers["price_per_image_usd"].isna().all()


def test_openrouter_zero_is_no_price(parsed):
    raw = OPENROUTER["black-forest-labs/flux.2-pro"]["pricing"]
    assert (raw["prompt"], raw["completion"]) == ("0", "0")
    assert offer(parsed["openrouter"], "black-forest-labs/flux.2-pro")[PRICES].isna().all()
    # The image model billed per text token keeps those token prices, in USD per 1M tokens.
    gem = offer(parsed["openrouter"], "google/gemini-3-pro-image-preview")
    raw = OPENROUTER["google/gemini-3-pro-image-preview"]["pricing"]
    assert (gem.price_in_usd_mtok, gem.price_out_usd_mtok) == pytest.approx(
        (float(raw["prompt"]) * 1e6, float(raw["completion"]) * 1e6)
    )


def test_litellm_fireworks_per_step_prices_are_not_token_prices(parsed):
    raw = LITELLM[FIREWORKS_SDXL]
    assert raw["mode"] == "image_generation" and raw["input_cost_per_token"] == 1.3e-10
    assert offer(parsed["litellm"], FIREWORKS_SDXL)[PRICES].isna().all()


def test_litellm_image_generator_per_image_and_token_prices(parsed):
    raw = LITELLM["gemini/gemini-3-pro-image-preview"]
    gem = offer(parsed["litellm"], "gemini/gemini-3-pro-image-preview")
    assert gem.price_per_image_usd == pytest.approx(raw["output_cost_per_image"])  # 0.134
    assert gem.price_in_usd_mtok == pytest.approx(raw["input_cost_per_token"] * 1e6)  # metered by token too


def test_litellm_chat_model_image_and_video_seconds_are_not_per_image_or_audio(parsed):
    raw = LITELLM["gemini-3.1-pro-preview"]
    assert raw["mode"] == "chat" and raw["output_cost_per_image"] == 0.00012
    chat = offer(parsed["litellm"], "gemini-3.1-pro-preview")
    assert pd.isna(chat.price_per_image_usd) and chat.price_in_usd_mtok == pytest.approx(
        raw["input_cost_per_token"] * 1e6
    )
    veo = LITELLM["gemini/veo-3.1-generate-preview"]
    assert veo["mode"] == "video_generation" and veo["output_cost_per_second"] > 0
    assert pd.isna(offer(parsed["litellm"], "gemini/veo-3.1-generate-preview").price_per_audio_min_usd)


def test_unit_bounds_quarantine_with_the_reason(parsed):
    raw = LITELLM[CONTROLNET]
    assert raw["input_cost_per_token"] * 1e6 == pytest.approx(0.001)  # below any real token price
    clean = validate("litellm", parsed["litellm"])
    assert CONTROLNET not in set(clean.offers["source_key"])
    reason = next(q for q in clean.quarantined if q.startswith(CONTROLNET))
    assert "price_in_usd_mtok 0.001 below sane bounds" in reason and "USD / 1M tokens" in reason
    assert any(q.startswith("wandb/zai-org/GLM-4.5") and "above" in q for q in clean.quarantined)


def test_per_image_bounds(parsed):
    frames = parsed["litellm"]
    base = offer(frames, "gemini/gemini-3-pro-image-preview")
    rows = []
    for key, price in (("cheap", 0.0004), ("dear", 1.5), ("fine", 0.134)):
        rows.append({**base.to_dict(), "source_key": key, "price_per_image_usd": price})
    out = validate("t", SourceFrames(frames.facts, pd.DataFrame(rows), frames.scores))
    assert list(out.offers["source_key"]) == ["fine"]
    assert [q.split(":")[0] for q in out.quarantined] == ["cheap", "dear"]
    assert "USD / image" in out.quarantined[0]


def test_too_many_out_of_bounds_refuses_the_payload(parsed):
    frames = parsed["litellm"]
    offers = frames.offers.copy()
    offers["price_per_image_usd"] = 5.0  # a unit change upstream: every row dollars for cents
    with pytest.raises(PayloadError, match="outside sane bounds"):
        validate("litellm", SourceFrames(frames.facts, offers, frames.scores))
