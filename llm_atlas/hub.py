"""The Hub page's logic: live search of open models through HfApi, one model's facts, its
model tree, the openness checklist, a card made safe to render, and the snapshot fallback.

Pure Python (no Streamlit); every Hub call goes through the `HfApi` passed in.
"""

from __future__ import annotations

import concurrent.futures
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import pandas as pd
from huggingface_hub import HfApi, hf_hub_url
from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError
from huggingface_hub.hf_api import ModelInfo
from huggingface_hub.utils import build_hf_headers, get_session

from llm_atlas.explore import screened
from llm_atlas.normalise import license_class, task_from_pipeline
from llm_atlas.sources import hfhub
from llm_atlas.sources.hfhub import license_of

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
RELATIONS = {"finetune": "Fine-tunes", "adapter": "Adapters", "merge": "Merges", "quantized": "Quantisations"}
TREE_CAP = 100  # models counted per relation; more shows as "100+"
TREE_TOP = 3
DEADLINE_S = 15.0  # the page gives up waiting after this; huggingface_hub retries 5xx/429 inside
CARD_MAX_CHARS = 20_000


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


# --- URL state -----------------------------------------------------------------------------------

URL_KEYS = ("q", "task", "license", "library", "params", "gated", "sort", "page", "model")
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}(/[\w.-]{1,96})?$")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)?-(\d+(?:\.\d+)?)?$")


def valid_repo_id(text: str) -> bool:
    return bool(_REPO_ID.match(text or ""))


def to_query_params(query: HubQuery, model: str | None = None) -> dict[str, str]:
    out = {
        "q": query.search.strip(),
        "task": query.task or "",
        "license": query.licence or "",
        "library": query.library or "",
        "params": _range_text(query.params_min_b, query.params_max_b),
        "gated": {True: "yes", False: "no"}.get(query.gated, ""),
        "sort": query.sort if query.sort != HubQuery.sort else "",
        "page": str(query.page) if query.page > 1 else "",
        "model": model or "",
    }
    return {k: v for k, v in out.items() if v}


def _range_text(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    return ("" if low is None else f"{low:g}") + "-" + ("" if high is None else f"{high:g}")


def from_query_params(params: dict[str, list[str]]) -> tuple[HubQuery, str | None, list[str]]:
    """URL parameters to a query, a model id and notices; anything odd is ignored with a
    notice (nothing here raises, nothing is echoed back unescaped or unbounded)."""
    values: dict[str, object] = {}
    model, notices = None, []
    for key, raw, notice in screened(params, URL_KEYS):
        if notice:
            notices.append(notice)
            continue
        if key == "model":
            if _REPO_ID.match(raw):
                model = raw
            else:
                notices.append("'model' is not a Hub repo id (owner/name); ignored.")
            continue
        problem = _parse_one(key, raw.strip(), values)
        if problem:
            notices.append(problem)
    return HubQuery(**values), model, notices


def _parse_one(key: str, raw: str, values: dict) -> str | None:
    choices = {"task": (TASKS, "task"), "license": (LICENCES, "licence"), "library": (LIBRARIES, "library")}
    if key in choices:
        allowed, name = choices[key]
        if raw not in allowed:
            return f"Unknown {name} ignored: '{raw[:40]}'."
        values[name] = raw
    elif key == "q":
        values["search"] = raw
    elif key == "params":
        match = _RANGE.match(raw)
        low, high = (float(g) if g else None for g in match.groups()) if match else (None, None)
        if not match or (low is not None and high is not None and low > high) or max(low or 0, high or 0) > 1e5:
            return "'params' must be a range in billions like 3-8, 70- or -1; ignored."
        values["params_min_b"], values["params_max_b"] = low, high
    elif key == "gated":
        if raw not in ("yes", "no"):
            return "'gated' must be yes or no; ignored."
        values["gated"] = raw == "yes"
    elif key == "sort":
        if raw not in SORTS:
            return f"Unknown sort ignored: '{raw[:40]}'."
        values["sort"] = raw
    elif key == "page":
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGES:
            return f"'page' must be 1 to {MAX_PAGES}; ignored."
        values["page"] = int(raw)
    return None


# --- one model ----------------------------------------------------------------------------------


_BASE_TAG = re.compile(r"^base_model:(adapter|finetune|merge|quantized):(.+)$")


@dataclass
class ModelFacts:
    requested: str
    info: ModelInfo
    providers: list[dict] | None = None  # None: the Hub did not say
    providers_note: str | None = None

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def renamed(self) -> bool:
        return self.info.id != self.requested

    @property
    def base_models(self) -> list[str]:
        """From the Hub's base_model:<relation>:<id> tags (it resolves renamed repos there),
        else the card's base_model as written."""
        tagged = [m.group(2) for t in self.info.tags or [] if (m := _BASE_TAG.match(t))]
        if tagged:
            return list(dict.fromkeys(tagged))
        card = self.info.card_data or {}
        base = card.get("base_model") if hasattr(card, "get") else None
        return [b for b in ([base] if isinstance(base, str) else base or []) if isinstance(b, str)]


def model_facts(api: HfApi, repo_id: str) -> ModelFacts:
    """model_info for a repo (a 307 for a renamed repo is followed), then its inference
    providers in a second call; failing to get providers does not fail the facts."""
    info = api.model_info(repo_id)
    facts = ModelFacts(repo_id, info)
    try:
        mapped = api.model_info(info.id, expand=["inferenceProviderMapping"]).inference_provider_mapping
        if mapped is not None:
            facts.providers = [
                {"provider": m.provider, "provider_id": m.provider_id, "status": m.status, "task": m.task}
                for m in mapped
            ]
    except Exception as exc:  # the facts stand without it
        facts.providers_note = describe_error(exc, info.id)
    return facts


def fact_rows(facts: ModelFacts) -> list[tuple[str, str]]:
    """The model's facts as (label, text) pairs; 'not stated' where the Hub says nothing."""
    info = facts.info
    licence = license_of(info)
    params = info.safetensors.parameters if info.safetensors else None
    rows = [
        ("Licence", f"{licence} ({license_class(licence) or 'class unknown'})" if licence else "not stated"),
        ("Task (pipeline tag)", info.pipeline_tag or "not stated"),
        ("Library", info.library_name or "not stated"),
        (
            "Parameters (safetensors)",
            f"{info.safetensors.total / 1e9:.2f} B ({', '.join(f'{k}: {v:,}' for k, v in params.items())})"
            if info.safetensors and info.safetensors.total
            else "not stated",
        ),
        ("Base model", ", ".join(facts.base_models) or "none stated"),
        ("Gated", gated_label(info.gated) or "not stated"),
        ("Downloads (30 days)", f"{info.downloads:,}" if info.downloads is not None else "not stated"),
        ("Likes", f"{info.likes:,}" if info.likes is not None else "not stated"),
        ("Created", info.created_at.strftime("%Y-%m-%d") if info.created_at else "not stated"),
        ("Last modified", info.last_modified.strftime("%Y-%m-%d") if info.last_modified else "not stated"),
    ]
    if facts.renamed:
        rows.insert(0, ("Renamed", f"{facts.requested} now redirects to {facts.id}"))
    return rows


def eval_results(info: ModelInfo) -> pd.DataFrame:
    """Evaluation results declared in the card's model-index, as the Hub parsed them."""
    card = info.card_data
    results = getattr(card, "eval_results", None) or []
    rows = [
        {
            "task": r.task_type,
            "dataset": r.dataset_name,
            "metric": r.metric_name or r.metric_type,
            "value": r.metric_value,
            "verified": r.verified,
        }
        for r in results
    ]
    return pd.DataFrame(rows, columns=["task", "dataset", "metric", "value", "verified"])


def card_metadata(info: ModelInfo) -> dict:
    """The card's YAML metadata, minus the model-index already shown as a table."""
    card = info.card_data.to_dict() if info.card_data else {}
    return {k: v for k, v in card.items() if k not in ("model-index", "eval_results", "model_name")}


# --- the model tree -----------------------------------------------------------------------------


@dataclass
class Branch:
    relation: str
    count: int
    capped: bool
    top: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.count}+" if self.capped else str(self.count)


def model_tree(api: HfApi, base_id: str) -> dict[str, Branch]:
    """The models declaring `base_id` as their base, per relation (the Hub's
    base_model:<relation>:<id> tags), counted up to TREE_CAP, most downloaded first."""
    tree = {}
    for relation in RELATIONS:
        infos = list(
            api.list_models(
                filter=f"base_model:{relation}:{base_id}",
                sort="downloads",
                limit=TREE_CAP,
                expand=["downloads", "likes"],
            )
        )
        top = [{"id": i.id, "url": hub_url(i.id), "downloads": i.downloads, "likes": i.likes} for i in infos[:TREE_TOP]]
        tree[relation] = Branch(relation, len(infos), len(infos) >= TREE_CAP, top)
    return tree


# --- how open is it -----------------------------------------------------------------------------

KNOWN, NOT_STATED = "known", "not stated"
_WEIGHT_FILE = re.compile(r"\.(safetensors|bin|gguf|pt|pth|ckpt|onnx|h5|msgpack)$", re.IGNORECASE)
_TRAINING_CODE = re.compile(r"(^|/)(train[^/]*\.(py|sh|ipynb)|finetun[^/]*\.(py|sh|ipynb)|training_args\.bin)$", re.I)
_TRAINING_METRICS = re.compile(r"(^|/)(runs/|trainer_state\.json$|train_results\.json$|all_results\.json$)", re.I)


def openness_checklist(info: ModelInfo) -> pd.DataFrame:
    """The five things a fully open model publishes, from Hub metadata only: 'known' with
    the evidence, or 'not stated'. Never inferred from the model's name or popularity."""
    files = [s.rfilename for s in info.siblings or []]
    tags = info.tags or []
    card = info.card_data
    datasets = getattr(card, "datasets", None) or [t.split(":", 1)[1] for t in tags if t.startswith("dataset:")]
    datasets = [datasets] if isinstance(datasets, str) else list(datasets)
    rows = [
        _check("Training data", datasets, lambda d: "datasets named in the card: " + ", ".join(d[:5])),
        _check("Full weights", _weights_evidence(info, files), lambda e: e),
        _check(
            "Evaluation code or results",
            eval_results(info),
            lambda r: f"{len(r)} evaluation results in the card's model-index (the code itself is not in the metadata)",
        ),
        _check(
            "Fine-tuning code",
            [f for f in files if _TRAINING_CODE.search(f)],
            lambda f: "training files in the repo: " + ", ".join(f[:5]),
        ),
        _check(
            "Training metrics",
            [f for f in files if _TRAINING_METRICS.search(f)] + [t for t in tags if t == "tensorboard"],
            lambda f: "logged in the repo: " + ", ".join(f[:5]),
        ),
    ]
    return pd.DataFrame(rows, columns=["item", "status", "evidence"])


def _check(item: str, evidence, describe: Callable) -> dict:
    present = len(evidence) > 0 if evidence is not None else False
    text = describe(evidence) if present else "the Hub metadata does not say"
    return {"item": item, "status": KNOWN if present else NOT_STATED, "evidence": text}


def _weights_evidence(info: ModelInfo, files: list[str]) -> str | None:
    weights = [f for f in files if _WEIGHT_FILE.search(f)]
    if not weights and not (info.safetensors and info.safetensors.total):
        return None
    what = f"{len(weights)} weight files" if weights else "safetensors weights"
    if info.safetensors and info.safetensors.total:
        what += f" ({info.safetensors.total / 1e9:.2f} B parameters)"
    if any("adapter_model" in f for f in weights) or info.library_name == "peft":
        what += "; an adapter, which needs its base model's weights too"
    if info.gated:
        what += f"; gated ({info.gated}): download after accepting the terms"
    return what


# --- the card -----------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*(\n|\Z)", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)
_HTML_BLOCK = re.compile(r"<(script|style|iframe|object|embed|svg|math|template)\b.*?(</\1\s*>|\Z)", re.I | re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<[!?][^>]*>")
# [label](url "title"); the url may hold one level of balanced parentheses.
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+).*$", re.MULTILINE)


def fetch_card(api: HfApi, repo_id: str, timeout: float = 10.0) -> str:
    """The repo's README.md text, through huggingface_hub's own HTTP client."""
    url = hf_hub_url(repo_id, "README.md", endpoint=api.endpoint)
    response = get_session().get(url, headers=build_hf_headers(token=api.token), timeout=timeout)
    if response.status_code == 404:
        return ""
    response.raise_for_status()
    return response.text


def safe_card(text: str) -> str:
    """A model card as Markdown with no raw HTML and only http(s) links and images."""
    text = _FRONT_MATTER.sub("", text or "", count=1)
    text = _HTML_COMMENT.sub("", text)
    text = _HTML_BLOCK.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _LINK.sub(_safe_link, text)
    text = _REF_DEF.sub(lambda m: m.group(0) if _is_http(m.group(1)) else "", text)
    if len(text) > CARD_MAX_CHARS:
        text = text[:CARD_MAX_CHARS] + "\n\n*(card cut here; read the rest on the Hub)*"
    return text.strip()


def _is_http(url: str) -> bool:
    return url.lower().startswith(("https://", "http://"))


def _safe_link(match: re.Match) -> str:
    bang, label, url = match.groups()
    if not _is_http(url):
        return label
    # Images become links: a card should not make the reader's browser fetch third-party images.
    return f"[{'image: ' if bang else ''}{label or url}]({url})"


# --- errors and deadlines -----------------------------------------------------------------------


class HubTimeoutError(Exception):
    def __init__(self, seconds: float, last_error: tuple[str, str | None] | None = None) -> None:
        super().__init__(f"no answer within {seconds:g} s")
        self.seconds = seconds
        self.last_error = last_error


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="hub")
T = TypeVar("T")


def with_deadline(fn: Callable[[], T], seconds: float = DEADLINE_S) -> T:
    """Run a Hub call, giving up after `seconds` (huggingface_hub retries 429/5xx with
    backoff for ~25 s; a page should say what is wrong sooner). A call given up on sends no
    further attempts, so its worker is soon free for the next visitor."""
    worker: list[int] = []
    caller_gone = threading.Event()

    def run() -> T:
        worker.append(threading.get_ident())
        return hfhub.run_for_caller(fn, caller_gone)

    future = _POOL.submit(run)
    try:
        return future.result(timeout=seconds)
    except concurrent.futures.TimeoutError as exc:
        caller_gone.set()  # its retries stop at the next attempt: the worker is free for others
        raise HubTimeoutError(seconds, hfhub.LAST_ERROR.get(worker[0]) if worker else None) from exc


def describe_error(exc: BaseException, repo_id: str | None = None) -> str:
    """One line for a person; never the token, never a raw traceback."""
    what = f" for {repo_id}" if repo_id else ""
    if isinstance(exc, HubTimeoutError):
        kind, retry_after = exc.last_error or ("", None)
        if kind == "HTTP 429":
            wait = f", asked to retry after {retry_after} s" if retry_after else ""
            return f"The Hub is rate-limiting requests (HTTP 429{wait}); gave up after {exc.seconds:g} s."
        if kind.startswith("HTTP"):
            return f"The Hub kept answering {kind}{what}; gave up after {exc.seconds:g} s."
        if "Connect" in kind:
            return f"The Hugging Face Hub is unreachable (no network?); gave up after {exc.seconds:g} s."
        return f"The Hugging Face Hub did not answer{what} within {exc.seconds:g} s."
    if isinstance(exc, GatedRepoError):
        return f"{repo_id or 'This model'} is gated: accept its terms on the Hub and set HF_TOKEN to see it."
    if isinstance(exc, RepositoryNotFoundError):
        return f"The Hub has no public model {repo_id or ''} (HTTP {_status(exc)}).".replace("  ", " ")
    if isinstance(exc, HfHubHTTPError):
        status = _status(exc)
        if status == 429:
            wait = exc.response.headers.get("Retry-After") if exc.response is not None else None
            return f"The Hub is rate-limiting requests (HTTP 429{f', retry after {wait} s' if wait else ''})."
        if status in (401, 403):
            return f"The Hub refused the request{what} (HTTP {status}); a token may be needed or invalid."
        return f"The Hub answered HTTP {status}{what}."
    name = type(exc).__name__
    if "Timeout" in name:
        return f"The Hugging Face Hub did not answer{what} in time ({name})."
    if "Connect" in name or isinstance(exc, OSError):
        return "The Hugging Face Hub is unreachable (no network?)."
    return f"The Hub request{what} failed ({name})."


def _status(exc: HfHubHTTPError) -> int | str:
    return exc.response.status_code if exc.response is not None else "?"


# --- the snapshot, offline and joined ------------------------------------------------------------

FALLBACK_COLUMNS = ["id", "url", "task", "licence", "params_b", "downloads", "likes", "model_id"]


def snapshot_open_models(models: pd.DataFrame, query: HubQuery, limit: int = PAGE_SIZE * MAX_PAGES) -> pd.DataFrame:
    """The snapshot's open-weights models with a Hub id, filtered like the live search."""
    rows = models[models["open_weights"].fillna(False).astype(bool) & models["hf_id"].notna()]
    if query.search.strip():
        needle = query.search.strip().lower()
        rows = rows[rows["hf_id"].str.lower().str.contains(needle, regex=False)]
    if query.task:
        rows = rows[rows["task"] == task_from_pipeline(query.task)]
    if query.licence:
        rows = rows[rows["license"].str.lower() == query.licence.lower()]
    if query.params_min_b is not None and query.params_min_b > 0:
        rows = rows[rows["params_b"] >= query.params_min_b]
    if query.params_max_b is not None and math.isfinite(query.params_max_b):
        rows = rows[rows["params_b"] <= query.params_max_b]
    key = {"downloads": "downloads", "likes": "likes", "created": "release_date"}.get(query.sort, "downloads")
    rows = rows.sort_values([key, "likes"], ascending=False, na_position="last").head(limit)
    out = pd.DataFrame(
        {
            "id": rows["hf_id"],
            "url": rows["hf_id"].map(hub_url),
            "task": rows["task"],
            "licence": rows["license"],
            "params_b": rows["params_b"],
            "downloads": rows["downloads"],
            "likes": rows["likes"],
            "model_id": rows["model_id"],
        }
    )
    return out.reset_index(drop=True)


def catalog_entries(models: pd.DataFrame, hf_ids: list[str]) -> pd.DataFrame:
    """Catalog models behind these Hub ids (case-insensitive), with what the catalog adds."""
    wanted = {i.lower() for i in hf_ids}
    hit = models[models["hf_id"].str.lower().isin(wanted).fillna(False)]
    cols = ["model_id", "name", "hf_id", "n_scores", "price_in_usd_mtok", "price_out_usd_mtok", "sources"]
    return hit[cols].reset_index(drop=True)
