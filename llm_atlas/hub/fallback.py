"""The snapshot's open models when the Hub cannot be reached, filtered like the live search, and the
catalog rows behind Hub ids."""

from __future__ import annotations

import math

import pandas as pd

from llm_atlas.hub.search import MAX_PAGES, PAGE_SIZE, HubQuery, hub_url
from llm_atlas.pipeline.normalise import task_from_pipeline


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
