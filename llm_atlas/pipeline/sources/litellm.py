"""LiteLLM's price map: per-token prices, context, modes and capabilities per route."""

from __future__ import annotations

import re

import pandas as pd

from llm_atlas.pipeline.normalise import refine_chat_task
from llm_atlas.pipeline.sources.base import (
    PayloadError,
    Payloads,
    Source,
    SourceFrames,
    http_url,
    load_json,
    per_million,
    to_float,
)

MODE_TASK = {
    "chat": "chat",
    "completion": "chat",
    "responses": "chat",
    "embedding": "embedding",
    "image_generation": "image-generation",
    "audio_transcription": "speech-to-text",
    "audio_speech": "text-to-speech",
    "rerank": "rerank",
    "moderation": "moderation",
    "video_generation": "video-generation",
}
_PRICE_TIER = re.compile(r"^(together|fireworks)-ai-")
# 1024 x 1024, the size most per-pixel prices are quoted for.
PIXELS_PER_IMAGE = 1024 * 1024
# Runners on the user's own machine list $0: what the user's hardware costs, not an offer.
LOCAL_PROVIDERS = frozenset({"ollama", "lemonade", "lm_studio", "llamafile", "docker_model_runner"})
_IMAGE_TOKEN_FIELDS = ("output_cost_per_image_token", "input_cost_per_image_token")


def parse(payloads: Payloads) -> SourceFrames:
    data = load_json(payloads["prices"], "LiteLLM price map")
    if not isinstance(data, dict):
        raise PayloadError("LiteLLM price map: expected a JSON object of models")
    entries = {k: v for k, v in data.items() if k != "sample_spec" and isinstance(v, dict)}
    if not entries:
        raise PayloadError("LiteLLM price map: no model entries")
    with_mode = sum(1 for v in entries.values() if "mode" in v or "litellm_provider" in v)
    if with_mode / len(entries) < 0.9:
        raise PayloadError("LiteLLM price map: 'mode'/'litellm_provider' missing from most entries (renamed upstream?)")
    facts, offers = [], []
    for key, e in entries.items():
        if _PRICE_TIER.match(key):
            continue  # a reseller's price by model size ("together-ai-4.1b-8b"), not a model
        task = MODE_TASK.get(e.get("mode"))
        if task is None:
            continue
        facts.append(_fact(key, e, task))
        if e.get("litellm_provider") not in LOCAL_PROVIDERS:
            offers.append(_offer(key, e))
    return SourceFrames(pd.DataFrame(facts), pd.DataFrame(offers), pd.DataFrame())


def _fact(key: str, e: dict, task: str) -> dict:
    modalities_in = ["text"]
    if e.get("supports_vision"):
        modalities_in.append("image")
    if e.get("supports_audio_input") or task == "speech-to-text":
        modalities_in = ["audio"] if task == "speech-to-text" else [*modalities_in, "audio"]
    out_mod = {"image-generation": "image", "text-to-speech": "audio", "embedding": "vector"}.get(task, "text")
    return {
        "source": "litellm",
        "source_key": key,
        "task": refine_chat_task(task, key),
        "input_modalities": ",".join(modalities_in),
        "output_modalities": out_mod,
        "context_tokens": e.get("max_input_tokens"),
        "max_output_tokens": e.get("max_output_tokens"),
        "supports_tools": e.get("supports_function_calling"),
        "supports_vision": e.get("supports_vision"),
        "supports_reasoning": e.get("supports_reasoning"),
        "supports_json": e.get("supports_response_schema"),
        "url": http_url(e.get("source")),
        "deprecated_on": _date(e.get("deprecation_date")),
    }


def _paid(value: float | None) -> float | None:
    """$0 is a free tier, a local runner or a part not billed (an embedding's output): not a price.
    A negative value is kept for validation to refuse."""
    return None if value is None or value == 0 else value


def _offer(key: str, e: dict) -> dict:
    mode = e.get("mode")
    image_mode = mode == "image_generation"
    # Only an image generator's per-image fields price an image made. For it LiteLLM also puts that
    # price in input_cost_per_image (dall-e-3); for a chat model the fields price an image read
    # (Gemini 3.1 Pro's 0.00012) or a clip (Lyria), not one made.
    per_image = None
    if image_mode:
        per_image = _paid(to_float(e.get("output_cost_per_image"))) or _paid(to_float(e.get("input_cost_per_image")))
        if per_image is None and _paid(to_float(e.get("input_cost_per_pixel"))) is not None:
            per_image = to_float(e["input_cost_per_pixel"]) * PIXELS_PER_IMAGE
    # Per second is audio only for speech models; a video model's seconds are video, a chat model's input.
    per_second = None
    if mode in ("audio_transcription", "audio_speech"):
        per_second = _paid(to_float(e.get("input_cost_per_second"))) or _paid(to_float(e.get("output_cost_per_second")))
    per_char = _paid(to_float(e.get("input_cost_per_character")))
    # An image generator metered by token says so with image-token fields (gpt-image-1). Without them
    # its "per token" fields are another unit: Fireworks' SDXL 1.3e-10 is $0.00013 per diffusion step.
    tokens = not image_mode or any(e.get(f) for f in _IMAGE_TOKEN_FIELDS)

    def tok(field: str) -> float | None:
        return _paid(per_million(e.get(field))) if tokens else None

    return {
        "source": "litellm",
        "source_key": key,
        "provider": e.get("litellm_provider"),
        "price_in_usd_mtok": tok("input_cost_per_token"),
        "price_out_usd_mtok": tok("output_cost_per_token"),
        "price_cached_in_usd_mtok": tok("cache_read_input_token_cost"),
        "price_in_batch_usd_mtok": tok("input_cost_per_token_batches"),
        "price_out_batch_usd_mtok": tok("output_cost_per_token_batches"),
        "price_in_above_200k_usd_mtok": tok("input_cost_per_token_above_200k_tokens"),
        "price_out_above_200k_usd_mtok": tok("output_cost_per_token_above_200k_tokens"),
        "price_per_image_usd": per_image,
        "price_per_audio_min_usd": per_second * 60 if per_second is not None else None,
        "price_per_mchar_usd": per_char * 1e6 if per_char is not None else None,
        "context_tokens": e.get("max_input_tokens"),
        "max_output_tokens": e.get("max_output_tokens"),
        "deprecated_on": _date(e.get("deprecation_date")),
    }


def _date(value: object) -> str | None:
    """A YYYY-MM-DD date, or nothing."""
    text = str(value or "")[:10]
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None


SOURCE = Source(
    name="litellm",
    title="LiteLLM model price map",
    homepage="https://github.com/BerriAI/litellm",
    license="MIT",
    attribution="Prices and context windows from BerriAI/litellm (MIT).",
    files={"prices": "litellm/model_prices_and_context_window.json"},
    urls={"prices": "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"},
    parse=parse,
    recorded_as_of="2026-07-24",
)
