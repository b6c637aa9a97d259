"""The Sources page: what each source gives, its licence and attribution, data date and status."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from llm_atlas.pipeline.snapshot import Snapshot
from llm_atlas.views import summary

STALE_AFTER_DAYS = 183  # about six months
GIVES = {
    "litellm": "prices per token, image, audio minute and character; context windows; capabilities",
    "openrouter": "prices and context of routed models; Artificial Analysis quality indices",
    "llmstats": "release dates, parameters, licences, lab-reported benchmarks, provider prices",
    "lmarena": "Arena scores with 95 % bounds (text, vision, text-to-image; plain and style-controlled)",
    "aider": "Aider polyglot coding pass rates and the real cost of each run",
    "oll": "Open LLM Leaderboard v2 scores of open models (final, retired)",
    "hub": "Hugging Face Hub facts of open models: downloads, likes, licence, base model",
    "modelsdev": "curated specs (release date, open weights, licence, limits) and 140+ providers' token prices",
}


def table(snap: Snapshot, today: dt.date | None = None) -> pd.DataFrame:
    """One row per source with what it gives and how old its data is (days)."""
    status = summary.source_status(snap)
    today = today or dt.date.today()
    dates = pd.to_datetime(status["data_as_of"], errors="coerce")
    age = (pd.Timestamp(today) - dates).dt.days
    models = summary.counts_by_source(snap.models).set_index("source")["models"]
    attribution = {n: m.get("attribution", "") for n, m in snap.manifest.get("sources", {}).items()}
    return status.assign(
        gives=status["source"].map(GIVES),
        models=status["source"].map(models),
        age_days=age.astype("Int64"),
        attribution=status["source"].map(attribution),
    )


def stale_warnings(sources: pd.DataFrame) -> list[str]:
    """A sentence for each source whose data is older than about six months."""
    old = sources[sources["age_days"] > STALE_AFTER_DAYS]
    return [
        f"{r.title} data is from {r.data_as_of}, {int(r.age_days) // 30} months ago: figures from it may be out of date."
        for r in old.itertuples()
    ]
