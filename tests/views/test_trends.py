"""Trends views against hand computations from the raw recorded files (tests/fixtures/history/,
real rows of shared/data's LMArena history and models.dev price changes) and the bundled snapshot."""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest

from llm_atlas import charts
from llm_atlas.pipeline import history, snapshot
from llm_atlas.views import trends
from tests.conftest import BUNDLED
from tests.pipeline.test_history import HISTORY_FIXTURES

# Openness of the names at the top of LMArena's text board (full) on the two versions below, by
# hand: Google, OpenAI, xAI, Anthropic and Baidu serve these only through their APIs; DeepSeek-R1
# (MIT) and GLM-4.6 (MIT) publish their weights. early-grok-3 joins no catalog model (a codename).
NOT_OPEN = {
    "grok-3-preview-02-24", "gpt-4.5-preview-2025-02-27", "early-grok-3", "gemini-2.0-flash-thinking-exp-01-21",
    "gemini-2.0-pro-exp-02-05", "chatgpt-4o-latest-20250129", "gemini-exp-1206", "chatgpt-4o-latest-20241120",
    "gemini-exp-1121", "gemini-2.0-flash-thinking-exp-1219", "gemini-3-pro", "gemini-2.5-pro", "grok-4.1-thinking",
    "claude-opus-4-5-20251101", "gpt-5.1-high", "ernie-5.0-preview-1103", "grok-4.1",
    "claude-opus-4-5-20251101-thinking-32k",
}  # fmt: skip
OPEN = {"deepseek-r1", "glm-4.6"}
PROPRIETARY = NOT_OPEN - {"early-grok-3"}


@pytest.fixture(scope="module")
def bundled_history() -> pd.DataFrame:
    return history.load(BUNDLED)


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return snapshot.load(BUNDLED).models


def _raw_board(version: str) -> pd.DataFrame:
    with gzip.open(HISTORY_FIXTURES / history.ARENA_HISTORY, "rt", encoding="utf-8") as fh:
        raw = pd.read_csv(fh, dtype={"version_date": str})
    board = raw[(raw["board"] == "text") & (raw["category"] == "full") & (raw["version_date"] == version)]
    return board.sort_values("rating", ascending=False)


@pytest.mark.parametrize("version", ["2025-03-07", "2025-12-11"])
def test_open_proprietary_gap_matches_hand_computation(bundled_history, models, version):
    board = _raw_board(version)
    best = {}
    for row in board.itertuples():  # walk down the board until each side has its best
        side = "open" if row.model in OPEN else "proprietary" if row.model in PROPRIETARY else None
        if side is None:
            assert row.model in NOT_OPEN or "open" in best, f"{row.model}: openness not checked by hand"
            continue
        best.setdefault(side, row)
        if len(best) == 2:
            break
    hand_gap = best["proprietary"].rating - best["open"].rating
    f = trends.frontier(bundled_history, models, "text", "full")
    got = f.gap.set_index("date").loc[version]
    assert got["open_rating"] == pytest.approx(best["open"].rating, abs=0.005)
    assert got["proprietary_rating"] == pytest.approx(best["proprietary"].rating, abs=0.005)
    assert got["gap"] == pytest.approx(hand_gap, abs=0.01)
    # The models are the catalog's models of those board names.
    scores = snapshot.load(BUNDLED).scores
    name_of = scores[scores["source"] == "lmarena"].drop_duplicates("source_key").set_index("source_key")["model_id"]
    assert got["open_model"] == name_of[best["open"].model]
    assert got["proprietary_model"] == name_of[best["proprietary"].model]


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
    q = trends.qualifying(bundled_history, "text", "full", "gemini-2.5-pro")
    assert set(q.loc[q["date"] == "2025-11-05", "model_id"]) == {"gemini-2.5-pro"}
    assert set(q.loc[q["date"] == "2025-12-11", "model_id"]) == {"gemini-2.5-pro", "gemini-3-pro"}
    d1, d2 = "2025-11-05", "2026-06-30"
    hand1 = _hand_cheapest(raw, {"gemini-2.5-pro"}, d1)
    hand2 = _hand_cheapest(raw, {"gemini-2.5-pro", "gemini-3-pro"}, d2)
    assert (hand1, hand2) == (pytest.approx(2.1875), pytest.approx(2.4025))  # aihubmix 1.25/5; poe 0.87/7
    fq = trends.cheapest_at_quality(bundled_history, "text", "full", "gemini-2.5-pro")
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
    assert trends.decline_per_year(window) == pytest.approx(np.exp(slope * 365.25), rel=1e-9)


def test_catch_up_is_judged_within_one_version(bundled_history, models):
    f = trends.frontier(bundled_history, models, "text", "coding")
    states = trends.board_states(bundled_history, "text", "coding")
    best_open = f.per_version[f.per_version["side"] == "open"].set_index("date")["rating"].astype(float)
    checked = 0
    for row in f.catch_up.itertuples():
        for version in sorted(d for d in best_open.index if d >= row.level_date):
            ref = states[(states["date"] == version) & (states["model_id"] == row.leader)]["rating"]
            if ref.empty:
                continue
            reached = best_open[version] >= float(ref.iloc[0])
            if row.reached_date is None or pd.isna(row.reached_date) or version < row.reached_date:
                assert not reached, (row, version)
            else:
                assert reached and version == row.reached_date
                checked += 1
                break
    assert checked >= 1


def test_entrants_are_the_lead_changes(bundled_history, models):
    f = trends.frontier(bundled_history, models, "text", "full")
    for side in ("open", "proprietary"):
        leaders = f.per_version[f.per_version["side"] == side].sort_values("date")["model_id"].tolist()
        changes = [m for i, m in enumerate(leaders) if i == 0 or m != leaders[i - 1]]
        assert f.entrants[f.entrants["side"] == side]["model_id"].tolist() == changes


def test_parse_view_screens_odd_values(bundled_history):
    index = trends.board_index(bundled_history)
    assert trends.parse_view({}, index)[:2] == ("text", "full")
    board, category, _, notices = trends.parse_view({"board": "nope", "category": "<b>x</b>"}, index)
    assert (board, category) == ("text", "full") and len(notices) == 2
    assert trends.parse_view({"board": "vision", "category": "ocr"}, index)[:2] == ("vision", "ocr")


def test_model_history_figures(bundled_history):
    figs = charts.model_history_figures(bundled_history, "gpt-4o-2024-05-13")
    titles = [t for t, _, _ in figs]
    assert any(t.startswith("Rank on LMArena") for t in titles)
    ranks = trends.rank_history(bundled_history, "gpt-4o-2024-05-13")
    rank_fig = next(f for t, f, _ in figs if t.startswith("Rank"))
    text = rank_fig.data[[tr.name for tr in rank_fig.data].index("text")]
    assert list(text.y) == ranks[ranks["board"] == "text"]["rank"].tolist()
    # Its rank on text (full) at the first version, by hand from the raw board: 1 + models rated higher.
    raw = _raw_board("2025-03-07")
    mine = float(raw.loc[raw["model"] == "gpt-4o-2024-05-13", "rating"].iloc[0])
    assert text.y[0] == 1 + int((raw["rating"] > mine).sum())
    prices = trends.model_prices(bundled_history, "gpt-4o")
    assert len(prices) and set(prices["model_id"]) == {"gpt-4o"}
