"""Measured doubts about the catalog, written out for curation: rows that look like one model, and
facts on which the sources disagree beyond a stated tolerance."""

from __future__ import annotations

import re

import pandas as pd

from llm_atlas.pipeline import curated
from llm_atlas.pipeline.headline import PRICE_COLUMNS, is_maker_route
from llm_atlas.pipeline.identity import dated_family
from llm_atlas.pipeline.normalise import normalise

# Words a reseller puts before or after a model's own name ("databricks-mixtral-8x7b-instruct",
# "llama-3.3-70b-instruct-fp8"): the audit drops them to find copies the join rules missed.
_RESELLER_PREFIX = re.compile(
    r"^(?:databricks|gradient|azure|bedrock|vertex|together|fireworks|groq|deepinfra|nscale|ovhcloud|snowflake|"
    r"openai|anthropic|meta|google|mistralai|xai|amazon|nvidia|accounts-fireworks-models)-"
)
_PACKAGING_SUFFIX = re.compile(r"-(?:fp8|fp16|bf16|int8|int4|hf|latest|free)$")
_NICKNAME = re.compile(r"\s*\(.*\)\s*$")
# Beyond these a disagreement is reported.
CONTEXT_TOLERANCE = 0.10  # relative
PRICE_TOLERANCE = 0.05  # relative
DATE_TOLERANCE_DAYS = 31


def audit_key(model_id: str) -> str:
    key = model_id
    for _ in range(3):
        key = _PACKAGING_SUFFIX.sub("", _RESELLER_PREFIX.sub("", key))
    return key


def evidence(models: pd.DataFrame, offers: pd.DataFrame) -> pd.Series:
    """Scores plus offers per model: how much the catalog knows of it."""
    n_offers = models["model_id"].map(offers.groupby("model_id").size()).fillna(0)
    return models["n_scores"].fillna(0).astype(float) + n_offers


def duplicates(models: pd.DataFrame, offers: pd.DataFrame, scores: pd.DataFrame, top: int = 300) -> list[dict]:
    """Groups of rows that look like one model: same Hub id, same name once reseller words and
    packaging are dropped, or the same LMArena name. Dated snapshots and settings are linked rows,
    not duplicates."""
    linked = models["variant_of"].notna() | models["model_id"].map(dated_family).notna() | _repriced_pointer(models)
    ranked = evidence(models, offers).rank(ascending=False, method="first")
    top_ids = set(models.loc[ranked <= top, "model_id"])
    groups: list[dict] = []

    def add(kind: str, key: str, ids: list[str]) -> None:
        groups.append({"kind": kind, "key": key, "models": sorted(ids), "in_top": bool(set(ids) & top_ids)})

    unlinked = models[~linked]
    for key, ids in unlinked.groupby(unlinked["model_id"].map(audit_key))["model_id"]:
        if len(ids) > 1:
            add("name", key, list(ids))
    hub = models[models["hf_id"].notna()]
    for key, ids in hub.groupby(hub["hf_id"].str.lower())["model_id"]:
        if len(ids) > 1:
            add("hub id", key, list(ids))
    arena = scores[(scores["source"] == "lmarena") & scores["measured_on"].isna()]
    arena = arena[arena["model_id"].isin(set(unlinked["model_id"]))].drop_duplicates(["source_key", "model_id"])
    arena_name = arena["source_key"].map(lambda k: normalise(_NICKNAME.sub("", str(k))))
    for key, ids in arena.groupby(arena_name)["model_id"]:
        if ids.nunique() > 1:
            add("arena name", key, list(ids.unique()))
    return sorted(groups, key=lambda g: (not g["in_top"], g["kind"], g["key"]))


def _repriced_pointer(models: pd.DataFrame) -> pd.Series:
    """A '-latest' name priced unlike its base name serves another model (mistral-medium-latest is
    Mistral Medium 3, mistral-medium the first Medium): kept apart on that evidence."""
    price = models.set_index("model_id")
    base = models["model_id"].str.removesuffix("-latest")
    pointer = models["model_id"].str.endswith("-latest") & base.isin(price.index)
    cols = ["price_in_usd_mtok", "price_out_usd_mtok"]
    own = models[cols].astype(float).to_numpy()
    theirs = price[cols].astype(float).reindex(base).to_numpy()
    differs = pd.Series(((own != theirs) & ~pd.isna(own) & ~pd.isna(theirs)).any(axis=1), index=models.index)
    curated = models["model_id"].isin(_moving_pointers())
    return (pointer & differs) | curated


def _moving_pointers() -> set[str]:
    return {normalise(r["name"]) for r in curated.rows("moving_pointers.csv")}


def disagreements(facts: pd.DataFrame, offers: pd.DataFrame) -> list[dict]:
    """Per model and fact, the sources' values where they differ beyond the tolerance. Kept as
    they are, never averaged: the catalog shows the highest-precedence source's value."""
    out: list[dict] = []
    per_source = facts.drop_duplicates(["model_id", "source"])
    checks = (
        ("context_tokens", _relative(CONTEXT_TOLERANCE)),
        ("release_date", _days_apart),
        ("open_weights", _differ),
        ("license", _differ_ci),
    )
    for col, differs in checks:
        known = per_source.loc[per_source[col].notna(), ["model_id", "source", col]]
        multi = known[known.groupby("model_id")["source"].transform("nunique") > 1]
        for model_id, g in multi.groupby("model_id"):
            values = dict(zip(g["source"], g[col], strict=True))
            if differs(list(values.values())):
                out.append({"model_id": model_id, "field": col, "values": {k: str(v) for k, v in values.items()}})
    maker = offers[is_maker_route(offers) & offers["price_in_usd_mtok"].notna()].drop_duplicates(["model_id", "source"])
    for model_id, g in maker[maker.groupby("model_id")["source"].transform("nunique") > 1].groupby("model_id"):
        values = dict(zip(g["source"], g["price_in_usd_mtok"].astype(float), strict=True))
        if _relative(PRICE_TOLERANCE)(list(values.values())):
            out.append(
                {"model_id": model_id, "field": "maker input price", "values": {k: str(v) for k, v in values.items()}}
            )
    return out


def _relative(tolerance: float):
    def differs(values: list) -> bool:
        nums = [float(v) for v in values]
        return max(nums) > min(nums) * (1 + tolerance)

    return differs


def _days_apart(values: list) -> bool:
    dates = pd.to_datetime(pd.Series(values).astype(str).str[:10], errors="coerce").dropna()
    return len(dates) > 1 and (dates.max() - dates.min()).days > DATE_TOLERANCE_DAYS


def _differ(values: list) -> bool:
    return len({bool(v) for v in values}) > 1


def _differ_ci(values: list) -> bool:
    return len({str(v).strip().lower().replace("_", "-") for v in values}) > 1


def board_price_join(models: pd.DataFrame, offers: pd.DataFrame, scores: pd.DataFrame, board: str) -> pd.Series:
    """For each model rated on `board`: whether a price list (not LMArena's own list price) prices it,
    its base model (a setting's), or the undated name that serves this snapshot (what a person
    reads on the priced row)."""
    paid = offers[(offers["source"] != "lmarena") & offers[list(PRICE_COLUMNS)].gt(0).any(axis=1)]
    listed = set(paid["model_id"])
    # A snapshot may be served by more than one undated name: reached when any of them is listed.
    served = models.dropna(subset=["points_to"])
    listed_servers = set(served.loc[served["model_id"].isin(listed), "points_to"])
    base = models.set_index("model_id")["variant_of"]
    own = scores["measured_on"].isna() if "measured_on" in scores else True  # not a borrowed copy
    rated = scores.loc[(scores["benchmark"] == board) & own, "model_id"].drop_duplicates()

    def reached(model_id: str) -> bool:
        return model_id in listed or base.get(model_id) in listed or model_id in listed_servers

    return pd.Series([reached(m) for m in rated], index=rated.values, dtype=bool)
