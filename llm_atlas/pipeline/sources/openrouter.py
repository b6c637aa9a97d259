"""OpenRouter /api/v1/models: prices, context, modalities, HF ids, Artificial Analysis indices."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from llm_atlas.pipeline.normalise import refine_chat_task
from llm_atlas.pipeline.sources.base import (
    PayloadError,
    Payloads,
    Source,
    SourceFrames,
    load_json,
    per_million,
    require_fields,
)

AA_INDICES = {
    "intelligence_index": ("aa_intelligence", "Artificial Analysis Intelligence Index"),
    "coding_index": ("aa_coding", "Artificial Analysis Coding Index"),
    "agentic_index": ("aa_agentic", "Artificial Analysis Agentic Index"),
}


def _price(value: object) -> float | None:
    # OpenRouter documents "-1" as "price varies" (its auto-routers): not a price. A "0" is a free
    # route (":free") or a part the model is not billed by (image models' prompt/completion): not a
    # price either.
    price = per_million(value)
    return None if price is not None and price <= 0 else price


def parse(payloads: Payloads) -> SourceFrames:
    data = load_json(payloads["models"], "OpenRouter models")
    items = data.get("data") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise PayloadError("OpenRouter models: expected {'data': [...]}")
    require_fields(items, ("id", "pricing", "context_length"), "OpenRouter models")
    facts, offers, scores = [], [], []
    for m in items:
        mid = m.get("id")
        if not isinstance(mid, str) or mid.startswith("openrouter/"):
            continue  # routers, not models
        pricing = m.get("pricing") or {}
        batch = mid.endswith(":batch")
        price_in, price_out, per_mchar = _usage_prices(m)
        offers.append(
            {
                "source": "openrouter",
                "source_key": mid,
                "provider": "openrouter (batch)" if batch else "openrouter",
                "price_in_usd_mtok": None if batch else price_in,
                "price_out_usd_mtok": None if batch else price_out,
                "price_per_mchar_usd": per_mchar,
                "price_in_batch_usd_mtok": price_in if batch else None,
                "price_out_batch_usd_mtok": price_out if batch else None,
                "price_cached_in_usd_mtok": _price(pricing.get("input_cache_read")),
                # pricing.image_output is USD per output image *token*, not per image; with no tokens
                # per image in the payload it cannot become a per-image price, so none is stored.
                "context_tokens": m.get("context_length"),
                "max_output_tokens": (m.get("top_provider") or {}).get("max_completion_tokens"),
                "deprecated_on": str(m.get("expiration_date"))[:10] if m.get("expiration_date") else None,
            }
        )
        if batch:
            continue
        facts.append(_fact(mid, m))
        aa = (m.get("benchmarks") or {}).get("artificial_analysis") or {}
        for field, (bench, label) in AA_INDICES.items():
            if isinstance(aa.get(field), (int, float)):
                scores.append(
                    {
                        "source": "openrouter",
                        "source_key": mid,
                        "benchmark": bench,
                        "benchmark_label": label,
                        "value": aa[field],
                        "unit": "index",
                        "higher_is_better": True,
                    }
                )
    return SourceFrames(pd.DataFrame(facts), pd.DataFrame(offers), pd.DataFrame(scores))


def _usage_prices(m: dict) -> tuple[float | None, float | None, float | None]:
    """(USD per 1M input tokens, per 1M output tokens, per 1M input characters).

    For most models `pricing.prompt` and `completion` are USD per token. A speech model with no
    completion price charges per input character (deepgram/aura-2's 3e-05 is Deepgram's $0.030 per
    1,000 characters). A transcription model with no completion price charges per unit of audio, in
    units the API does not state (whisper-1's 0.006 is OpenAI's price per minute; others match per
    second or per hour): no price is better than a wrong one.
    """
    pricing = m.get("pricing") or {}
    prompt, completion = _price(pricing.get("prompt")), _price(pricing.get("completion"))
    if completion:
        return prompt, completion, None
    outs = (m.get("architecture") or {}).get("output_modalities") or []
    if "transcription" in outs:
        return None, None, None
    if "speech" in outs and "text" not in outs:
        return None, None, prompt
    return prompt, completion, None


# Output modalities that name a task, first match wins (an image model may also output text).
_OUTPUT_TASKS = (
    ("embeddings", "embedding"),
    ("rerank", "rerank"),
    ("transcription", "speech-to-text"),
    ("speech", "text-to-speech"),
    ("video", "video-generation"),
    ("image", "image-generation"),
)


def _fact(mid: str, m: dict) -> dict:
    arch = m.get("architecture") or {}
    ins = [x for x in arch.get("input_modalities") or [] if x != "file"]
    outs = arch.get("output_modalities") or []
    params = set(m.get("supported_parameters") or [])
    hf_id = m.get("hugging_face_id") or None
    name = str(m.get("name") or mid).split(": ", 1)[-1]
    task = next((t for modality, t in _OUTPUT_TASKS if modality in outs), None)
    if task is None:
        task = "text-to-speech" if "audio" in outs and "text" not in outs else refine_chat_task("chat", mid)
    created = m.get("created")
    return {
        "source": "openrouter",
        "source_key": mid,
        "name": name,
        "creator": mid.lstrip("~").split("/", 1)[0],
        # When OpenRouter listed it, not when its maker released it (whisper-1 "2026-04-27").
        "listed_on": datetime.fromtimestamp(created, UTC).strftime("%Y-%m-%d")
        if isinstance(created, (int, float))
        else None,
        "task": task,
        "input_modalities": ",".join(ins) or None,
        "output_modalities": ",".join(outs) or None,
        # A published HF repo means open weights; no repo says nothing either way.
        "open_weights": True if hf_id else None,
        "hf_id": hf_id,
        "context_tokens": m.get("context_length"),
        "max_output_tokens": (m.get("top_provider") or {}).get("max_completion_tokens"),
        "supports_tools": "tools" in params,
        "supports_vision": "image" in ins,
        "supports_reasoning": "reasoning" in params or "include_reasoning" in params,
        "supports_json": bool(params & {"response_format", "structured_outputs"}),
        "url": f"https://openrouter.ai/{mid.lstrip('~').split(':', 1)[0]}",
        # The dated snapshot this name serves ("openai/o3" -> "openai/o3-2025-04-16"); the catalog uses it
        # only where it names a snapshot it has.
        "points_to": m.get("canonical_slug") if m.get("canonical_slug") not in (None, "", mid) else None,
    }


SOURCE = Source(
    name="openrouter",
    title="OpenRouter models API",
    homepage="https://openrouter.ai/models",
    license="OpenRouter API output, covered by OpenRouter's terms (no explicit licence)",
    attribution="Model list, prices and Artificial Analysis indices from the OpenRouter API.",
    files={"models": "openrouter/openrouter_models_all.json"},
    urls={"models": "https://openrouter.ai/api/v1/models"},
    parse=parse,
    recorded_as_of="2026-08-19",
)
