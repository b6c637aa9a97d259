"""Pure summaries of a snapshot for the Home page and the sidebar."""

from __future__ import annotations

import pandas as pd

from llm_atlas.pipeline.snapshot import Snapshot

TASK_LABELS = {
    "chat": "Chat / text",
    "code": "Code",
    "embedding": "Embeddings",
    "image-generation": "Image generation",
    "speech-to-text": "Speech to text",
    "text-to-speech": "Text to speech",
    "rerank": "Rerank",
    "moderation": "Moderation",
    "video-generation": "Video generation",
    "other": "Other",
}


def counts_by(models: pd.DataFrame, column: str, missing: str = "unknown") -> pd.DataFrame:
    counts = models[column].astype("string").fillna(missing).value_counts()
    return counts.rename_axis(column).reset_index(name="models")


def counts_by_task(models: pd.DataFrame) -> pd.DataFrame:
    out = counts_by(models, "task")
    out["label"] = out["task"].map(TASK_LABELS).fillna(out["task"])
    return out


def counts_by_source(models: pd.DataFrame) -> pd.DataFrame:
    exploded = models["sources"].fillna("").str.split(",").explode()
    counts = exploded[exploded != ""].value_counts()
    return counts.rename_axis("source").reset_index(name="models")


def openness_counts(models: pd.DataFrame) -> pd.DataFrame:
    openness = (
        models["open_weights"].map({True: "open weights", False: "proprietary"}).astype("string").fillna("unknown")
    )
    return openness.value_counts().rename_axis("openness").reset_index(name="models")


def source_status(snap: Snapshot) -> pd.DataFrame:
    rows = []
    for name, meta in snap.manifest.get("sources", {}).items():
        status = meta.get("status", "missing")
        rows.append(
            {
                "source": name,
                "title": meta.get("title", name),
                "status": status,
                "data_as_of": meta.get("data_as_of"),
                "fetched_at": meta.get("fetched_at"),
                "rows": meta.get("rows"),
                "reason": meta.get("reason") or "",
                "homepage": meta.get("homepage"),
                "license": meta.get("license"),
                "attribution": meta.get("attribution"),
            }
        )
    return pd.DataFrame(rows)


def headline_numbers(snap: Snapshot) -> dict[str, int]:
    m = snap.models
    priced = (
        m[
            [
                "price_in_usd_mtok",
                "price_out_usd_mtok",
                "price_per_image_usd",
                "price_per_audio_min_usd",
                "price_per_mchar_usd",
            ]
        ]
        .notna()
        .any(axis=1)
    )
    return {
        "models": len(m),
        "open_weights": int((m["open_weights"] == True).sum()),  # noqa: E712
        "priced": int(priced.sum()),
        "scored": int((m["n_scores"] > 0).sum()),
        "sources": len(snap.manifest.get("sources", {})),
    }
