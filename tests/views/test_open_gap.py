"""Open vs proprietary on LMArena, against hand computations from the raw recorded board
(tests/fixtures/history/, real rows of shared/data's LMArena history)."""

from __future__ import annotations

import pandas as pd
import pytest

from llm_atlas.pipeline import snapshot
from llm_atlas.views import boards, open_gap
from tests.conftest import BUNDLED
from tests.views.conftest import raw_board

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


@pytest.mark.parametrize("version", ["2025-03-07", "2025-12-11"])
def test_open_proprietary_gap_matches_hand_computation(bundled_history, models, version):
    board = raw_board(version)
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
    f = open_gap.frontier(bundled_history, models, "text", "full")
    got = f.gap.set_index("date").loc[version]
    assert got["open_rating"] == pytest.approx(best["open"].rating, abs=0.005)
    assert got["proprietary_rating"] == pytest.approx(best["proprietary"].rating, abs=0.005)
    assert got["gap"] == pytest.approx(hand_gap, abs=0.01)
    # The models are the catalog's models of those board names.
    scores = snapshot.load(BUNDLED).scores
    name_of = scores[scores["source"] == "lmarena"].drop_duplicates("source_key").set_index("source_key")["model_id"]
    assert got["open_model"] == name_of[best["open"].model]
    assert got["proprietary_model"] == name_of[best["proprietary"].model]


def test_catch_up_is_judged_within_one_version(bundled_history, models):
    f = open_gap.frontier(bundled_history, models, "text", "coding")
    states = boards.board_states(bundled_history, "text", "coding")
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
    f = open_gap.frontier(bundled_history, models, "text", "full")
    for side in ("open", "proprietary"):
        leaders = f.per_version[f.per_version["side"] == side].sort_values("date")["model_id"].tolist()
        changes = [m for i, m in enumerate(leaders) if i == 0 or m != leaders[i - 1]]
        assert f.entrants[f.entrants["side"] == side]["model_id"].tolist() == changes
