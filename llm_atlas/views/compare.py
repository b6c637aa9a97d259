"""Side-by-side comparison of 2–6 models: facts, prices, shared benchmarks, normalised bars."""

from __future__ import annotations

import numpy as np
import pandas as pd

from llm_atlas import benchmarks, schema, urlstate
from llm_atlas.pipeline.headline import PRICE_COLUMNS
from llm_atlas.pipeline.snapshot import Snapshot
from llm_atlas.views import explore

MIN_MODELS, MAX_MODELS = 2, 6
HEADLINE = "arena_text_style:full"  # LMArena's default view: the quality row that decides first
MAX_CHART_BENCHMARKS = 8
# The rows that decide, in order: (column, better: "low" | "high" | None); labels from schema.py.
FACT_ROWS = [
    ("price_in_usd_mtok", "low"),
    ("price_out_usd_mtok", "low"),
    ("context_tokens", "high"),
    ("license", None),
    ("openness", None),
    ("params_b", None),
    ("release_date", None),
    ("creator", None),
]
_PERCENT_UNITS = {"%", "0-100", "index"}


def parse_ids(raw: str | None, known: set[str]) -> tuple[list[str], list[str]]:
    """'a,b,c' from a URL -> known ids (deduplicated, at most six) and notices."""
    if not raw:
        return [], []
    ids = list(urlstate.split_list(raw))
    notices = []
    unknown = [i for i in ids if i not in known]
    if unknown:
        notices.append(f"Unknown model id(s) ignored: {', '.join(u[:40] for u in unknown[:3])}.")
    ids = [i for i in ids if i in known]
    if len(ids) > MAX_MODELS:
        notices.append(f"At most {MAX_MODELS} models side by side; kept the first {MAX_MODELS}.")
        ids = ids[:MAX_MODELS]
    return ids, notices


# The picker lists what can be compared on something: a price or a leaderboard score beyond the Open
# LLM Leaderboard (about 2,000 of ~6,900 models). Listing all sent ~380 KB of labels to the browser
# and slowed the page's first chart by ~0.7 s (bench/README.md); any model still opens by URL.
PICKER_SCORES = tuple(column for _, column, _ in explore.HEADLINE_SCORES if column != "oll_average")


def picker_options(prepared: pd.DataFrame, selected: list[str]) -> list[str]:
    """Model ids for the picker: those with a price or a leaderboard score, and those already picked."""
    price_columns = [c for c in PRICE_COLUMNS if c in prepared]
    useful = prepared[price_columns + list(PICKER_SCORES)].notna().any(axis=1)
    return sorted(set(prepared.loc[useful, "model_id"]) | set(selected))


def cheapest_offers(snap: Snapshot, ids: list[str]) -> pd.DataFrame:
    offers = snap.offers[snap.offers["model_id"].isin(ids) & snap.offers["price_in_usd_mtok"].gt(0)]
    best = offers.sort_values("price_in_usd_mtok").drop_duplicates("model_id").set_index("model_id")
    return best[["provider", "price_in_usd_mtok", "price_out_usd_mtok", "price_cached_in_usd_mtok"]]


def shared_scores(snap: Snapshot, ids: list[str]) -> pd.DataFrame:
    """Best score per model and benchmark, for benchmarks at least two of the models share."""
    s = snap.scores[snap.scores["model_id"].isin(ids) & ~snap.scores["benchmark"].map(benchmarks.is_cost).astype(bool)]
    s = s.sort_values("value", ascending=False).drop_duplicates(["model_id", "benchmark"])
    shared = s.groupby("benchmark")["model_id"].nunique()
    return s[s["benchmark"].isin(shared[shared >= 2].index)]


def _fact_label(column: str) -> str:
    col = schema.column(column)
    return (
        f"{col.label} ({col.unit})" if col and col.unit and col.unit != "YYYY-MM-DD" else (col.label if col else column)
    )


def side_by_side(
    snap: Snapshot, prepared: pd.DataFrame, ids: list[str], shared: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(table, best): rows that decide first (headline quality with bounds, prices, context, licence,
    size, release), then, with `shared`, every benchmark at least two share; columns are model names.

    `best` is a same-shaped boolean frame marking the best value in each comparable row.
    """
    models = prepared.set_index("model_id").loc[ids]
    names = [
        f"{models.loc[i, 'name']}"
        if list(models["name"]).count(models.loc[i, "name"]) == 1
        else f"{models.loc[i, 'name']} ({i})"
        for i in ids
    ]
    manifest = snap.manifest.get("sources", {})
    rows, better = {}, {}
    head = snap.scores[(snap.scores["benchmark"] == HEADLINE) & snap.scores["model_id"].isin(ids)]
    head = head.sort_values("value", ascending=False).drop_duplicates("model_id").set_index("model_id")
    quality = f"Arena score, style control ({manifest.get('lmarena', {}).get('data_as_of', 'LMArena')})"
    rows[quality] = [head["value"].get(i) for i in ids]
    better[quality] = "high"
    rows["95 % bounds"] = [
        f"{head.at[i, 'ci_low']:.0f}–{head.at[i, 'ci_high']:.0f}"
        if i in head.index and pd.notna(head.at[i, "ci_low"]) and pd.notna(head.at[i, "ci_high"])
        else None
        for i in ids
    ]
    better["95 % bounds"] = None
    for col, direction in FACT_ROWS:
        rows[_fact_label(col)] = [models.loc[i, col] for i in ids]
        better[_fact_label(col)] = direction
    cheapest = cheapest_offers(snap, ids)
    rows["Cheapest provider"] = [cheapest.loc[i, "provider"] if i in cheapest.index else None for i in ids]
    better["Cheapest provider"] = None
    rows["Cheapest input price (USD / 1M tokens)"] = [
        cheapest.loc[i, "price_in_usd_mtok"] if i in cheapest.index else None for i in ids
    ]
    better["Cheapest input price (USD / 1M tokens)"] = "low"
    scores = shared_scores(snap, ids) if shared else snap.scores.iloc[0:0]
    order = sorted(scores["benchmark"].unique(), key=benchmarks.order_key)
    for bench in order:
        g = scores[scores["benchmark"] == bench]
        first = g.iloc[0]
        date = (
            first["date"] if isinstance(first["date"], str) else manifest.get(first["source"], {}).get("data_as_of", "")
        )
        label = f"{benchmarks.readable(bench, first['benchmark_label'])} ({first['source']}, {date})"
        by_model = g.set_index("model_id")["value"]
        rows[label] = [by_model.get(i) for i in ids]
        better[label] = "high" if bool(first["higher_is_better"]) else "low"
    table = pd.DataFrame.from_dict(rows, orient="index", columns=names)
    best = pd.DataFrame(False, index=table.index, columns=names)
    for label, direction in better.items():
        if direction is None:
            continue
        values = pd.to_numeric(table.loc[label], errors="coerce").astype(float)
        if values.notna().sum() < 2 or values.nunique() < 2:
            continue
        target = values.min() if direction == "low" else values.max()
        best.loc[label] = values == target
    return table, best


def chart_benchmarks(scores: pd.DataFrame, limit: int = MAX_CHART_BENCHMARKS) -> list[str]:
    """At most `limit` shared benchmarks for the chart: the most widely shared, each board's default first."""
    shared = scores.groupby("benchmark")["model_id"].nunique()

    def key(b: str) -> tuple:
        group, overall, name = benchmarks.order_key(b)
        return (overall, -shared[b], group, name)  # each source's overall score first, then the rest

    return sorted(shared.index, key=key)[:limit]


def bar_data(snap: Snapshot, prepared: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Shared benchmarks normalised to 0–100: percentages as they are, points by the snapshot's range."""
    scores = shared_scores(snap, ids)
    chosen = chart_benchmarks(scores)
    names = prepared.set_index("model_id")["name"]
    rows = []
    for bench in chosen:  # in the chart's order: each source's overall score first
        g = scores[scores["benchmark"] == bench]
        unit = g["unit"].iloc[0]
        if unit in _PERCENT_UNITS:
            norm = g["value"].clip(0, 100)
        else:
            everyone = snap.scores.loc[snap.scores["benchmark"] == bench, "value"]
            lo, hi = everyone.min(), everyone.max()
            norm = (g["value"] - lo) / (hi - lo) * 100 if hi > lo else g["value"] * 0 + 100
        for (_, r), n in zip(g.iterrows(), norm, strict=True):
            rows.append(
                {
                    "benchmark": benchmarks.readable(bench, r["benchmark_label"]),
                    "model": names.get(r["model_id"], r["model_id"]),
                    "normalised": float(n),
                    "raw": float(r["value"]),
                    "unit": unit,
                }
            )
    return pd.DataFrame(rows, columns=["benchmark", "model", "normalised", "raw", "unit"])


def display(table: pd.DataFrame) -> pd.DataFrame:
    """The table as text (rows mix strings and numbers); missing values blank."""

    def cell(v: object) -> str:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return ""
        if isinstance(v, (bool, np.bool_)):
            return str(v)
        if isinstance(v, (int, np.integer)):
            return f"{int(v):,}"
        if isinstance(v, (float, np.floating)):
            return f"{float(v):,.4g}"
        return str(v)

    return table.map(cell)


def verdict(snap: Snapshot, prepared: pd.DataFrame, ids: list[str]) -> list[str]:
    """The sentences that decide, from the same rows as the table: the best headline quality (with
    bounds, and whether it is a statistical tie), the cheapest input price, the largest context."""
    models = prepared.set_index("model_id").loc[ids]
    out = []
    head = snap.scores[(snap.scores["benchmark"] == HEADLINE) & snap.scores["model_id"].isin(ids)]
    head = head.sort_values("value", ascending=False).drop_duplicates("model_id")
    if len(head):
        top = head.iloc[0]
        tie = ""
        second = head.iloc[1] if len(head) > 1 else None
        if second is not None and pd.notna(top["ci_low"]) and second["ci_high"] >= top["ci_low"]:
            tie = f", statistically tied with {models.loc[second['model_id'], 'name']}"
        bounds = f" (95 %: {top['ci_low']:.0f}–{top['ci_high']:.0f})" if pd.notna(top["ci_low"]) else ""
        out.append(
            f"Highest quality: {models.loc[top['model_id'], 'name']}, {benchmarks.readable(HEADLINE)} "
            f"{top['value']:,.0f}{bounds}{tie}."
        )
    missing = [str(models.loc[i, "name"]) for i in ids if i not in set(head["model_id"])]
    if missing:
        out.append(f"No {benchmarks.readable(HEADLINE)} score for: {', '.join(missing)}.")
    price = models["price_in_usd_mtok"].astype(float)
    price = price[price > 0]
    if len(price):
        cheap = price.idxmin()
        out.append(
            f"Cheapest input: {models.loc[cheap, 'name']}, ${price[cheap]:.3g} per 1M tokens "
            f"(output ${float(models.loc[cheap, 'price_out_usd_mtok']):.3g})."
        )
    context = models["context_tokens"].astype(float).dropna()
    if len(context):
        big = context.idxmax()
        out.append(f"Largest context: {models.loc[big, 'name']}, {int(context[big]):,} tokens.")
    return out
