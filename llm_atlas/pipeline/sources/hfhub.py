"""Hugging Face Hub via huggingface_hub.HfApi: downloads, likes, licence, task, parameters, base model."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import pandas as pd
import yaml
from huggingface_hub.hf_api import ModelInfo
from huggingface_hub.utils import HfHubHTTPError

from llm_atlas.hub.client import HUB_ENDPOINT, make_api
from llm_atlas.hub.modelinfo import base_model_of, license_of
from llm_atlas.pipeline.normalise import architecture_from_class, task_from_pipeline
from llm_atlas.pipeline.sources.base import FetchError, PayloadError, Payloads, Source, SourceFrames

# The pipeline tags a person choosing a model asks for, and how many of each.
LIST_TAGS = (
    "text-generation",
    "image-text-to-text",
    "feature-extraction",
    "sentence-similarity",
    "automatic-speech-recognition",
    "text-to-speech",
    "text-to-image",
)
LIST_LIMIT = 50
EXPAND = [
    "author",
    "cardData",
    "config",
    "downloads",
    "gated",
    "lastModified",
    "createdAt",
    "library_name",
    "likes",
    "pipeline_tag",
    "safetensors",
    "tags",
]


def fetch_live(source: Source, urls: Mapping[str, str], timeout) -> Payloads:
    api = make_api(urls.get("endpoint"), read_timeout=timeout[1] if isinstance(timeout, tuple) else timeout)
    records = []
    try:
        for tag in LIST_TAGS:
            for info in api.list_models(pipeline_tag=tag, sort="downloads", limit=LIST_LIMIT, expand=EXPAND):
                records.append(info_to_json(info))
    except HfHubHTTPError as exc:
        status = getattr(exc.response, "status_code", "?")
        raise FetchError(f"Hugging Face Hub answered HTTP {status}") from exc
    except Exception as exc:  # connection errors and timeouts (httpx or OSError)
        raise FetchError(f"Hugging Face Hub unreachable: {type(exc).__name__}") from exc
    return {"models": json.dumps(records).encode()}


def info_to_json(info: ModelInfo) -> dict:
    """ModelInfo back to the Hub's own JSON shape, so one parser reads both."""
    st = info.safetensors
    return {
        "id": info.id,
        "author": info.author,
        "pipeline_tag": info.pipeline_tag,
        "library_name": info.library_name,
        "tags": info.tags,
        "downloads": info.downloads,
        "likes": info.likes,
        "gated": info.gated,
        "lastModified": _hub_time(info.last_modified),
        "createdAt": _hub_time(info.created_at),
        "safetensors": {"parameters": st.parameters, "total": st.total} if st else None,
        "cardData": info.card_data.to_dict() if info.card_data else None,
        "config": info.config,
    }


def _hub_time(value) -> str | None:
    """The Hub's own timestamp format, the only one ModelInfo parses."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" if value else None


def parse(payloads: Payloads) -> SourceFrames:
    raw: list[dict] = []
    for key, payload in payloads.items():
        if key.endswith((".yaml", ".yml")):
            raw.extend(_cassette_models(payload, key))
        else:
            try:
                data = json.loads(payload)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise PayloadError(f"Hugging Face Hub: not valid JSON in {key}; truncated?") from exc
            raw.extend(data if isinstance(data, list) else [data])
    if not raw:
        raise PayloadError("Hugging Face Hub: no model records")
    facts = [model_fact(ModelInfo(**_api_kwargs(r))) for r in raw if isinstance(r, dict) and r.get("id")]
    if not facts:
        raise PayloadError("Hugging Face Hub: records have no 'id' (renamed upstream?)")
    return SourceFrames(pd.DataFrame(facts).drop_duplicates("source_key", keep="last"), pd.DataFrame(), pd.DataFrame())


def _api_kwargs(record: dict) -> dict:
    # ModelInfo takes the API's own keys; 'modelId' duplicates 'id'.
    return {k: v for k, v in record.items() if k != "modelId"}


def _cassette_models(payload: bytes, key: str) -> Iterable[dict]:
    """Full model_info answers recorded in a VCR cassette (2xx GET /api/models/...)."""
    try:
        cassette = yaml.safe_load(payload)
    except yaml.YAMLError as exc:
        raise PayloadError(f"Hugging Face Hub: unreadable cassette {key}") from exc
    for interaction in (cassette or {}).get("interactions", []):
        req, resp = interaction.get("request", {}), interaction.get("response", {})
        if req.get("method") != "GET" or "/api/models/" not in req.get("uri", ""):
            continue
        if resp.get("status", {}).get("code") != 200:
            continue
        try:
            body = json.loads(resp["body"]["string"])
        except (KeyError, TypeError, json.JSONDecodeError):
            continue
        if isinstance(body, dict) and body.get("id") and ("pipeline_tag" in body or "tags" in body):
            yield body


def model_fact(info: ModelInfo) -> dict:
    archs = (info.config or {}).get("architectures") or [None]
    params = info.safetensors.total if info.safetensors else None
    return {
        "source": "hub",
        "source_key": info.id,
        "name": info.id.split("/", 1)[-1],
        "creator": info.author or info.id.split("/", 1)[0],
        "task": task_from_pipeline(info.pipeline_tag, info.id),
        "open_weights": True,
        "license": license_of(info),
        "hf_id": info.id,
        "architecture": architecture_from_class(archs[0]),
        "params_b": params / 1e9 if params else None,
        "downloads": info.downloads,
        "likes": info.likes,
        "base_model": base_model_of(info),
        "release_date": info.created_at.strftime("%Y-%m-%d") if info.created_at else None,
        "url": f"https://huggingface.co/{info.id}",
    }


SOURCE = Source(
    name="hub",
    title="Hugging Face Hub",
    homepage="https://huggingface.co/models",
    license="Hub metadata; each model under its own licence",
    attribution="Model metadata from the Hugging Face Hub API.",
    files={"cassettes": "hf-hub-cassettes"},
    urls={"endpoint": HUB_ENDPOINT},
    parse=parse,
    recorded_as_of="2025-03-21",
    fetch_live=fetch_live,
)
