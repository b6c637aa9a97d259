"""One Hub model: its facts, evaluation results, card metadata, model tree and openness checklist."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from huggingface_hub import HfApi
from huggingface_hub.hf_api import ModelInfo

from llm_atlas.hub.client import describe_error
from llm_atlas.hub.modelinfo import license_of
from llm_atlas.hub.search import gated_label, hub_url
from llm_atlas.pipeline.normalise import license_class

RELATIONS = {"finetune": "Fine-tunes", "adapter": "Adapters", "merge": "Merges", "quantized": "Quantisations"}
TREE_CAP = 100  # models counted per relation; more shows as "100+"
TREE_TOP = 3

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
