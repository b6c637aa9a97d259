"""The history's LMArena boards: which boards and categories it holds, a board as published at each
version, and which side (open, proprietary) a model is on.

LMArena fits its ratings afresh in every published version, so a rating is only comparable with
ratings of the same version. Every comparison here is made inside one version; across versions
only dates, ranks and "which model leads" are compared.
"""

from __future__ import annotations

import pandas as pd

OPEN, PROPRIETARY, UNKNOWN = "open", "proprietary", "unknown"
BOARD_LABELS = {
    "text": "Text",
    "text_style_control": "Text (style control)",
    "vision": "Vision",
    "vision_style_control": "Vision (style control)",
    "text_to_image": "Text to image",
}
DEFAULT_BOARD, DEFAULT_CATEGORY = "text", "full"


def prepare(history: pd.DataFrame) -> pd.DataFrame:
    """The history with plain object strings and float64 values: the views filter and take rows
    hundreds of times, faster than on Arrow-backed strings (bench/README.md)."""
    kinds = {c: object for c in history.columns if pd.api.types.is_string_dtype(history[c])}
    kinds.update({c: "float64" for c in history.columns if str(history[c].dtype) == "Float64"})
    return history.astype(kinds)


def board_index(history: pd.DataFrame) -> pd.DataFrame:
    """The boards and categories the history holds: versions, first and last version date."""
    s = history[history["kind"] == "score"]
    out = s.groupby(["board", "category"])["date"].agg(versions="nunique", first="min", last="max").reset_index()
    return out.sort_values(["board", "category"]).reset_index(drop=True)


def board_states(history: pd.DataFrame, board: str, category: str) -> pd.DataFrame:
    """The board as published at each of its versions (the history keeps changes only: a model's
    row at a version is its last row at or before it, unless that row says it was removed)."""
    s = history[(history["kind"] == "score") & (history["board"] == board) & (history["category"] == category)]
    cols = ["date", "source_key", "model_id", "rating", "ci_low", "ci_high", "source"]
    if s.empty:
        return pd.DataFrame(columns=cols)
    s = s.sort_values("date", kind="stable")
    parts = []
    for version in s["date"].unique():
        upto = s[s["date"] <= version].drop_duplicates("source_key", keep="last")
        upto = upto[upto["event"] != "removed"]
        parts.append(upto.assign(date=version)[cols])
    return pd.concat(parts, ignore_index=True)


def openness(models: pd.DataFrame) -> pd.Series:
    """model_id -> open / proprietary / unknown, from open_weights as Explore labels it."""
    labels = models["open_weights"].map({True: OPEN, False: PROPRIETARY}).astype("string").fillna(UNKNOWN)
    return pd.Series(labels.to_numpy(), index=models["model_id"].to_numpy())
