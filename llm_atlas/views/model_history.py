"""One model's history: its price on every route over time, and its rank on a board at each version."""

from __future__ import annotations

import pandas as pd

from llm_atlas.views.boards import DEFAULT_CATEGORY, board_states
from llm_atlas.views.price_of_quality import DEFAULT_RATIO, blended, price_model_of, price_rows


def model_prices(history: pd.DataFrame, model_id: str) -> pd.DataFrame:
    """A model's price rows (own, or its base's as `price_model_of` says), oldest first."""
    payer = price_model_of(history, [model_id]).get(model_id)
    if payer is None:
        return history.iloc[0:0]
    rows = price_rows(history)
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
