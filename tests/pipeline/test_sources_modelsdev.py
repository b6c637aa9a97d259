"""models.dev adapter against its trimmed real payload: every figure compared with the raw JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from llm_atlas.pipeline.sources import SOURCES, PayloadError, modelsdev
from llm_atlas.pipeline.validate import validate
from tests.upstream_server import FIXTURES

API = json.loads((FIXTURES / "models-dev/api.json").read_bytes())
CURATED = json.loads((FIXTURES / "models-dev/models.json").read_bytes())


@pytest.fixture(scope="module")
def frames():
    return SOURCES["modelsdev"].parse(SOURCES["modelsdev"].read_dir(FIXTURES))


def one(df: pd.DataFrame, key: str) -> pd.Series:
    hits = df[df["source_key"] == key]
    assert len(hits) == 1, f"{key}: {len(hits)} rows"
    return hits.iloc[0]


def test_maker_offer_prices_are_the_payloads_usd_per_million(frames):
    raw = API["openai"]["models"]["gpt-4o"]["cost"]
    gpt = one(frames.offers, "openai/gpt-4o")
    assert gpt.provider == "openai"  # the maker's own API, not marked as a gateway
    assert (gpt.price_in_usd_mtok, gpt.price_out_usd_mtok) == pytest.approx((raw["input"], raw["output"]))
    assert gpt.price_cached_in_usd_mtok == pytest.approx(raw["cache_read"])
    assert gpt.context_tokens == API["openai"]["models"]["gpt-4o"]["limit"]["context"]


def test_gateway_routes_are_marked_and_keep_their_route_key(frames):
    raw = API["openrouter"]["models"]["meta-llama/llama-3.3-70b-instruct"]["cost"]
    route = one(frames.offers, "openrouter/meta-llama/llama-3.3-70b-instruct")
    assert route.provider == "openrouter (gateway)"
    assert (route.price_in_usd_mtok, route.price_out_usd_mtok) == pytest.approx((raw["input"], raw["output"]))
    assert one(frames.offers, "togetherai/meta-llama/Llama-3.3-70B-Instruct-Turbo").provider == "togetherai"


def test_a_200k_context_tier_is_the_above_200k_price(frames):
    tier = API["google"]["models"]["gemini-2.5-pro"]["cost"]["tiers"][0]
    assert tier["tier"]["size"] == 200_000
    gem = one(frames.offers, "google/gemini-2.5-pro")
    assert (gem.price_in_above_200k_usd_mtok, gem.price_out_above_200k_usd_mtok) == pytest.approx(
        (tier["input"], tier["output"])
    )


def test_zero_cost_local_runner_and_non_token_units_make_no_priced_offer(frames):
    keys = set(frames.offers["source_key"])
    assert API["nvidia"]["models"]["black-forest-labs/flux.1-dev"]["cost"] == {"input": 0.0, "output": 0.0}
    assert "nvidia/black-forest-labs/flux.1-dev" not in keys  # $0 is free or unknown, not a price
    assert "lmstudio/openai/gpt-oss-20b" not in keys  # a local runner is not an offer
    # Costs given for image output, speech output and audio-in transcription are not per-token prices.
    assert API["google"]["models"]["gemini-2.5-flash-image"]["cost"]["output"] == 30
    assert API["scaleway"]["models"]["whisper-large-v3"]["cost"]["input"] == 0.003
    for key in ("google/gemini-2.5-flash-image", "openai/gpt-image-2", "google/gemini-2.5-flash-preview-tts"):
        assert key not in keys, key
    assert "scaleway/whisper-large-v3" not in keys
    # An embedding's output cost of 0 is no price; its input price stays.
    emb = one(frames.offers, "openai/text-embedding-3-small")
    assert emb.price_in_usd_mtok == pytest.approx(API["openai"]["models"]["text-embedding-3-small"]["cost"]["input"])
    assert pd.isna(emb.price_out_usd_mtok)
    offers = frames.offers[[c for c in frames.offers if c.startswith("price_")]]
    assert not (offers == 0).any().any()


def test_task_from_output_modality_first(frames):
    tasks = dict(zip(frames.facts["source_key"], frames.facts["task"], strict=True))
    assert tasks["openai/gpt-image-1"] == "image-generation"
    assert tasks["google/gemini-2.5-flash-image"] == "image-generation"  # outputs image and text
    assert tasks["google/gemini-2.5-flash-preview-tts"] == "text-to-speech"
    assert tasks["groq/whisper-large-v3"] == "speech-to-text"
    assert tasks["openai/text-embedding-3-small"] == "embedding"
    assert tasks["openai/gpt-4o"] == "chat"


def test_curated_facts_licence_weights_and_deprecation(frames):
    llama = one(frames.facts, "meta/llama-3.3-70b-instruct")
    raw = CURATED["meta/llama-3.3-70b-instruct"]
    assert llama.hf_id == raw["weights"][0]["url"].removeprefix("https://huggingface.co/")
    assert llama.open_weights == raw["open_weights"] == True  # noqa: E712
    assert llama.release_date == raw["release_date"]
    assert llama.context_tokens == raw["limit"]["context"]
    ornith = one(frames.facts, "deepreinforce/ornith-1.0-35b")
    assert ornith.license == CURATED["deepreinforce/ornith-1.0-35b"]["license"] == "MIT"
    assert ornith.hf_id == "deepreinforce-ai/Ornith-1.0-35B"
    # One record for the maker's route and the curated model that share a key.
    gpt = one(frames.facts, "openai/gpt-4o")
    assert gpt.open_weights == False and pd.isna(gpt.deprecated_on)  # noqa: E712
    assert API["anthropic"]["models"]["claude-3-5-sonnet-20241022"]["status"] == "deprecated"
    sonnet = one(frames.facts, "anthropic/claude-3-5-sonnet-20241022")
    assert sonnet.deprecated_on == modelsdev.RECORDED_AS_OF  # no date in the payload: the snapshot's


def test_reseller_limits_stay_on_the_offer(frames):
    raw = API["togetherai"]["models"]["meta-llama/Llama-3.3-70B-Instruct-Turbo"]
    fact = one(frames.facts, "togetherai/meta-llama/Llama-3.3-70B-Instruct-Turbo")
    assert pd.isna(fact.context_tokens) and pd.isna(fact.release_date) and pd.isna(fact.open_weights)
    assert fact.task == "chat"  # what the model is still comes from every record
    assert (
        one(frames.offers, "togetherai/meta-llama/Llama-3.3-70B-Instruct-Turbo").context_tokens
        == (raw["limit"]["context"])
    )


def test_drifted_payload_is_refused():
    payloads = SOURCES["modelsdev"].read_dir(FIXTURES)
    renamed = {p: {**v, "items": v["models"]} for p, v in API.items()}
    for v in renamed.values():
        del v["models"]
    with pytest.raises(PayloadError, match="models"):
        SOURCES["modelsdev"].parse({**payloads, "api": json.dumps(renamed).encode()})


def test_routers_are_not_models():
    assert modelsdev.is_router("openrouter/auto") and modelsdev.is_router("switchpoint/router")
    assert modelsdev.is_router("auto") and not modelsdev.is_router("meta-llama/llama-3.3-70b-instruct")


def test_a_payload_with_under_half_the_previous_rows_is_refused(frames):
    payloads = SOURCES["modelsdev"].read_dir(FIXTURES)
    one_provider = {"openai": API["openai"]}  # a real provider's block, the rest gone (truncated upstream)
    small = SOURCES["modelsdev"].parse({**payloads, "api": json.dumps(one_provider).encode()})
    with pytest.raises(PayloadError, match="under half the previous"):
        validate("modelsdev", small, previous_rows=frames.rows)
    assert validate("modelsdev", frames, previous_rows=frames.rows).rows == frames.rows


def test_every_offer_is_the_payloads_cost_or_absent(frames):
    """Walk the raw payload: a route is offered exactly when it has a non-zero cost in tokens for a
    text-out model at a provider that is not a local runner, at the payload's own figures."""
    offers = frames.offers.set_index("source_key")
    seen = 0
    for pid, provider in API.items():
        for mid, m in provider["models"].items():
            key, cost = f"{pid}/{mid}", m.get("cost") or {}
            outs, ins = set(m["modalities"]["output"]), set(m["modalities"]["input"])
            token_priced = "text" in outs and not outs & {"image", "video"} and ins != {"audio"}
            paid = bool(cost.get("input") or cost.get("output"))
            if pid in modelsdev.LOCAL_PROVIDERS or not (token_priced and paid):
                assert key not in offers.index, key
                continue
            seen += 1
            o = offers.loc[key]
            for field, col in (
                ("input", "price_in_usd_mtok"),
                ("output", "price_out_usd_mtok"),
                ("cache_read", "price_cached_in_usd_mtok"),
            ):
                assert (o[col] if pd.notna(o[col]) else 0) == pytest.approx(cost.get(field) or 0), (key, field)
    assert seen == len(offers) > 5
