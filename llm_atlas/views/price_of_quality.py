"""The price of a fixed quality over time: the cheapest model at least as good as a reference model
(rated in the same LMArena version), day by day, and how fast that price falls."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from llm_atlas.pipeline.normalise import variant_bases
from llm_atlas.views.boards import board_states

# Boards whose models are sold by the token; image generators are priced per image, which the
# history does not hold, so their "price of a fixed quality" is not shown rather than guessed.
TOKEN_PRICED_BOARDS = ("text", "text_style_control", "vision", "vision_style_control")
DEFAULT_RATIO = 3.0  # input tokens per output token, as on Quality vs cost
DAYS_PER_YEAR = 365.25


def reference_models(
    history: pd.DataFrame, board: str, category: str, min_versions: int = 3, states: pd.DataFrame | None = None
) -> list[str]:
    """Joined models rated in at least `min_versions` versions: candidates for a quality level."""
    states = (board_states(history, board, category) if states is None else states).dropna(subset=["model_id"])
    counts = states.groupby("model_id")["date"].nunique()
    best = states.groupby("model_id")["rating"].max()
    keep = counts[counts >= min_versions].index
    return list(best.loc[keep].sort_values(ascending=False).index)


def qualifying(
    history: pd.DataFrame, board: str, category: str, reference: str, states: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per version, the joined models rated at least as high as `reference` in that version."""
    states = (board_states(history, board, category) if states is None else states).dropna(subset=["model_id"])
    ref = states[states["model_id"] == reference].groupby("date")["rating"].max()
    states = states[states["date"].isin(ref.index)]
    ok = states["rating"].astype(float) >= states["date"].map(ref).astype(float)
    return states.loc[ok, ["date", "model_id", "rating"]].reset_index(drop=True)


def blended(price_in: pd.Series, price_out: pd.Series, ratio: float = DEFAULT_RATIO) -> pd.Series:
    """USD per 1M tokens for `ratio` input tokens per output token."""
    return (ratio * price_in.astype(float) + price_out.astype(float)) / (ratio + 1)


def price_model_of(history: pd.DataFrame, model_ids) -> dict[str, str]:
    """Whose price history prices each model: its own, or else (a setting or dated snapshot no
    price list sells by that name: 'o3-2025-04-16', 'gpt-5-high') its base name's, as the catalog
    prices variants."""
    priced = set(history.loc[history["kind"] == "price", "model_id"].dropna())
    out = {}
    for m in model_ids:
        if m in priced:
            out[m] = m
            continue
        base = next((b for b in variant_bases(m) if b in priced), None)
        if base:
            out[m] = base
    return out


def price_rows(history: pd.DataFrame) -> pd.DataFrame:
    p = history[(history["kind"] == "price") & history["model_id"].notna()]
    return p.sort_values("date", kind="stable")


@dataclass
class FixedQuality:
    series: pd.DataFrame  # date, price, model_id, rated_model, provider, source, source_key
    per_year: float | None  # fitted factor per year (0.4 = 60 % cheaper each year)
    method: str
    window: tuple[str, str]
    versions_used: int


def cheapest_at_quality(
    history: pd.DataFrame,
    board: str,
    category: str,
    reference: str,
    ratio: float = DEFAULT_RATIO,
    states: pd.DataFrame | None = None,
) -> FixedQuality:
    """The cheapest blended price of any model at least as good as `reference` (judged within each
    board version) at every date a qualifying price changed. A date after the last version uses
    the last version's verdict; before the first, none."""
    q = qualifying(history, board, category, reference, states)
    empty = FixedQuality(pd.DataFrame(columns=["date", "price"]), None, "", ("", ""), 0)
    if q.empty:
        return empty
    versions = sorted(q["date"].unique())
    payer = price_model_of(history, q["model_id"].unique())
    spans = _price_spans(history, set(payer.values()), ratio)
    if spans.empty:
        return empty
    start = max(versions[0], spans["date"].min())
    dates = sorted(set(spans.loc[spans["date"] >= start, "date"]) | {v for v in versions if v >= start})
    # Every (date, price span) pair at once: a span prices a date when it started on or before it
    # and had not been replaced yet.
    d = np.array(dates, dtype=object)[:, None]
    live = (spans["date"].to_numpy()[None, :] <= d) & (spans["until"].to_numpy()[None, :] > d)
    version_of = [max(v for v in versions if v <= x) for x in dates]
    rated = {v: set(q.loc[q["date"] == v, "model_id"]) for v in versions}
    payer_ok = {v: {payer[m] for m in rated[v] if m in payer} for v in versions}
    ok = np.array([spans["model_id"].isin(payer_ok[v]).to_numpy() for v in version_of])
    price = np.where(live & ok, spans["price"].to_numpy()[None, :], np.inf)
    best = price.argmin(axis=1)
    rows = []
    for i, x in enumerate(dates):
        if not np.isfinite(price[i, best[i]]):
            continue
        top = spans.iloc[best[i]]
        version = version_of[i]
        rows.append(
            {
                "date": x,
                "price": float(top["price"]),
                "model_id": top["model_id"],
                "rated_model": next(m for m in sorted(rated[version]) if payer.get(m) == top["model_id"]),
                "provider": top["provider"],
                "source": top["source"],
                "source_key": top["source_key"],
                "version": version,
            }
        )
    series = pd.DataFrame(rows)
    if series.empty:
        return empty
    # Keep the dates where the answer changed (and the last, so the line reaches it).
    moved = (
        series[["price", "model_id", "provider", "source_key"]]
        .ne(series[["price", "model_id", "provider", "source_key"]].shift())
        .any(axis=1)
    )
    moved.iloc[-1] = True
    series = series[moved].reset_index(drop=True)
    per_year = decline_per_year(series)
    method = (
        "least-squares line through log(price) sampled every 7 days from the first to the last date"
        " (each cheapest price holds until the next change)"
    )
    return FixedQuality(series, per_year, method, (series["date"].iloc[0], series["date"].iloc[-1]), len(versions))


# Below this blended price a "token price" is a unit slip or another unit (models.dev's 'grok'
# provider listed per-token prices for a day; Cloudflare's image and speech models): left out.
MIN_TOKEN_PRICE = 0.001


def _price_spans(history: pd.DataFrame, model_ids: set[str], ratio: float) -> pd.DataFrame:
    """Each price row of these models with the date the next row of its key replaced it."""
    p = price_rows(history)
    p = p[p["model_id"].isin(model_ids)]
    key = ["source", "provider", "source_key"]
    p = p.sort_values([*key, "date"], kind="stable")
    p = p.assign(until=p.groupby(key)["date"].shift(-1).fillna("9999-12-31"))
    p = p.assign(price=blended(p["price_in_usd_mtok"], p["price_out_usd_mtok"], ratio))
    p = p[(p["event"] != "removed") & (p["price"] >= MIN_TOKEN_PRICE)]
    return p.reset_index(drop=True)


def decline_per_year(series: pd.DataFrame) -> float | None:
    """Factor by which the price changes in a year: exp(slope * 365.25) of a least-squares line
    through log(price) on a 7-day grid (a step function: each price holds until the next)."""
    s = series.assign(t=pd.to_datetime(series["date"])).set_index("t")["price"].astype(float)
    s = s[~s.index.duplicated(keep="last")]
    if len(s) < 2 or (s <= 0).any() or (s.index[-1] - s.index[0]).days < 30:
        return None
    grid = pd.date_range(s.index[0], s.index[-1], freq="7D")
    sampled = s.reindex(s.index.union(grid)).ffill().reindex(grid)
    days = (grid - grid[0]).days.to_numpy(dtype=float)
    slope = np.polyfit(days, np.log(sampled.to_numpy()), 1)[0]
    return float(np.exp(slope * DAYS_PER_YEAR))


def quality_sentence(q: FixedQuality, reference: str) -> str | None:
    if q.series.empty:
        return None
    a, b = q.series.iloc[0], q.series.iloc[-1]
    text = (
        f"Cheapest model at least as good as {reference}: ${a['price']:.4g} per 1M tokens on {a['date']}"
        f" ({a['model_id']}, {a['provider']}), ${b['price']:.4g} on {b['date']} ({b['model_id']}, {b['provider']})."
    )
    if q.per_year is not None:
        change = (1 - q.per_year) * 100
        verb = "falls" if change > 0 else "rises"
        text += f" Fitted trend: the price {verb} {abs(change):.0f} % per year ({q.method})."
    return text
