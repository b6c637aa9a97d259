"""The catalog a person filters: one prepared table (the catalog view), pure filters and presets.

Everything here is plain pandas, tested without Streamlit; the page only draws widgets. The grid's
columns and sort are in `views.catalog`, the filters' URL form in `views.filter_params`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import pandas as pd

from llm_atlas import selfhost
from llm_atlas.pipeline.snapshot import Snapshot
from llm_atlas.views import eligibility

# Headline quality columns shown in the table: (benchmark id, column, label).
HEADLINE_SCORES = (
    # LMArena's own default view is style-controlled, so that is the headline arena score.
    ("arena_text_style:full", "arena_style", "Arena score (style control)"),
    ("arena_text:full", "arena_score", "Arena score"),
    ("aa_intelligence", "aa_intelligence", "AA intelligence"),
    ("aider_polyglot", "aider_polyglot", "Aider polyglot %"),
    ("oll_average", "oll_average", "Open LLM LB avg"),
)
OPENNESS = ("open", "proprietary", "unknown")
CAPABILITIES = {
    "tools": "supports_tools",
    "vision": "supports_vision",
    "reasoning": "supports_reasoning",
    "json": "supports_json",
}
ARCHITECTURES = ("decoder-only", "encoder-only", "encoder-decoder")
CATEGORICAL = ("task", "openness", "license_class", "license", "creator", "architecture")


@dataclass(frozen=True)
class Filters:
    """A view of the catalog. Empty tuples and None mean "no constraint"."""

    tasks: tuple[str, ...] = ()
    openness: tuple[str, ...] = ()
    license_classes: tuple[str, ...] = ()
    licenses: tuple[str, ...] = ()
    creators: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    architectures: tuple[str, ...] = ()
    moe_only: bool = False
    params_min: float | None = None
    params_max: float | None = None
    context_min: int | None = None
    capabilities: tuple[str, ...] = ()
    price_min: float | None = None  # input price, USD per 1M tokens
    price_max: float | None = None
    date_from: str | None = None  # YYYY-MM-DD
    date_to: str | None = None
    scored_only: bool = False
    search: str = ""
    fits_gb: float | None = None  # serving memory (selfhost.fits_memory_gb) at most this many GB
    include_deprecated: bool = False  # deprecated models are hidden unless asked for

    def active(self) -> list[str]:
        default = Filters()
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(default, f.name)]

    def without(self, name: str) -> Filters:
        return replace(self, **{name: getattr(Filters(), name)})


FILTER_LABELS = {
    "tasks": "Task",
    "openness": "Openness",
    "license_classes": "Licence class",
    "licenses": "Licence",
    "creators": "Creator",
    "providers": "Provider",
    "architectures": "Architecture",
    "moe_only": "Mixture of experts only",
    "params_min": "Min parameters",
    "params_max": "Max parameters",
    "context_min": "Min context",
    "capabilities": "Capabilities",
    "price_min": "Min input price",
    "price_max": "Max input price",
    "date_from": "Released from",
    "date_to": "Released until",
    "scored_only": "Has a quality score",
    "search": "Search",
    "include_deprecated": "Deprecated models hidden",
    "fits_gb": "Fits in GPU memory",
}

PRESETS: dict[str, tuple[str, Filters]] = {
    "gpu24": (
        "Permissive licence, runs on one 24 GB GPU",
        # The same memory estimate as Costs' self-hosting section (selfhost.py): 16-bit weights,
        # one 8,192-token request's KV cache from the model's own shape, 10 % overhead.
        Filters(openness=("open",), license_classes=("permissive",), fits_gb=24.0),
    ),
    "cheap_tools": (
        "Cheapest with tools and ≥128k context",
        Filters(capabilities=("tools",), context_min=128_000, price_max=1.0),
    ),
    "open_embeddings": ("Open models for embeddings", Filters(tasks=("embedding",), openness=("open",))),
    "stt_services": ("Speech-to-text services", Filters(tasks=("speech-to-text",), openness=("proprietary",))),
}


def prepare(snap: Snapshot) -> pd.DataFrame:
    """The table Explore filters: models plus providers, headline scores and a search key."""
    models = snap.models.copy()
    offers = snap.offers.dropna(subset=["provider"])
    providers = offers.groupby("model_id")["provider"].agg(lambda s: ",".join(sorted(set(s))))
    models["providers"] = models["model_id"].map(providers).astype("string")
    scores = snap.scores
    for bench, col, _ in HEADLINE_SCORES:
        best = scores[scores["benchmark"] == bench].groupby("model_id")["value"].max()
        models[col] = models["model_id"].map(best).astype("Float64")
    models["openness"] = (
        models["open_weights"].map({True: "open", False: "proprietary"}).astype("string").fillna("unknown")
    )
    models["search_key"] = (models["model_id"] + " " + models["name"].fillna("")).str.lower()
    models["link"] = models["url"].where(models["url"].str.match(r"^https?://", na=False))
    models = selfhost.attach_shapes(models, selfhost.load_shapes())
    models["fits_memory_gb"] = selfhost.fits_memory_gb(models["params_b"], models["kv_bytes_per_token"])
    # Few distinct values: categoricals make isin() cheap at Hub scale.
    for col in CATEGORICAL:
        models[col] = models[col].astype("category")
    return models


def _in(series: pd.Series, values: tuple[str, ...]) -> pd.Series:
    return pd.Series(series.isin(values), index=series.index, dtype=bool)


def _mask(df: pd.DataFrame, name: str, value, provider_models: set[str] | None = None) -> pd.Series:
    """The rows one filter keeps."""
    if name == "tasks":
        return _in(df["task"], value)
    if name == "openness":
        return _in(df["openness"], value)
    if name == "license_classes":
        return _in(df["license_class"], value)
    if name == "licenses":
        return _in(df["license"], value)
    if name == "creators":
        return _in(df["creator"], value)
    if name == "providers":
        return df["model_id"].isin(provider_models or set())
    if name == "architectures":
        return _in(df["architecture"], value)
    if name == "moe_only":
        return (df["moe"] == True).fillna(False).astype(bool)  # noqa: E712
    if name == "params_min":
        return (df["params_b"] >= value).fillna(False).astype(bool)
    if name == "params_max":
        return (df["params_b"] <= value).fillna(False).astype(bool)
    if name == "context_min":
        return (df["context_tokens"] >= value).fillna(False).astype(bool)
    if name == "capabilities":
        keep = pd.Series(True, index=df.index)
        for cap in value:
            keep &= (df[CAPABILITIES[cap]] == True).fillna(False).astype(bool)  # noqa: E712
        return keep
    if name == "price_min":
        return (df["price_in_usd_mtok"] >= value).fillna(False).astype(bool)
    if name == "price_max":
        return (df["price_in_usd_mtok"] <= value).fillna(False).astype(bool)
    if name == "date_from":
        return (df["release_date"] >= value).fillna(False).astype(bool)
    if name == "date_to":
        return (df["release_date"] <= value).fillna(False).astype(bool)
    if name == "scored_only":
        return (df["n_scores"] > 0).fillna(False).astype(bool)
    if name == "include_deprecated":
        return pd.Series(True, index=df.index)
    if name == "fits_gb":
        return (df["fits_memory_gb"] <= value).fillna(False).astype(bool)
    if name == "search":
        return df["search_key"].str.contains(value.lower(), regex=False).fillna(False).astype(bool)
    raise KeyError(name)


def provider_model_ids(offers: pd.DataFrame, providers: tuple[str, ...]) -> set[str]:
    return set(offers.loc[offers["provider"].isin(providers), "model_id"])


@dataclass
class FilterResult:
    source: pd.DataFrame
    mask: pd.Series
    steps: list[tuple[str, int]] = field(default_factory=list)  # (filter, models left after it)

    @property
    def rows(self) -> pd.DataFrame:
        """The kept rows, every column (materialised on demand: it copies)."""
        return self.source[self.mask]

    @property
    def count(self) -> int:
        return int(self.mask.sum())

    @property
    def emptied_by(self) -> str | None:
        """The first filter after which nothing was left."""
        return next((name for name, left in self.steps if left == 0), None)


def apply(
    df: pd.DataFrame, filters: Filters, offers: pd.DataFrame | None = None, today: str | None = None
) -> FilterResult:
    """Apply every active filter in declaration order, counting what each leaves.

    Deprecated models go first (unless `include_deprecated`), as a funnel step when any is hidden.
    """
    keep = pd.Series(True, index=df.index)
    steps = []
    if not filters.include_deprecated:
        deprecated = eligibility.is_deprecated(df, today)
        if deprecated.any():
            keep &= ~deprecated
            steps.append(("include_deprecated", int(keep.sum())))
    for name in filters.active():
        if name == "include_deprecated":
            continue
        value = getattr(filters, name)
        pm = provider_model_ids(offers, value) if name == "providers" and offers is not None else None
        keep &= _mask(df, name, value, pm)
        steps.append((name, int(keep.sum())))
    return FilterResult(df, keep, steps)
