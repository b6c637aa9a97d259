"""Side-by-side comparison of 2–6 models: facts, prices, shared benchmarks, normalised bars."""

from __future__ import annotations

import pandas as pd

from llm_atlas.snapshot import Snapshot

MIN_MODELS, MAX_MODELS = 2, 6
# Fact rows: (label, column, better: "low" | "high" | None)
FACT_ROWS = [
    ("Creator", "creator", None),
    ("Openness", "openness", None),
    ("Licence", "license", None),
    ("Parameters (B)", "params_b", None),
    ("Context (tokens)", "context_tokens", "high"),
    ("Input price (USD / 1M tokens)", "price_in_usd_mtok", "low"),
    ("Output price (USD / 1M tokens)", "price_out_usd_mtok", "low"),
]
_PERCENT_UNITS = {"%", "0-100", "index"}


def parse_ids(raw: str | None, known: set[str]) -> tuple[list[str], list[str]]:
    """'a,b,c' from a URL -> known ids (deduplicated, at most six) and notices."""
    if not raw:
        return [], []
    ids = list(dict.fromkeys(x.strip() for x in raw.split(",") if x.strip()))
    notices = []
    unknown = [i for i in ids if i not in known]
    if unknown:
        notices.append(f"Unknown model id(s) ignored: {', '.join(u[:40] for u in unknown[:3])}.")
    ids = [i for i in ids if i in known]
    if len(ids) > MAX_MODELS:
        notices.append(f"At most {MAX_MODELS} models side by side; kept the first {MAX_MODELS}.")
        ids = ids[:MAX_MODELS]
    return ids, notices


def cheapest_offers(snap: Snapshot, ids: list[str]) -> pd.DataFrame:
    offers = snap.offers[snap.offers["model_id"].isin(ids) & snap.offers["price_in_usd_mtok"].gt(0)]
    best = offers.sort_values("price_in_usd_mtok").drop_duplicates("model_id").set_index("model_id")
    return best[["provider", "price_in_usd_mtok", "price_out_usd_mtok", "price_cached_in_usd_mtok"]]


def shared_scores(snap: Snapshot, ids: list[str]) -> pd.DataFrame:
    """Best score per model and benchmark, for benchmarks at least two of the models share."""
    s = snap.scores[snap.scores["model_id"].isin(ids) & (snap.scores["benchmark"] != "aider_polyglot_cost")]
    s = s.sort_values("value", ascending=False).drop_duplicates(["model_id", "benchmark"])
    shared = s.groupby("benchmark")["model_id"].nunique()
    return s[s["benchmark"].isin(shared[shared >= 2].index)]


def side_by_side(snap: Snapshot, prepared: pd.DataFrame, ids: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(table, best): rows are facts then shared benchmarks; columns are model names.

    `best` is a same-shaped boolean frame marking the best value in each comparable row.
    """
    models = prepared.set_index("model_id").loc[ids]
    names = [
        f"{models.loc[i, 'name']}"
        if list(models["name"]).count(models.loc[i, "name"]) == 1
        else f"{models.loc[i, 'name']} ({i})"
        for i in ids
    ]
    cheapest = cheapest_offers(snap, ids)
    rows, better = {}, {}
    for label, col, direction in FACT_ROWS:
        rows[label] = [models.loc[i, col] for i in ids]
        better[label] = direction
    rows["Cheapest provider"] = [cheapest.loc[i, "provider"] if i in cheapest.index else None for i in ids]
    better["Cheapest provider"] = None
    rows["Cheapest input price (USD / 1M tokens)"] = [
        cheapest.loc[i, "price_in_usd_mtok"] if i in cheapest.index else None for i in ids
    ]
    better["Cheapest input price (USD / 1M tokens)"] = "low"
    rows["Cached input price (USD / 1M tokens)"] = [
        cheapest.loc[i, "price_cached_in_usd_mtok"] if i in cheapest.index else None for i in ids
    ]
    better["Cached input price (USD / 1M tokens)"] = "low"
    manifest = snap.manifest.get("sources", {})
    scores = shared_scores(snap, ids)
    for _, g in scores.groupby("benchmark", sort=True):
        first = g.iloc[0]
        date = (
            first["date"] if isinstance(first["date"], str) else manifest.get(first["source"], {}).get("data_as_of", "")
        )
        label = f"{first['benchmark_label']} ({first['source']}, {date})"
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


def bar_data(snap: Snapshot, prepared: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Shared benchmarks normalised to 0–100: percentages as they are, points by the snapshot's range."""
    scores = shared_scores(snap, ids)
    names = prepared.set_index("model_id")["name"]
    rows = []
    for bench, g in scores.groupby("benchmark"):
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
                    "benchmark": r["benchmark_label"],
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
        if isinstance(v, float):
            return f"{v:,.4g}"
        if isinstance(v, int):
            return f"{v:,}"
        return str(v)

    return table.map(cell)
