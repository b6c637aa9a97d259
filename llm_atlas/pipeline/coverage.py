"""The coverage report of a build: rows and join rate per source, models per task, models with a price
and a score, and the rated names no price list reaches (for curation)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from llm_atlas.pipeline.frames import SourceFrames
from llm_atlas.pipeline.headline import has_price
from llm_atlas.pipeline.variants import price_listed

if TYPE_CHECKING:
    from llm_atlas.pipeline.catalog import Catalog


def coverage_report(catalog: Catalog, frames: dict[str, SourceFrames], model_of_record: dict) -> dict:
    models, scores = catalog.models, catalog.scores
    per_source = {}
    sources_of = dict(zip(models["model_id"], models["sources"].str.split(","), strict=False))
    for src, f in frames.items():
        keys = set(f.facts["source_key"]) | set(f.offers["source_key"]) | set(f.scores["source_key"])
        joined = sum(1 for k in keys if len(sources_of.get(model_of_record.get((src, k)), [])) > 1)
        per_source[src] = {
            "rows": f.rows,
            "names": len(keys),
            "joined": joined,
            "join_rate": round(joined / len(keys), 4) if keys else 0.0,
            "quarantined": len(f.quarantined),
        }
    priced = set(models.loc[has_price(models), "model_id"])
    scored = set(scores["model_id"])
    arena_full = scores[(scores["benchmark"] == "arena_text:full") & scores["measured_on"].isna()]
    arena_priced = arena_full["model_id"].isin(priced)
    listed = price_listed(models, catalog.offers)
    reached = listed | set(models.loc[models["variant_of"].isin(listed), "model_id"])
    arena_listed = arena_full["model_id"].isin(reached)
    quality_models = models[models["model_id"].isin(scored)]
    # For curation: rated names no price list reaches, even if LMArena lists a price for them.
    unmatched = sorted(
        f"{row.source}\t{row.source_key}"
        for row in scores.drop_duplicates(["source", "source_key"]).itertuples()
        if row.model_id not in reached and row.source in ("lmarena", "aider", "openrouter")
    )
    return {
        "models": len(models),
        "offers": len(catalog.offers),
        "scores": len(scores),
        "per_source": per_source,
        "models_per_task": dict(Counter(models["task"]).most_common()),
        "models_with_price_and_score": len(priced & scored),
        "arena_full_models": len(arena_full),
        "arena_full_priced_share": round(float(arena_priced.mean()), 4) if len(arena_full) else 0.0,
        # The stricter join: a price list prices the rated model or the model it is a variant of.
        "arena_full_price_list_share": round(float(arena_listed.mean()), 4) if len(arena_full) else 0.0,
        "licence_class_known_share_scored": round(float(quality_models["license_class"].notna().mean()), 4)
        if len(quality_models)
        else 0.0,
        "unmatched": unmatched,
    }
