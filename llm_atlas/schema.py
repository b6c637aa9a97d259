"""The one declared schema: every table, column, type, unit and label.

Adapters convert units once, at the edge; inside the app prices are USD per 1M
tokens (or per image, per audio minute, per 1M characters), sizes are tokens and
billions of parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # pandas extension dtype name
    label: str
    unit: str = ""
    help: str = ""
    format: str = ""  # a display format that overrides the unit's (a link column: the text shown)
    width: str = ""  # a table column's width when the default is too narrow: small, medium or large


def _cols(*cols: Column) -> dict[str, Column]:
    return {c.name: c for c in cols}


STR = "string"
FLOAT = "Float64"
INT = "Int64"
BOOL = "boolean"

# Facts one source knows about one model, before the catalog merges them.
FACTS = _cols(
    Column("source", STR, "Source"),
    Column("source_key", STR, "Name at source"),
    Column("name", STR, "Name"),
    Column("creator", STR, "Creator"),
    Column("family", STR, "Family"),
    Column("release_date", STR, "Released", "YYYY-MM-DD"),
    Column("listed_on", STR, "Listed on", "YYYY-MM-DD", help="when a gateway first listed it; not a release date"),
    Column("deprecated_on", STR, "Deprecated on", "YYYY-MM-DD"),
    Column("task", STR, "Task"),
    Column("input_modalities", STR, "Input", help="comma-separated: text,image,audio,video"),
    Column("output_modalities", STR, "Output"),
    Column("open_weights", BOOL, "Open weights"),
    Column("license", STR, "Licence"),
    Column("hf_id", STR, "Hugging Face id"),
    Column("architecture", STR, "Architecture"),
    Column("moe", BOOL, "Mixture of experts"),
    Column("params_b", FLOAT, "Parameters", "B"),
    Column("active_params_b", FLOAT, "Active parameters", "B"),
    Column("context_tokens", INT, "Context", "tokens"),
    Column("max_output_tokens", INT, "Max output", "tokens"),
    Column("supports_tools", BOOL, "Tools"),
    Column("supports_vision", BOOL, "Vision input"),
    Column("supports_reasoning", BOOL, "Reasoning"),
    Column("supports_json", BOOL, "JSON output"),
    Column("url", STR, "Link"),
    Column("downloads", INT, "Downloads (30 d)"),
    Column("likes", INT, "Likes"),
    Column("base_model", STR, "Base model"),
    Column("official_repo", BOOL, "Maker's own repo", help="the Hub repo is the maker's own upload"),
    Column("points_to", STR, "Points to", help="the dated snapshot this name serves, whose scores it shows"),
)

OFFERS = _cols(
    Column("model_id", STR, "Model"),
    Column("source", STR, "Source"),
    Column("source_key", STR, "Name at source"),
    Column("provider", STR, "Provider"),
    Column("price_in_usd_mtok", FLOAT, "Input price", "USD / 1M tokens"),
    Column("price_out_usd_mtok", FLOAT, "Output price", "USD / 1M tokens"),
    Column("price_cached_in_usd_mtok", FLOAT, "Cached input price", "USD / 1M tokens"),
    Column("price_in_batch_usd_mtok", FLOAT, "Batch input price", "USD / 1M tokens"),
    Column("price_out_batch_usd_mtok", FLOAT, "Batch output price", "USD / 1M tokens"),
    Column("price_in_above_200k_usd_mtok", FLOAT, "Input price >200k", "USD / 1M tokens"),
    Column("price_out_above_200k_usd_mtok", FLOAT, "Output price >200k", "USD / 1M tokens"),
    Column("price_per_image_usd", FLOAT, "Price per image", "USD / image"),
    Column("price_per_audio_min_usd", FLOAT, "Price per audio minute", "USD / min"),
    Column("price_per_mchar_usd", FLOAT, "Price per 1M characters", "USD / 1M chars"),
    Column("context_tokens", INT, "Context", "tokens"),
    Column("max_output_tokens", INT, "Max output", "tokens"),
    Column("deprecated_on", STR, "Deprecated on", "YYYY-MM-DD"),
)

SCORES = _cols(
    Column("model_id", STR, "Model"),
    Column("source", STR, "Source"),
    Column("source_key", STR, "Name at source"),
    Column("benchmark", STR, "Benchmark id"),
    Column("benchmark_label", STR, "Benchmark"),
    Column("value", FLOAT, "Score"),
    Column("unit", STR, "Unit"),
    Column("higher_is_better", BOOL, "Higher is better"),
    Column("ci_low", FLOAT, "95 % low"),
    Column("ci_high", FLOAT, "95 % high"),
    Column("date", STR, "Date", "YYYY-MM-DD"),
    Column("setting", STR, "Setting", help="reasoning effort or thinking budget the score was measured at"),
    Column("measured_on", STR, "Measured on", help="the dated snapshot a family's score was measured on"),
)

_MODEL_EXTRA = _cols(
    Column("model_id", STR, "Model id"),
    Column("license_class", STR, "Licence class", help="permissive / open-restricted / proprietary"),
    Column("multimodal", BOOL, "Multimodal input"),
    Column("price_in_usd_mtok", FLOAT, "Input price", "USD / 1M tokens"),
    Column("price_out_usd_mtok", FLOAT, "Output price", "USD / 1M tokens"),
    Column("price_per_image_usd", FLOAT, "Price per image", "USD / image"),
    Column("price_per_audio_min_usd", FLOAT, "Price per audio minute", "USD / min"),
    Column("price_per_mchar_usd", FLOAT, "Price per 1M characters", "USD / 1M chars"),
    Column("price_source", STR, "Price from"),
    Column("price_rule", STR, "Price rule", help="maker's own API, else the median of paid routes"),
    Column("cheapest_in_usd_mtok", FLOAT, "Cheapest input price", "USD / 1M tokens"),
    Column("cheapest_out_usd_mtok", FLOAT, "Cheapest output price", "USD / 1M tokens"),
    Column("cheapest_source", STR, "Cheapest from"),
    Column("variant_of", STR, "Variant of"),
    Column("setting", STR, "Setting", help="reasoning effort or thinking budget of this variant"),
    Column("snapshot_of", STR, "Snapshot of", help="the family's undated model this dated snapshot belongs to"),
    Column("sources", STR, "Known to", help="comma-separated source names"),
    Column("n_scores", INT, "Scores"),
)

# One row per canonical model.
MODELS = {
    **{"model_id": _MODEL_EXTRA["model_id"]},
    **{k: v for k, v in FACTS.items() if k not in ("source", "source_key", "official_repo")},
    **{k: v for k, v in _MODEL_EXTRA.items() if k != "model_id"},
}

TABLES: dict[str, dict[str, Column]] = {
    "facts": FACTS,
    "offers": OFFERS,
    "scores": SCORES,
    "models": MODELS,
}

# Dated prices and scores: one row per change (added / changed / removed), so a price or a
# board at any date is the last row at or before it. Prices in USD per 1M tokens; ratings in
# their board version's own points (not comparable across versions).
HISTORY = _cols(
    Column("kind", STR, "Kind", help="price or score"),
    Column("model_id", STR, "Model", help="blank when the name joins no catalog model"),
    Column("source", STR, "Source"),
    Column("source_key", STR, "Name at source"),
    Column("provider", STR, "Provider"),
    Column("board", STR, "Board"),
    Column("category", STR, "Category"),
    Column("date", STR, "Date", "YYYY-MM-DD"),
    Column("price_in_usd_mtok", FLOAT, "Input price", "USD / 1M tokens"),
    Column("price_out_usd_mtok", FLOAT, "Output price", "USD / 1M tokens"),
    Column("price_cached_in_usd_mtok", FLOAT, "Cached input price", "USD / 1M tokens"),
    Column("rating", FLOAT, "Rating", "points"),
    Column("ci_low", FLOAT, "95 % low", "points"),
    Column("ci_high", FLOAT, "95 % high", "points"),
    Column("event", STR, "Event", help="added / changed / removed"),
)
TABLES["history"] = HISTORY

# The Hub page's tables, read live from the Hugging Face Hub (or the snapshot's open models).
HUB_RESULTS = _cols(
    Column("url", STR, "Model", format=r"https://huggingface\.co/(.*)"),
    Column("task", STR, "Task"),
    Column("licence", STR, "Licence"),
    Column("params_b", FLOAT, "Parameters", format="%.2f B"),
    Column("downloads", INT, "Downloads (30 d)"),
    Column("likes", INT, "Likes"),
    Column("gated", STR, "Gated"),
    Column("library", STR, "Library"),
    Column("updated", STR, "Updated"),
)
HUB_OPENNESS = _cols(
    Column("item", STR, "Item"),
    Column("status", STR, "Status"),
    Column("evidence", STR, "Evidence", width="large"),
)
TABLES["hub_results"] = HUB_RESULTS
TABLES["hub_openness"] = HUB_OPENNESS

TASKS = (
    "chat",
    "code",
    "embedding",
    "image-generation",
    "speech-to-text",
    "text-to-speech",
    "rerank",
    "moderation",
    "video-generation",
    "other",
)


def conform(df: pd.DataFrame | None, table: str) -> pd.DataFrame:
    """Return `df` with exactly the table's columns, in order, with declared dtypes.

    Missing columns become all-missing; unknown columns are dropped.
    """
    spec = TABLES[table]
    df = pd.DataFrame() if df is None else df
    out = {}
    n = len(df)
    for name, col in spec.items():
        if name in df.columns:
            series = df[name]
            if str(series.dtype) == col.dtype:  # already typed (a loaded snapshot)
                out[name] = series
                continue
            if col.dtype == BOOL:
                series = series.map(_to_bool, na_action="ignore")
            elif col.dtype in (FLOAT, INT):
                series = pd.to_numeric(series, errors="coerce")
                if col.dtype == INT:
                    series = series.round()
            out[name] = series.astype(col.dtype)
        else:
            out[name] = pd.Series([pd.NA] * n, dtype=col.dtype, index=df.index)
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


def _to_bool(value: object) -> object:
    if isinstance(value, str):
        v = value.strip().lower()
        if v in ("true", "1", "yes"):
            return True
        if v in ("false", "0", "no"):
            return False
        return pd.NA
    return bool(value)


# --- columns that pages derive (views), declared once so every table labels them the same way ---
VIEWS = _cols(
    Column("openness", STR, "Openness", help="open weights, proprietary, or unknown"),
    Column("arena_style", FLOAT, "Arena score (style control)", "points", "LMArena text, overall, style-controlled"),
    Column("arena_score", FLOAT, "Arena score", "points", "LMArena text, overall, no style control"),
    Column("aa_intelligence", FLOAT, "AA intelligence", "index", "Artificial Analysis intelligence index"),
    Column("aider_polyglot", FLOAT, "Aider polyglot", "%", "share of Aider's 225 polyglot exercises solved"),
    Column("oll_average", FLOAT, "Open LLM LB average", "0-100", "Open LLM Leaderboard v2 (retired), average"),
    Column("link", STR, "Link"),
    Column("provider", STR, "Provider"),
    Column("monthly_usd", FLOAT, "Per month", "USD"),
    Column("per_1k_requests_usd", FLOAT, "Per 1,000 requests", "USD"),
    Column("input_share", FLOAT, "Input share", "%"),
    Column("cached_share", FLOAT, "Cached share", "%"),
    Column("output_share", FLOAT, "Output share", "%"),
    Column("long_context_tier", BOOL, "Long-context price"),
    Column("quality", FLOAT, "Quality"),
    Column("unit_price", FLOAT, "Unit price", "USD"),
    Column("memory_gb", FLOAT, "Memory", "GB"),
    Column("kv_bytes_per_token", FLOAT, "KV cache per token", "bytes"),
)


def column(name: str, table: str = "models") -> Column | None:
    """The declared column `name`: from `table`, else from the derived view columns."""
    return TABLES.get(table, {}).get(name) or VIEWS.get(name) or MODELS.get(name) or OFFERS.get(name)
