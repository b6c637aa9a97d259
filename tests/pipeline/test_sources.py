"""Each adapter against the trimmed real payloads, with values checked by hand against them."""

from __future__ import annotations

import pandas as pd
import pytest

from llm_atlas.pipeline.sources import SOURCES, PayloadError
from llm_atlas.pipeline.validate import validate
from tests.upstream_server import FIXTURES


def row(df: pd.DataFrame, key: str) -> pd.Series:
    hits = df[df["source_key"] == key]
    assert len(hits) == 1, f"{key}: {len(hits)} rows"
    return hits.iloc[0]


def test_litellm_units_converted_at_the_edge(fixture_frames):
    f = fixture_frames["litellm"]
    gpt = row(f.offers, "gpt-4o-2024-08-06")
    # 2.5e-06 and 1e-05 USD per token; 1.25e-06 cached; batch half price.
    assert (gpt.price_in_usd_mtok, gpt.price_out_usd_mtok) == pytest.approx((2.5, 10.0))
    assert gpt.price_cached_in_usd_mtok == pytest.approx(1.25)
    assert (gpt.price_in_batch_usd_mtok, gpt.price_out_batch_usd_mtok) == pytest.approx((1.25, 5.0))
    assert gpt.context_tokens == 128000 and gpt.provider == "openai"
    assert row(f.offers, "whisper-1").price_per_audio_min_usd == pytest.approx(0.006)  # 0.0001 USD/s
    assert row(f.offers, "dall-e-3").price_per_image_usd == pytest.approx(0.04)
    assert row(f.offers, "tts-1").price_per_mchar_usd == pytest.approx(15.0)  # 1.5e-05 USD/char
    assert row(f.offers, "text-embedding-3-small").price_in_usd_mtok == pytest.approx(0.02)
    tasks = dict(zip(f.facts["source_key"], f.facts["task"], strict=False))
    assert tasks["whisper-1"] == "speech-to-text" and tasks["tts-1"] == "text-to-speech"
    assert tasks["dall-e-3"] == "image-generation" and tasks["text-embedding-3-small"] == "embedding"
    assert "sample_spec" not in set(f.facts["source_key"])


def test_openrouter_prices_sentinel_batch_and_indices(fixture_frames):
    f = fixture_frames["openrouter"]
    gpt = row(f.offers, "openai/gpt-4o")
    assert (gpt.price_in_usd_mtok, gpt.price_out_usd_mtok) == pytest.approx((2.5, 10.0))
    batch = row(f.offers, "openai/gpt-4o:batch")
    assert pd.isna(batch.price_in_usd_mtok) and batch.price_in_batch_usd_mtok > 0
    assert "openrouter/auto" not in set(f.offers["source_key"])  # a router, priced "-1"
    llama = row(f.facts, "meta-llama/llama-3.3-70b-instruct")
    assert llama.hf_id == "meta-llama/Llama-3.3-70B-Instruct" and llama.open_weights == True  # noqa: E712
    assert pd.isna(row(f.facts, "openai/gpt-4o").open_weights)  # no HF id says nothing either way
    aa = f.scores[f.scores["benchmark"].str.startswith("aa_")]
    assert set(aa["benchmark"]) <= {"aa_intelligence", "aa_coding", "aa_agentic"} and len(aa) > 0


def test_openrouter_output_modalities_name_the_task(fixture_frames):
    facts = fixture_frames["openrouter"].facts
    tasks = dict(zip(facts["source_key"], facts["task"], strict=True))
    assert tasks["minimax/speech-2.8-hd"] == "text-to-speech"  # output_modalities ["speech"]
    assert tasks["openai/gpt-4o-transcribe"] == "speech-to-text"  # ["transcription"]
    assert tasks["cohere/rerank-v3.5"] == "rerank"  # ["rerank"]
    assert tasks["black-forest-labs/flux-3-video"] == "video-generation"  # ["video"]
    assert tasks["google/gemini-2.5-pro"] == "chat" and tasks["openai/gpt-4o"] == "chat"


def test_openrouter_speech_is_priced_per_character_and_transcription_not_per_token(fixture_frames):
    offers = fixture_frames["openrouter"].offers.set_index("source_key")
    tts = offers.loc["minimax/speech-2.8-hd"]  # pricing.prompt "0.0001": MiniMax's $100 per 1M characters
    assert tts.price_per_mchar_usd == pytest.approx(100.0)
    assert pd.isna(tts.price_in_usd_mtok) and pd.isna(tts.price_out_usd_mtok)
    whisper = offers.loc["openai/whisper-1"]  # pricing.prompt "0.006": OpenAI's $ per minute, unit not stated
    assert whisper[["price_in_usd_mtok", "price_out_usd_mtok", "price_per_mchar_usd"]].isna().all()
    tokens = offers.loc["openai/gpt-4o-transcribe"]  # priced per token, with a completion price
    assert (tokens.price_in_usd_mtok, tokens.price_out_usd_mtok) == pytest.approx((2.5, 10.0))


def test_litellm_chat_routes_named_for_speech_or_embeddings(fixture_frames):
    facts = fixture_frames["litellm"].facts
    tasks = dict(zip(facts["source_key"], facts["task"], strict=True))
    assert tasks["gemini/gemini-2.5-pro-preview-tts"] == "text-to-speech"  # mode "chat" in the map
    assert tasks["vercel_ai_gateway/mistral/mistral-embed"] == "embedding"  # mode "chat" in the map


def test_llmstats_cents_and_absolute_param_counts(fixture_frames):
    f = fixture_frames["llmstats"]
    haiku = f.offers[
        (f.offers["source_key"] == "claude-3-5-haiku-20241022") & (f.offers["provider"] == "anthropic")
    ].iloc[0]
    assert (haiku.price_in_usd_mtok, haiku.price_out_usd_mtok) == pytest.approx((1.0, 5.0))  # 100 and 500 cents
    llama = row(f.facts, "llama-3.3-70b-instruct")
    assert llama.params_b == pytest.approx(70.0)  # 70000000000 in the data
    assert llama.license == "Llama 3.3 Community License Agreement" and llama.open_weights == True  # noqa: E712
    assert row(f.facts, "gpt-4o-2024-08-06").open_weights == False  # noqa: E712
    assert f.scores["benchmark"].str.startswith("llmstats:").all()


def test_lmarena_bounds_categories_and_vision(fixture_frames):
    f = fixture_frames["lmarena"]
    full = f.scores[
        (f.scores["benchmark"] == "arena_text:full") & (f.scores["source_key"] == "gpt-4o-2024-08-06")
    ].iloc[0]
    assert full.ci_low < full.value < full.ci_high
    assert {"arena_text:full", "arena_text:coding", "arena_text_style:full"} <= set(f.scores["benchmark"])
    vision = f.scores[f.scores["benchmark"].str.startswith("arena_vision:")]
    assert len(vision) > 0 and (vision["ci_high"] - vision["value"] > 0).all()


def test_lmarena_vision_csv_gives_licences_not_scores():
    payloads = SOURCES["lmarena"].read_dir(FIXTURES)
    payloads["vision_csv"] = b"rank,model,arena_score,95_pct_ci,license\n1,Model-X,1300,+7/-5,Proprietary\n"
    frames = SOURCES["lmarena"].parse(payloads)
    assert "Model-X" not in set(frames.scores["source_key"])  # the JSON vision board is the newer one
    assert row(frames.facts, "Model-X").license == "Proprietary"


def test_aider_best_run_pass_rate_and_cost(fixture_frames):
    s = fixture_frames["aider"].scores
    gpt = s[(s["source_key"] == "gpt-4o-2024-08-06") & (s["benchmark"] == "aider_polyglot")].iloc[0]
    assert gpt.value == pytest.approx(23.1) and gpt.unit == "%"
    cost = s[(s["source_key"] == "gpt-4o-2024-08-06") & (s["benchmark"] == "aider_polyglot_cost")].iloc[0]
    assert cost.value == pytest.approx(7.0286) and cost.higher_is_better == False  # noqa: E712


def test_oll_average_params_licence(fixture_frames):
    f = fixture_frames["oll"]
    llama = row(f.facts, "meta-llama/Llama-3.3-70B-Instruct")
    assert llama.params_b == pytest.approx(70.554) and llama.license == "llama3.3"
    assert llama.architecture == "decoder-only" and llama.open_weights == True  # noqa: E712
    avg = f.scores[
        (f.scores["source_key"] == "meta-llama/Llama-3.3-70B-Instruct") & (f.scores["benchmark"] == "oll_average")
    ]
    assert avg["value"].iloc[0] == pytest.approx(44.8474714512988)
    assert f.facts["source_key"].is_unique  # one row per repo, best precision


def test_hub_model_info_from_cassettes(fixture_frames):
    f = fixture_frames["hub"].facts
    llama = row(f, "meta-llama/Llama-3.1-8B-Instruct")
    assert llama.params_b == pytest.approx(8.030261248) and llama.license == "llama3.1"
    zephyr = row(f, "HuggingFaceH4/zephyr-7b-beta")
    assert zephyr.license == "mit" and zephyr.base_model == "mistralai/Mistral-7B-v0.1"
    bert = row(f, "google-bert/bert-base-uncased")  # reached through the 307 in the cassette
    assert bert.architecture == "encoder-only" and bert.downloads == 72376843


@pytest.mark.parametrize("name", list(SOURCES))
def test_truncated_payload_is_refused(name):
    payloads = SOURCES[name].read_dir(FIXTURES)
    key = max(payloads, key=lambda k: len(payloads[k]))
    payloads[key] = payloads[key][: len(payloads[key]) // 3]
    if name == "oll":
        # A CSV cut mid-file still parses; the drop below half the previous rows is what refuses it.
        full = SOURCES[name].parse(SOURCES[name].read_dir(FIXTURES))
        with pytest.raises(PayloadError, match="under half the previous"):
            validate(name, SOURCES[name].parse(payloads), previous_rows=full.rows)
        return
    with pytest.raises(PayloadError):
        SOURCES[name].parse(payloads)
