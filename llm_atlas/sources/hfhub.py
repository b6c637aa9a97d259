"""Hugging Face Hub via huggingface_hub.HfApi: downloads, likes, licence, task, parameters, base model."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

import httpx2
import pandas as pd
import yaml
from huggingface_hub import HfApi
from huggingface_hub.hf_api import ModelInfo
from huggingface_hub.utils import HfHubHTTPError, set_client_factory
from huggingface_hub.utils._http import default_client_factory

from llm_atlas.normalise import architecture_from_class, task_from_pipeline
from llm_atlas.sources.base import FetchError, PayloadError, Payloads, Source, SourceFrames

HUB_ENDPOINT = "https://huggingface.co"
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


def hub_token() -> str | None:
    """Token from the environment only here; the app passes st.secrets in itself."""
    return os.environ.get("HF_TOKEN") or None


def make_api(endpoint: str | None = None, token: str | None = None, read_timeout: float = 30.0) -> HfApi:
    use_timeouts(min(5.0, read_timeout), read_timeout)
    return HfApi(endpoint=endpoint or HUB_ENDPOINT, token=token or hub_token() or False)


_timeouts: tuple[float, float] | None = None


def use_timeouts(connect: float, read: float) -> None:
    """huggingface_hub's shared client has no timeout at all: a hung Hub would hang a
    refresh or a page for ever. Keep its hooks and redirects; add timeouts, and note errors."""
    global _timeouts
    if _timeouts == (connect, read):
        return
    _timeouts = (connect, read)

    def client() -> httpx2.Client:
        default = default_client_factory()
        hooks = {k: list(v) for k, v in default.event_hooks.items()}
        default.close()
        hooks["response"] = [*hooks.get("response", []), _remember_status]
        return httpx2.Client(
            event_hooks=hooks,
            follow_redirects=True,
            timeout=httpx2.Timeout(read, connect=connect),
            transport=_RememberingTransport(connect, read),
        )

    set_client_factory(client)


# The last failure each thread saw: ("HTTP 429", Retry-After) or ("ConnectError", None).
# huggingface_hub retries 429/5xx/network errors inside list_models, so a caller that gives
# up waiting can still say why.
LAST_ERROR: dict[int, tuple[str, str | None]] = {}


def _remember_status(response: httpx2.Response) -> None:
    if response.status_code >= 400:
        LAST_ERROR[threading.get_ident()] = (f"HTTP {response.status_code}", response.headers.get("Retry-After"))


# The Hub call each thread is running for a caller, as the Event that caller sets when it stops
# waiting (llm_atlas.hub.with_deadline). The transport then refuses the call's next attempt, so
# huggingface_hub's retries end there instead of holding a worker for ~25 s.
_CALLER_GONE: dict[int, threading.Event] = {}
T = TypeVar("T")


class HubCallAbandonedError(RuntimeError):
    """The caller stopped waiting for this Hub call; not retried by huggingface_hub."""


def run_for_caller(fn: Callable[[], T], caller_gone: threading.Event) -> T:
    """Run one Hub call in this thread; once `caller_gone` is set it sends no more requests."""
    ident = threading.get_ident()
    LAST_ERROR.pop(ident, None)
    if caller_gone.is_set():  # gave up while this call waited for a worker
        raise HubCallAbandonedError("the caller stopped waiting before the call started")
    _CALLER_GONE[ident] = caller_gone
    try:
        return fn()
    finally:
        _CALLER_GONE.pop(ident, None)


class _RememberingTransport(httpx2.HTTPTransport):
    """Notes failures; and applies our timeouts where huggingface_hub passes timeout=None
    per request (list_models and model_info do), which would otherwise mean "wait for ever"."""

    def __init__(self, connect: float, read: float) -> None:
        super().__init__()
        self.defaults = {"connect": connect, "read": read, "write": read, "pool": read}

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        caller_gone = _CALLER_GONE.get(threading.get_ident())
        if caller_gone is not None and caller_gone.is_set():
            raise HubCallAbandonedError(f"the caller stopped waiting; not asking {request.url.host} again")
        given = request.extensions.get("timeout") or {}
        request.extensions["timeout"] = {k: given.get(k) or v for k, v in self.defaults.items()}
        try:
            return super().handle_request(request)
        except httpx2.ConnectError as exc:
            # Not retried: huggingface_hub would retry for ~25 s and close the shared client
            # (failing other threads' requests in flight) on each attempt.
            LAST_ERROR[threading.get_ident()] = ("ConnectError", None)
            raise HubUnreachableError(f"cannot connect to {request.url.host}") from exc
        except Exception as exc:
            LAST_ERROR[threading.get_ident()] = (type(exc).__name__, None)
            raise


class HubUnreachableError(ConnectionError):
    """No connection to the Hub at all (refused, no route, no DNS)."""


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


def license_of(info: ModelInfo) -> str | None:
    card = info.card_data or {}
    licence = card.get("license") if hasattr(card, "get") else None
    if isinstance(licence, list):
        licence = licence[0] if licence else None
    if not licence:
        licence = next((t.split(":", 1)[1] for t in info.tags or [] if t.startswith("license:")), None)
    return licence


def base_model_of(info: ModelInfo) -> str | None:
    card = info.card_data or {}
    base = card.get("base_model") if hasattr(card, "get") else None
    if isinstance(base, list):
        base = base[0] if base else None
    return base or None


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
