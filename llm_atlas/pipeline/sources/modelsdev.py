"""models.dev: curated model facts (dates, open weights, limits, modalities) and 140+ providers' prices.

`api.json` is {provider: {..., models: {model_id: {...}}}}, prices in USD per 1M tokens;
`models.json` is the provider-independent record of a model (licence, Hugging Face weights).
"""

from __future__ import annotations

import re

import pandas as pd

from llm_atlas.pipeline.normalise import refine_chat_task
from llm_atlas.pipeline.sources.base import PayloadError, Payloads, Source, SourceFrames, http_url, load_json, to_float

# The date of the recorded payload (models.dev commit f3fc692 in shared/data). A model marked
# `status: deprecated` carries no date of its own, so it is deprecated "as of" this day.
RECORDED_AS_OF = "2026-07-02"

# Providers whose API is the model maker's own: their routes, limits and deprecations are the maker's.
MAKER_PROVIDERS = frozenset(
    {
        "openai", "anthropic", "google", "xai", "mistral", "deepseek", "cohere", "alibaba", "alibaba-cn",
        "moonshotai", "moonshotai-cn", "minimax", "minimax-cn", "zai", "zhipuai", "xiaomi", "llama", "nova",
        "inception", "upstage", "perplexity", "stepfun", "stepfun-ai", "sakana", "sarvam", "poolside",
        "morph", "bailing", "v0", "lucidquery",
    }
)  # fmt: skip
# Gateways and resellers that route to other makers' models, often under `vendor/model` ids: those
# listing at least two closed makers' models (Claude, GPT, Gemini, Grok) that are not a cloud, and
# a few routers of open models. Everything else is a maker (above), a cloud or a host of open weights.
GATEWAY_PROVIDERS = frozenset(
    {
        "302ai", "abacus", "aihubmix", "anyapi", "auriko", "cloudflare-ai-gateway", "cortecs", "databricks",
        "fastrouter", "freemodel", "frogbot", "github-copilot", "github-models", "helicone", "jiekou", "kilo",
        "llmgateway", "merge-gateway", "nano-gpt", "neon", "opencode", "openrouter", "orcarouter",
        "perplexity-agent", "poe", "qihang-ai", "qiniu-ai", "requesty", "sap-ai-core", "snowflake-cortex",
        "vercel", "vivgrid", "zenmux", "opencode-go", "routing-run", "gitlab", "iflowcn", "umans-ai",
        "umans-ai-coding-plan",
    }
)  # fmt: skip
# Clouds that resell makers' models on their own platform (routes, not the maker's API).
CLOUD_PROVIDERS = frozenset(
    {"amazon-bedrock", "azure", "azure-cognitive-services", "google-vertex", "google-vertex-anthropic"}
)
# Runners on the user's own machine: a model there costs what the user's hardware costs, not an offer.
LOCAL_PROVIDERS = frozenset({"lmstudio", "atomic-chat", "privatemode-ai"})
_LOCAL_API = re.compile(r"^https?://(127\.0\.0\.1|localhost)[:/]")

# Output modalities that name a task, first match wins (an image model may also output text).
# Audio beside text is a chat model that can also speak (gpt-4o-audio), so only audio alone is speech.
_OUTPUT_TASKS = (("video", "video-generation"), ("image", "image-generation"))
_MEDIA_NAME = re.compile(r"(?:^|[-_/.])(?:image|imagen|video|veo|sora)(?:$|[-_/.])", re.I)


def parse(payloads: Payloads) -> SourceFrames:
    api = load_json(payloads["api"], "models.dev api.json")
    if not isinstance(api, dict) or not api:
        raise PayloadError("models.dev api.json: expected {provider: {..., models: {...}}}")
    if sum(1 for p in api.values() if isinstance(p, dict) and isinstance(p.get("models"), dict)) < 0.9 * len(api):
        raise PayloadError("models.dev api.json: 'models' missing from most providers (renamed upstream?)")
    curated = load_json(payloads["models"], "models.dev models.json")
    if not isinstance(curated, dict) or not curated:
        raise PayloadError("models.dev models.json: expected {model_id: {...}}")
    records = [m for p in api.values() if isinstance(p, dict) for m in (p.get("models") or {}).values()]
    _require(records + list(curated.values()), ("id", "modalities", "limit"), "models.dev")

    facts: dict[str, dict] = {}
    offers: list[dict] = []
    for pid, provider in api.items():
        local = pid in LOCAL_PROVIDERS or bool(_LOCAL_API.match(str(provider.get("api") or "")))
        for mid, m in (provider.get("models") or {}).items():
            if not isinstance(m, dict) or is_router(mid):
                continue
            key = f"{pid}/{mid}"
            facts[key] = _fact(key, m, maker=pid in MAKER_PROVIDERS)
            offer = None if local else _offer(key, pid, m)
            if offer is not None:
                offers.append(offer)
    for mid, m in curated.items():
        if isinstance(m, dict):
            # The maker's own route has the same key ("openai/gpt-4o"): one record, the curated fields on top.
            extra = _fact(mid, m, maker=True, curated=True)
            row = facts.setdefault(mid, extra)
            row.update({k: v for k, v in extra.items() if v is not None})
    return SourceFrames(pd.DataFrame(list(facts.values())), pd.DataFrame(offers), pd.DataFrame())


def is_router(model_id: str) -> bool:
    """A gateway's router picks a model per request ("openrouter/auto", "switchpoint/router"): not a model.
    OpenRouter's own ids ("openrouter/free", "openrouter/pareto-code") are left out as its adapter does."""
    return model_id.startswith("openrouter/") or model_id.rsplit("/", 1)[-1] in ("auto", "router", "free")


def _require(records: list, fields: tuple[str, ...], what: str) -> None:
    if not records:
        raise PayloadError(f"{what}: no models")
    for f in fields:
        share = sum(1 for r in records if isinstance(r, dict) and f in r) / len(records)
        if share < 0.9:
            raise PayloadError(f"{what}: field '{f}' missing from {1 - share:.0%} of models (renamed upstream?)")


def task_of(m: dict, name: str) -> str:
    """Task from the output modality first: image out is image generation, audio out speech; text out
    is chat unless the name says embedding, speech, transcription or code."""
    mods = m.get("modalities") or {}
    outs, ins = set(mods.get("output") or []), set(mods.get("input") or [])
    task = next((t for modality, t in _OUTPUT_TASKS if modality in outs), None)
    # Text and pictures out is a chat model that can draw (gpt-5.1-thinking at Vercel), unless its name
    # says it is the image model (gemini-2.5-flash-image, gpt-5-image).
    if task is not None and ("text" not in outs or _MEDIA_NAME.search(name)):
        return task
    if "audio" in outs and "text" not in outs:
        return "text-to-speech"
    if ins == {"audio"}:
        return "speech-to-text"
    return refine_chat_task("chat", name) or "chat"


def _fact(key: str, m: dict, *, maker: bool, curated: bool = False) -> dict:
    """What the model is (task, modalities) from every record; what the model has (release date, open
    weights, limits, tools, deprecation) only from the maker's own API and the curated record.
    Resellers' records disagree with the maker's on the release date for a third of shared models
    (their listing date), on open weights for one in seven, and limit tools to what their route does."""
    mods = m.get("modalities") or {}
    ins = [x for x in mods.get("input") or [] if x != "pdf"]
    outs = [x for x in mods.get("output") or [] if x != "pdf"]
    mid = key if curated else key.split("/", 1)[-1]
    row = {
        "source": "modelsdev",
        "source_key": key,
        "name": m.get("name") or mid,
        "task": task_of(m, mid),
        "input_modalities": ",".join(ins) or None,
        "output_modalities": ",".join(outs) or None,
    }
    if not maker:
        return row
    limit = m.get("limit") or {}
    row |= {
        "family": m.get("family"),
        "release_date": m.get("release_date") or None,
        "open_weights": m.get("open_weights") if isinstance(m.get("open_weights"), bool) else None,
        "supports_tools": m.get("tool_call"),
        "supports_vision": "image" in ins if ins else None,
        "supports_reasoning": m.get("reasoning"),
        "supports_json": m.get("structured_output"),
        "context_tokens": _positive(limit.get("context")),
        "max_output_tokens": _positive(limit.get("output")),
    }
    # A maker retiring its own route deprecates the model; a reseller dropping a route does not.
    if m.get("status") == "deprecated":
        row["deprecated_on"] = RECORDED_AS_OF
    if curated:
        row["license"] = m.get("license") or None
        row["hf_id"] = _hf_repo(m)
        row["url"] = next((u for u in _links(m) if "huggingface.co/" not in u), None)
    return row


def _links(m: dict) -> list[str]:
    out = []
    for item in [*(m.get("weights") or []), *(m.get("links") or [])]:
        url = http_url(item.get("url")) if isinstance(item, dict) else None
        if url:
            out.append(url)
    return out


def _hf_repo(m: dict) -> str | None:
    """The Hugging Face repo of the weights ('org/name'), from a huggingface.co link."""
    for url in _links(m):
        match = re.match(r"^https?://huggingface\.co/([A-Za-z0-9._\-]+/[A-Za-z0-9._\-]+)/?$", url)
        if match:
            return match.group(1)
    return None


def _positive(value: object) -> float | None:
    """0 is not a price or a limit (free, unknown or not billed); a negative one is kept for validation to refuse."""
    number = to_float(value)
    return None if number is None or number == 0 else number


def _over_200k(cost: dict) -> dict:
    """The prices of a context tier that starts at exactly 200k tokens (the schema's column); a tier
    at another size (GPT-5.4's 272k) is not the same price and is left out."""
    tiers = [t for t in cost.get("tiers") or [] if isinstance(t, dict) and isinstance(t.get("tier"), dict)]
    if (
        len(tiers) == 1
        and tiers[0]["tier"].get("size") == 200_000
        and tiers[0]["tier"].get("type", "context") == "context"
    ):
        return tiers[0]
    return {}


def _offer(key: str, pid: str, m: dict) -> dict | None:
    """One priced route, or None. A cost of 0 is a free tier, a subscription plan or unknown: never a
    price. Only text-out models are priced per token: models.dev's `cost` for image, video and audio
    models and for audio-in transcription is not a token price (Scaleway's whisper 0.003 is per
    minute, DigitalOcean's SD 3.5 0.08 per image; Gemini 2.5 Flash Image's output 30 is per image
    token), so it is left out rather than mislabelled. Text beside audio out (gpt-4o-audio) keeps its
    text-token prices."""
    mods = m.get("modalities") or {}
    outs, ins = set(mods.get("output") or []), set(mods.get("input") or [])
    cost = m.get("cost") if isinstance(m.get("cost"), dict) else {}
    if not cost or "text" not in outs or outs & {"image", "video"} or ins == {"audio"}:
        return None
    price_in, price_out = _positive(cost.get("input")), _positive(cost.get("output"))
    if price_in is None and price_out is None:
        return None
    tier = _over_200k(cost)
    limit = m.get("limit") or {}
    kind = " (gateway)" if pid in GATEWAY_PROVIDERS else " (cloud)" if pid in CLOUD_PROVIDERS else ""
    return {
        "source": "modelsdev",
        "source_key": key,
        "provider": pid + kind,  # the maker's own API and hosts of open weights: the bare id
        "price_in_usd_mtok": price_in,
        "price_out_usd_mtok": price_out,
        "price_cached_in_usd_mtok": _positive(cost.get("cache_read")),
        "price_in_above_200k_usd_mtok": _positive(tier.get("input")),
        "price_out_above_200k_usd_mtok": _positive(tier.get("output")),
        "context_tokens": _positive(limit.get("context")),
        "max_output_tokens": _positive(limit.get("output")),
    }


SOURCE = Source(
    name="modelsdev",
    title="models.dev",
    homepage="https://models.dev",
    license="MIT",
    attribution="Model facts and provider prices from models.dev (anomalyco/models.dev, MIT).",
    files={"api": "models-dev/api.json", "models": "models-dev/models.json"},
    urls={"api": "https://models.dev/api.json", "models": "https://models.dev/models.json"},
    parse=parse,
    recorded_as_of=RECORDED_AS_OF,
)
