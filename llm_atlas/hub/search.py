"""Live search of open models through HfApi: the query, its keyword arguments, one page of rows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from huggingface_hub import HfApi
from huggingface_hub.hf_api import ModelInfo

from llm_atlas.hub.modelinfo import license_of

# The Hub's sort keys, by the label a person picks (the Hub always sorts descending).
SORTS = {
    "trending": "trending_score",
    "downloads": "downloads",
    "likes": "likes",
    "created": "created_at",
    "updated": "last_modified",
}
TASKS = {
    "text-generation": "Chat / text generation",
    "image-text-to-text": "Multimodal (image + text in)",
    "feature-extraction": "Embeddings (feature extraction)",
    "sentence-similarity": "Embeddings (sentence similarity)",
    "automatic-speech-recognition": "Speech to text",
    "text-to-speech": "Text to speech",
    "text-to-image": "Image generation",
}
LICENCES = (
    "apache-2.0",
    "mit",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "gemma",
    "cc-by-4.0",
    "cc-by-nc-4.0",
    "openrail",
    "other",
)
LIBRARIES = ("transformers", "peft", "sentence-transformers", "diffusers", "gguf", "mlx", "onnx", "vllm")
PAGE_SIZE = 25
MAX_PAGES = 10  # the Hub is never asked for more than PAGE_SIZE * MAX_PAGES models at once
LIST_EXPAND = [
    "author",
    "downloads",
    "likes",
    "lastModified",
    "createdAt",
    "gated",
    "pipeline_tag",
    "library_name",
    "tags",
    "safetensors",
    "trendingScore",
]

# --- the search -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HubQuery:
    search: str = ""
    task: str | None = None
    licence: str | None = None
    library: str | None = None
    params_min_b: float | None = None
    params_max_b: float | None = None
    gated: bool | None = None
    sort: str = "trending"
    page: int = 1


def num_parameters(min_b: float | None, max_b: float | None) -> str | None:
    """The Hub's parameter-range filter, e.g. "min:7B,max:13B" (None: no range)."""
    parts = []
    if min_b is not None and min_b > 0:
        parts.append(f"min:{min_b:g}B")
    if max_b is not None and math.isfinite(max_b):
        parts.append(f"max:{max_b:g}B")
    return ",".join(parts) or None


def list_kwargs(query: HubQuery) -> dict:
    """HfApi.list_models arguments for a query: one request of at most page * PAGE_SIZE models."""
    tags = [f"license:{query.licence}"] if query.licence else []
    if query.library:
        tags.append(query.library)
    kwargs = {
        "search": query.search.strip() or None,
        "pipeline_tag": query.task,
        "filter": tags or None,
        "gated": query.gated,
        "num_parameters": num_parameters(query.params_min_b, query.params_max_b),
        "sort": SORTS.get(query.sort, "trending_score"),
        "limit": min(max(query.page, 1), MAX_PAGES) * PAGE_SIZE,
        "expand": LIST_EXPAND,
    }
    return {k: v for k, v in kwargs.items() if v is not None}


@dataclass
class SearchPage:
    rows: pd.DataFrame
    page: int
    more: bool  # the Hub may hold more matches than these pages


def search(api: HfApi, query: HubQuery) -> SearchPage:
    kwargs = list_kwargs(query)
    infos = list(api.list_models(**kwargs))
    page = kwargs["limit"] // PAGE_SIZE
    rows = pd.DataFrame([listing_row(i) for i in infos[(page - 1) * PAGE_SIZE :]], columns=LISTING_COLUMNS)
    return SearchPage(rows, page, more=len(infos) >= kwargs["limit"] and page < MAX_PAGES)


LISTING_COLUMNS = ["id", "url", "task", "licence", "params_b", "downloads", "likes", "gated", "library", "updated"]


def listing_row(info: ModelInfo) -> dict:
    updated = info.last_modified or info.created_at
    return {
        "id": info.id,
        "url": hub_url(info.id),
        "task": info.pipeline_tag,
        "licence": license_of(info),
        "params_b": info.safetensors.total / 1e9 if info.safetensors and info.safetensors.total else None,
        "downloads": info.downloads,
        "likes": info.likes,
        "gated": gated_label(info.gated),
        "library": info.library_name,
        "updated": updated.strftime("%Y-%m-%d") if updated else None,
    }


def hub_url(repo_id: str) -> str:
    return f"https://huggingface.co/{repo_id}"


def gated_label(gated: object) -> str | None:
    if gated is None:
        return None
    return "no" if gated is False else f"yes ({gated})"
