"""One model's price and rank history, against the raw recorded board and the bundled history."""

from __future__ import annotations

from llm_atlas import history_charts
from llm_atlas.views import model_history
from tests.views.conftest import raw_board


def test_model_history_figures(bundled_history):
    figs = history_charts.model_history_figures(bundled_history, "gpt-4o-2024-05-13")
    titles = [t for t, _, _ in figs]
    assert any(t.startswith("Rank on LMArena") for t in titles)
    ranks = model_history.rank_history(bundled_history, "gpt-4o-2024-05-13")
    rank_fig = next(f for t, f, _ in figs if t.startswith("Rank"))
    text = rank_fig.data[[tr.name for tr in rank_fig.data].index("text")]
    assert list(text.y) == ranks[ranks["board"] == "text"]["rank"].tolist()
    # Its rank on text (full) at the first version, by hand from the raw board: 1 + models rated higher.
    raw = raw_board("2025-03-07")
    mine = float(raw.loc[raw["model"] == "gpt-4o-2024-05-13", "rating"].iloc[0])
    assert text.y[0] == 1 + int((raw["rating"] > mine).sum())
    prices = model_history.model_prices(bundled_history, "gpt-4o")
    assert len(prices) and set(prices["model_id"]) == {"gpt-4o"}
