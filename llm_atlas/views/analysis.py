"""Quality against cost: blended prices, the Pareto frontier, statistical ties, metrics."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from llm_atlas import benchmarks

# input:output token ratios people ask for; 3:1 is what the common leaderboards use.
RATIO_PRESETS = {
    "Leaderboard default 3:1": 3.0,
    "Chat 1:1": 1.0,
    "RAG 10:1": 10.0,
    "Summarisation 20:1": 20.0,
    "Generation 1:4": 0.25,
}
MIN_MODELS_PER_METRIC = 10


def blended_price(price_in, price_out, ratio: float, cached_share: float = 0.0, price_cached=None):
    """USD per 1M tokens for a mix of `ratio` input tokens per output token.

    A `cached_share` of the input is billed at the cached price (the input price where
    no cached price is known). Works on numbers and on pandas Series.
    """
    if ratio < 0 or not 0 <= cached_share <= 1:
        raise ValueError("ratio must be >= 0 and cached_share within [0, 1]")
    if price_cached is None:
        price_cached = price_in
    elif isinstance(price_cached, pd.Series):
        price_cached = price_cached.fillna(price_in)
    effective_in = (1 - cached_share) * price_in + cached_share * price_cached
    return (ratio * effective_in + price_out) / (ratio + 1)


def blend_label(ratio: float, cached_share: float) -> str:
    mix = f"{ratio:g}:1" if ratio >= 1 else f"1:{1 / ratio:g}"
    cached = f", {cached_share:.0%} of input cached" if cached_share else ""
    return f"Blended price, USD per 1M tokens (input:output {mix}{cached})"


def pareto_frontier(
    price: np.ndarray | pd.Series, quality: np.ndarray | pd.Series, higher_is_better: bool = True
) -> np.ndarray:
    """Boolean mask of points no other point beats: cheaper-or-equal and better-or-equal, one strictly.

    O(n log n): sort by price, sweep the best quality seen at strictly lower prices.
    Exact duplicates do not beat each other, so both stay on the frontier.
    """
    x = np.asarray(price, dtype=float)
    y = np.asarray(quality, dtype=float) * (1 if higher_is_better else -1)
    n = len(x)
    on = np.zeros(n, dtype=bool)
    if n == 0:
        return on
    order = np.lexsort((-y, x))  # by price, then best quality first
    xs, ys = x[order], y[order]
    starts = np.flatnonzero(np.r_[True, xs[1:] != xs[:-1]])  # first point of each price
    group_best = ys[starts]  # sorted best-first within a price
    best_cheaper = np.r_[-np.inf, np.maximum.accumulate(group_best)[:-1]]
    group_on = group_best > best_cheaper
    group_of = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, n]))
    on[order] = group_on[group_of] & (ys == group_best[group_of])
    return on


def statistical_ties(points: pd.DataFrame, frontier: np.ndarray) -> np.ndarray:
    """Off-frontier points whose 95 % interval reaches the interval of the frontier point that beats them.

    `points` needs columns x, y, ci_low, ci_high (higher is better). Such a point is not
    ranked below the frontier: the data cannot tell them apart.
    """
    tied = np.zeros(len(points), dtype=bool)
    if not frontier.any() or points["ci_high"].isna().all():
        return tied
    front = points[frontier].sort_values("x")
    fx = front["x"].to_numpy(float)
    flo = front["ci_low"].fillna(front["y"]).to_numpy(float)
    # For each point: the best frontier point at a price <= its own (frontier quality rises with price).
    pos = np.searchsorted(fx, points["x"].to_numpy(float), side="right") - 1
    hi = points["ci_high"].to_numpy(float)
    for i, p in enumerate(pos):
        if frontier[i] or p < 0 or np.isnan(hi[i]):
            continue
        tied[i] = hi[i] >= flo[p]
    return tied


@dataclass(frozen=True)
class Metric:
    benchmark: str
    label: str
    unit: str
    higher_is_better: bool
    models: int
    group: str = ""


def metrics(scores: pd.DataFrame, min_models: int = MIN_MODELS_PER_METRIC) -> list[Metric]:
    """Every quality benchmark with enough models to plot, with readable names, grouped by source,
    each board's default first (benchmarks.py)."""
    quality = scores[~scores["benchmark"].map(benchmarks.is_cost).astype(bool)]
    grouped = quality.groupby("benchmark").agg(
        label=("benchmark_label", "first"),
        unit=("unit", "first"),
        hib=("higher_is_better", "first"),
        models=("model_id", "nunique"),
    )
    grouped = grouped[grouped["models"] >= min_models]
    ordered = sorted(grouped.index, key=benchmarks.order_key)
    return [
        Metric(
            b,
            benchmarks.readable(b, str(grouped.at[b, "label"])),
            str(grouped.at[b, "unit"]),
            bool(grouped.at[b, "hib"]),
            int(grouped.at[b, "models"]),
            benchmarks.group(b),
        )
        for b in ordered
    ]


@dataclass
class ScatterData:
    points: pd.DataFrame  # one row per plotted model
    no_metric: pd.DataFrame  # filtered models without this metric
    no_price: pd.DataFrame  # filtered models with the metric but no price on the x axis


X_MODES = ("price", "image_price", "aider_cost", "params")


def scatter_points(
    rows: pd.DataFrame,
    scores: pd.DataFrame,
    metric: str,
    ratio: float = 3.0,
    cached_share: float = 0.0,
    x_mode: str = "price",
    source_dates: dict[str, str] | None = None,
) -> ScatterData:
    """Join the filtered models with one metric and an x value; count what cannot be plotted.

    Each point's `as_of` is its score's date, else its source's data date (`source_dates`).
    """
    s = scores[scores["benchmark"] == metric].sort_values("value", ascending=False).drop_duplicates("model_id")
    s = s.set_index("model_id")[["value", "ci_low", "ci_high", "source", "unit", "date"]]
    joined = rows.join(s, on="model_id", how="left")
    has_metric = joined["value"].notna()
    if x_mode == "price":
        x = blended_price(
            joined["price_in_usd_mtok"],
            joined["price_out_usd_mtok"],
            ratio,
            cached_share,
            joined.get("price_cached_in_usd_mtok"),
        )
    elif x_mode == "image_price":
        x = joined["price_per_image_usd"]
    elif x_mode == "aider_cost":
        cost = (
            scores[scores["benchmark"] == "aider_polyglot_cost"]
            .drop_duplicates("model_id")
            .set_index("model_id")["value"]
        )
        x = joined["model_id"].map(cost)
    elif x_mode == "params":
        x = joined["params_b"]
    elif x_mode == "image_price":
        x = joined["price_per_image_usd"] if "price_per_image_usd" in joined else pd.Series(pd.NA, index=joined.index)
    else:
        raise ValueError(f"unknown x mode {x_mode!r}")
    joined["x"] = pd.to_numeric(x, errors="coerce").astype(float)
    joined["y"] = joined["value"].astype(float)
    joined["as_of"] = joined["date"].astype("string").fillna(joined["source"].map(source_dates or {}).astype("string"))
    has_x = joined["x"].notna() & (joined["x"] > 0)
    keep = [
        "model_id",
        "name",
        "creator",
        "openness",
        "license_class",
        "price_in_usd_mtok",
        "price_out_usd_mtok",
        "price_per_image_usd",
        "params_b",
        "context_tokens",
    ]
    points = joined.loc[has_metric & has_x, [*keep, "x", "y", "ci_low", "ci_high", "source", "as_of"]]
    points = points.reset_index(drop=True)
    return ScatterData(
        points=points,
        no_metric=joined.loc[~has_metric, ["model_id", "name"]].reset_index(drop=True),
        no_price=joined.loc[has_metric & ~has_x, ["model_id", "name", "y"]].reset_index(drop=True),
    )


def with_frontier(points: pd.DataFrame, higher_is_better: bool = True) -> pd.DataFrame:
    """Add `frontier` and `tied` columns to scatter points."""
    out = points.copy()
    front = pareto_frontier(out["x"].to_numpy(), out["y"].to_numpy(), higher_is_better)
    out["frontier"] = front
    out["tied"] = statistical_ties(out, front) if higher_is_better else False
    return out
