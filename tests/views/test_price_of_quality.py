"""The price of a fixed quality, against a hand computation from the raw recorded price changes
(tests/fixtures/history/, real rows of models.dev's price history)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from llm_atlas.pipeline import history
from llm_atlas.views import price_of_quality
from tests.pipeline.test_history import HISTORY_FIXTURES


def _hand_cheapest(raw: pd.DataFrame, names: set[str], day: str) -> float:
    """Cheapest 3:1 blended price in force on `day` among provider models named `names` (any path)."""
    rows = raw[raw["model"].str.lower().str.split("/").str[-1].isin(names) & (raw["date"] <= day)]
    last = rows.sort_values("date", kind="stable").drop_duplicates(["provider", "model"], keep="last")
    last = last[(last["event"] != "removed") & (last["input"] > 0) & (last["output"] > 0)]
    return float(((3 * last["input"] + last["output"]) / 4).min())


def _in_force(series: pd.DataFrame, day: str) -> float:
    return float(series[series["date"] <= day]["price"].iloc[-1])


def test_price_of_a_fixed_quality_matches_hand_computation(bundled_history):
    """Quality of Gemini 2.5 Pro on text (full): on 2025-11-05 (its first version) only itself
    qualifies; from 2025-12-11 Gemini 3 Pro too. Prices by hand from models.dev's recorded rows."""
    raw = pd.read_csv(HISTORY_FIXTURES / history.PRICE_HISTORY, dtype={"date": str})
    q = price_of_quality.qualifying(bundled_history, "text", "full", "gemini-2.5-pro")
    assert set(q.loc[q["date"] == "2025-11-05", "model_id"]) == {"gemini-2.5-pro"}
    assert set(q.loc[q["date"] == "2025-12-11", "model_id"]) == {"gemini-2.5-pro", "gemini-3-pro"}
    d1, d2 = "2025-11-05", "2026-06-30"
    hand1 = _hand_cheapest(raw, {"gemini-2.5-pro"}, d1)
    hand2 = _hand_cheapest(raw, {"gemini-2.5-pro", "gemini-3-pro"}, d2)
    assert (hand1, hand2) == (pytest.approx(2.1875), pytest.approx(2.4025))  # aihubmix 1.25/5; poe 0.87/7
    fq = price_of_quality.cheapest_at_quality(bundled_history, "text", "full", "gemini-2.5-pro")
    assert _in_force(fq.series, d1) == pytest.approx(hand1)
    assert _in_force(fq.series, d2) == pytest.approx(hand2)
    # The yearly figure over the same window, fitted by hand on the 7-day grid of the hand step function.
    grid = pd.date_range(d1, d2, freq="7D").strftime("%Y-%m-%d")
    hand_prices = [
        _hand_cheapest(raw, {"gemini-2.5-pro"} | ({"gemini-3-pro"} if d >= "2025-12-11" else set()), d) for d in grid
    ]
    slope = np.polyfit(np.arange(len(grid)) * 7.0, np.log(hand_prices), 1)[0]
    window = fq.series[fq.series["date"] <= d2]
    window = pd.concat([window, pd.DataFrame([{"date": d2, "price": _in_force(fq.series, d2)}])], ignore_index=True)
    assert price_of_quality.decline_per_year(window) == pytest.approx(np.exp(slope * 365.25), rel=1e-9)
