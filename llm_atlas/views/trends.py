"""Trends (pure views of the history table): open vs proprietary frontier, the price of a fixed
quality over time, and one model's price and rank history.

LMArena fits its ratings afresh in every published version, so a rating is only comparable with
ratings of the same version. Every comparison here is made inside one version; across versions
only dates, ranks and "which model leads" are compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from llm_atlas.pipeline.normalise import variant_bases

OPEN, PROPRIETARY, UNKNOWN = "open", "proprietary", "unknown"
BOARD_LABELS = {
    "text": "Text",
    "text_style_control": "Text (style control)",
    "vision": "Vision",
    "vision_style_control": "Vision (style control)",
    "text_to_image": "Text to image",
}
DEFAULT_BOARD, DEFAULT_CATEGORY = "text", "full"
# Boards whose models are sold by the token; image generators are priced per image, which the
# history does not hold, so their "price of a fixed quality" is not shown rather than guessed.
TOKEN_PRICED_BOARDS = ("text", "text_style_control", "vision", "vision_style_control")
DEFAULT_RATIO = 3.0  # input tokens per output token, as on Quality vs cost
DAYS_PER_YEAR = 365.25


# ---------------------------------------------------------------- boards


def prepare(history: pd.DataFrame) -> pd.DataFrame:
    """The history with plain object strings and float64 values: the views filter and take rows
    hundreds of times, ~3x faster than on Arrow-backed strings (measured: 2.2 -> 0.7 s a view)."""
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


# ---------------------------------------------------------------- open vs proprietary


@dataclass
class Frontier:
    per_version: pd.DataFrame  # date, side, model_id, source_key, rating, ci_low, ci_high
    gap: pd.DataFrame  # date, open/proprietary model and rating, gap (points, same version)
    catch_up: pd.DataFrame  # level_date, leader, reached_date, open_model, lag_days
    entrants: pd.DataFrame  # date, side, model_id, rating, replaced
    excluded: pd.DataFrame  # date, unjoined, unknown_openness, rated
    window: tuple[str, str]


def frontier(
    history: pd.DataFrame, models: pd.DataFrame, board: str, category: str, states: pd.DataFrame | None = None
) -> Frontier:
    """The best-rated open and proprietary model at every version of a board's category."""
    states = board_states(history, board, category) if states is None else states
    side = states["model_id"].map(openness(models)).fillna(UNKNOWN)
    states = states.assign(side=side.where(states["model_id"].notna(), "unjoined"))
    excluded = (
        states.groupby("date")["side"]
        .agg(
            unjoined=lambda s: int((s == "unjoined").sum()),
            unknown_openness=lambda s: int((s == UNKNOWN).sum()),
            rated="size",
        )
        .reset_index()
    )
    known = states[states["side"].isin([OPEN, PROPRIETARY])]
    best = known.sort_values(["date", "side", "rating"], ascending=[True, True, False], kind="stable")
    best = best.drop_duplicates(["date", "side"]).reset_index(drop=True)
    best = best[["date", "side", "model_id", "source_key", "rating", "ci_low", "ci_high"]]
    o = best[best["side"] == OPEN].set_index("date")
    p = best[best["side"] == PROPRIETARY].set_index("date")
    both = o.index.intersection(p.index)
    gap = pd.DataFrame(
        {
            "date": both,
            "open_model": o.loc[both, "model_id"].to_numpy(),
            "open_rating": o.loc[both, "rating"].astype(float).to_numpy(),
            "proprietary_model": p.loc[both, "model_id"].to_numpy(),
            "proprietary_rating": p.loc[both, "rating"].astype(float).to_numpy(),
        }
    )
    gap["gap"] = gap["proprietary_rating"] - gap["open_rating"]
    dates = sorted(states["date"].unique()) if len(states) else []
    return Frontier(
        per_version=best,
        gap=gap,
        catch_up=_catch_up(known, best),
        entrants=_entrants(best),
        excluded=excluded,
        window=(dates[0], dates[-1]) if dates else ("", ""),
    )


def _catch_up(known: pd.DataFrame, best: pd.DataFrame) -> pd.DataFrame:
    """For each version D, the first version D' >= D at which the best open model is rated at least
    as high as D's proprietary leader, both rated in D' (so on one scale). Versions where the
    leader is no longer listed cannot be compared and are skipped."""
    rating = known.set_index(["date", "model_id"])["rating"].astype(float)
    rating = rating[~rating.index.duplicated()]
    open_best = best[best["side"] == OPEN].set_index("date")
    rows = []
    leaders = best[best["side"] == PROPRIETARY]
    dates = sorted(open_best.index)
    for lead in leaders.itertuples():
        reached = None
        for later in (d for d in dates if d >= lead.date):
            ref = rating.get((later, lead.model_id))
            if ref is not None and not np.isnan(ref) and float(open_best.loc[later, "rating"]) >= ref:
                reached = later
                break
        rows.append(
            {
                "level_date": lead.date,
                "leader": lead.model_id,
                "reached_date": reached,
                "open_model": open_best.loc[reached, "model_id"] if reached else None,
                "lag_days": (pd.Timestamp(reached) - pd.Timestamp(lead.date)).days if reached else None,
            }
        )
    out = pd.DataFrame(rows, columns=["level_date", "leader", "reached_date", "open_model", "lag_days"])
    return out.astype({"lag_days": "Int64"})


def _entrants(best: pd.DataFrame) -> pd.DataFrame:
    """The versions at which a new model took the lead of its side, and whom it replaced."""
    rows = []
    for side, g in best.groupby("side"):
        prev = None
        for r in g.sort_values("date").itertuples():
            if r.model_id != prev:
                rows.append(
                    {"date": r.date, "side": side, "model_id": r.model_id, "rating": r.rating, "replaced": prev}
                )
            prev = r.model_id
    return pd.DataFrame(rows, columns=["date", "side", "model_id", "rating", "replaced"])


def latest_catch_up(f: Frontier) -> dict | None:
    """The most recent proprietary level open models have reached (for the page's sentence)."""
    hit = f.catch_up.dropna(subset=["reached_date"])
    if hit.empty:
        return None
    return hit.sort_values(["level_date", "reached_date"]).iloc[-1].to_dict()


# ---------------------------------------------------------------- price of a fixed quality


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


def _price_rows(history: pd.DataFrame) -> pd.DataFrame:
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
    p = _price_rows(history)
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


# ---------------------------------------------------------------- one model


def model_prices(history: pd.DataFrame, model_id: str) -> pd.DataFrame:
    """A model's price rows (own, or its base's as `price_model_of` says), oldest first."""
    payer = price_model_of(history, [model_id]).get(model_id)
    if payer is None:
        return history.iloc[0:0]
    rows = _price_rows(history)
    return rows[rows["model_id"] == payer].reset_index(drop=True)


def price_notes(prices: pd.DataFrame, ratio: float = DEFAULT_RATIO) -> list[str]:
    """Per provider route, what its last change did: 'cheaper since', 'price raised on', or
    withdrawn. Price moves first, newest first; withdrawals after, newest first."""
    found: list[tuple[bool, str, str]] = []
    for (provider, source, key), g in prices.groupby(["provider", "source", "source_key"], sort=True):
        g = g.sort_values("date", kind="stable")
        last = g.iloc[-1]
        where = f"{provider} ({key}, {source})"
        if last["event"] == "removed":
            found.append((True, last["date"], f"{where}: no longer listed since {last['date']}."))
            continue
        price = blended(g["price_in_usd_mtok"], g["price_out_usd_mtok"], ratio)
        priced = g.assign(price=price).dropna(subset=["price"]).reset_index(drop=True)
        moved = priced.index[priced["price"].diff().fillna(0) != 0]
        if len(moved) == 0:
            continue
        i = moved[-1]
        before, after = priced.loc[i - 1, "price"], priced.loc[i, "price"]
        verb = "cheaper since" if after < before else "price raised on"
        text = f"{where}: {verb} {priced.loc[i, 'date']} (${before:.4g} → ${after:.4g} per 1M tokens, blended)."
        found.append((False, priced.loc[i, "date"], text))
    found.sort(key=lambda n: (n[0], "".join(chr(0x10FFFF - ord(c)) for c in n[1])))  # newest date first
    return [text for _, _, text in found]


def rank_history(history: pd.DataFrame, model_id: str, category: str = DEFAULT_CATEGORY) -> pd.DataFrame:
    """A model's rank on every board it appears on (one category), per version: 1 + the number of
    models rated strictly higher in that version."""
    boards = history.loc[
        (history["kind"] == "score") & (history["model_id"] == model_id) & (history["category"] == category), "board"
    ].unique()
    parts = []
    for board in sorted(boards):
        states = board_states(history, board, category)
        mine = states[states["model_id"] == model_id].drop_duplicates("date")
        for r in mine.itertuples():
            version = states[states["date"] == r.date]
            higher = int((version["rating"].astype(float) > float(r.rating)).sum())
            parts.append(
                {"board": board, "date": r.date, "rank": higher + 1, "of": len(version), "rating": float(r.rating)}
            )
    return pd.DataFrame(parts, columns=["board", "date", "rank", "of", "rating"])


# ---------------------------------------------------------------- the page's view

DEFAULT_REFERENCE = "gpt-4o-2024-05-13"  # GPT-4o as first released: a level most people know
CATCH_UP_METHOD = (
    "For each version date D we take the proprietary leader of D and look for the first version D′ (D or later)"
    " in which the best open model is rated at least as high as that same leader, both rated in D′. The"
    " comparison is made inside one version, so the scale change between versions does not matter;"
    " versions that no longer list the leader are skipped."
)
QUALITY_METHOD = (
    "A model counts as at least as good as the reference when, in the same LMArena version, its rating is"
    " at least the reference's. A date uses the latest version published on or before it (after the last"
    " version, the last one). Its price is the cheapest provider's blended price (3 input tokens per output"
    " token) in force that day; a setting or dated snapshot no one sells by name takes its base model's price."
)


@dataclass
class View:
    board: str
    category: str
    reference: str
    frontier: Frontier
    quality: FixedQuality
    unjoined: list[str]
    notices: list[str]
    references: list[str]
    price_routes: int = 0  # provider routes with a price history
    price_routes_unjoined: int = 0  # of which no catalog model takes the name


def parse_view(params: dict, index: pd.DataFrame) -> tuple[str, str, str | None, list[str]]:
    """(board, category, reference or None, notices) from URL parameters, screened: an odd value
    falls back to the default, with a notice."""
    notices = []
    boards = sorted(index["board"].unique()) if len(index) else []
    board = params.get("board") or DEFAULT_BOARD
    if board not in boards:
        if params.get("board"):
            notices.append(f"No board '{str(board)[:40]}' in the history; showing {DEFAULT_BOARD}.")
        board = DEFAULT_BOARD if DEFAULT_BOARD in boards else (boards[0] if boards else DEFAULT_BOARD)
    cats = set(index.loc[index["board"] == board, "category"])
    category = params.get("category") or DEFAULT_CATEGORY
    if category not in cats:
        if params.get("category"):
            notices.append(f"No category '{str(category)[:40]}' on that board; showing {DEFAULT_CATEGORY}.")
        category = DEFAULT_CATEGORY if DEFAULT_CATEGORY in cats else (sorted(cats)[0] if cats else DEFAULT_CATEGORY)
    return board, category, params.get("ref") or None, notices


def categories(index: pd.DataFrame, board: str) -> list[str]:
    """A board's categories, 'full' first, then those with the most versions."""
    rows = index[index["board"] == board].sort_values(["versions", "category"], ascending=[False, True])
    cats = list(rows["category"])
    return ([DEFAULT_CATEGORY] if DEFAULT_CATEGORY in cats else []) + [c for c in cats if c != DEFAULT_CATEGORY]


def view(history: pd.DataFrame, models: pd.DataFrame, board: str, category: str, reference: str | None) -> View:
    """Everything the Trends page shows for one board, category and quality reference."""
    notices = []
    states = board_states(history, board, category)
    f = frontier(history, models, board, category, states)
    refs = reference_models(history, board, category, states=states)
    if reference not in refs:
        if reference:
            notices.append(f"'{str(reference)[:60]}' is not rated in enough versions of this board; default used.")
        reference = DEFAULT_REFERENCE if DEFAULT_REFERENCE in refs else (refs[len(refs) // 2] if refs else "")
    if reference and board in TOKEN_PRICED_BOARDS:
        quality = cheapest_at_quality(history, board, category, reference, states=states)
    else:
        quality = FixedQuality(pd.DataFrame(columns=["date", "price"]), None, "", ("", ""), 0)
    unjoined = sorted(states.loc[states["model_id"].isna(), "source_key"].unique())
    routes = history.loc[history["kind"] == "price", ["source", "provider", "source_key", "model_id"]]
    routes = routes.drop_duplicates(["source", "provider", "source_key"])
    return View(
        board,
        category,
        reference,
        f,
        quality,
        unjoined,
        notices,
        refs,
        len(routes),
        int(routes["model_id"].isna().sum()),
    )


def gap_sentence(f: Frontier, board_label: str, category: str) -> str | None:
    if f.gap.empty:
        return None
    g = f.gap.iloc[-1]
    lead, lag = ("proprietary", "open") if g["gap"] >= 0 else ("open", "proprietary")
    return (
        f"In LMArena's {board_label} board, {category} category, version {g['date']}: the best {lead} model"
        f" ({g[f'{lead}_model']}, {g[f'{lead}_rating']:.0f}) leads the best {lag} model"
        f" ({g[f'{lag}_model']}, {g[f'{lag}_rating']:.0f}) by {abs(g['gap']):.0f} points."
    )


def catch_up_sentences(f: Frontier) -> list[str]:
    out = []
    hit = latest_catch_up(f)
    if hit:
        out.append(
            f"Open models reached the proprietary level of {hit['level_date']} ({hit['leader']}) on"
            f" {hit['reached_date']} ({hit['open_model']}), {int(hit['lag_days'])} days later."
        )
    missing = f.catch_up[f.catch_up["reached_date"].isna()]
    if len(missing):
        first = missing.iloc[0]
        out.append(
            f"They had not reached the level of {first['level_date']} ({first['leader']}) by the last version,"
            f" {f.window[1]}."
        )
    return out


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
