"""Home's picks and the Sources page's freshness, as pure functions."""

from __future__ import annotations

import datetime as dt

import pytest

from llm_atlas.views import explore, home, sources


@pytest.fixture(scope="module")
def prepared(bundled):
    return explore.prepare(bundled)


def test_every_use_case_has_picks_with_a_figure(bundled, prepared):
    for use in home.USE_CASES:
        picks = home.picks(bundled, prepared, use)
        assert picks, use.key
        assert all("$" in p.why or any(ch.isdigit() for ch in p.why) for p in picks), use.key


def test_self_hosting_pick_is_open_and_fits_24_gb(bundled, prepared):
    use = next(u for u in home.USE_CASES if u.key == "selfhost")
    pick = home.picks(bundled, prepared, use)[0]
    row = prepared.set_index("model_id").loc[pick.model_id]
    assert row["openness"] == "open" and row["fits_memory_gb"] <= 24 and row["license_class"] == "permissive"
    # Nothing permissive, open and within 24 GB scores higher: on the style-controlled arena board
    # when any of them is on it, else on the Open LLM Leaderboard average.
    fits = prepared[
        (prepared["openness"] == "open")
        & (prepared["fits_memory_gb"] <= 24)
        & (prepared["license_class"] == "permissive")
        & prepared["task"].isin(["chat", "code"])
    ]
    for metric in ("arena_text_style:full", "oll_average"):
        board = bundled.scores[bundled.scores["benchmark"] == metric].groupby("model_id")["value"].max()
        board = board[board.index.isin(fits["model_id"])]
        if len(board):
            break
    assert board.max() == board[pick.model_id]


def test_best_value_is_on_the_frontier_and_in_the_top_quarter(bundled, prepared):
    use = next(u for u in home.USE_CASES if u.key == "chat")
    value = next(p for p in home.picks(bundled, prepared, use) if p.kind == "Best value")
    assert "blended 3:1" in value.why and "lmarena 2025-12-17" in value.why


def test_sources_older_than_six_months_are_warned_about(bundled):
    table = sources.table(bundled, today=dt.date(2026, 12, 1))
    warned = " ".join(sources.stale_warnings(table))
    # The Open LLM Leaderboard's final data is from 2025-03-21: well over six months before.
    assert "2025-03-21" in warned
    fresh = sources.table(bundled, today=dt.date(2025, 3, 22))
    assert not any("2025-03-21" in w for w in sources.stale_warnings(fresh))
    assert set(table["gives"].dropna()) and table["gives"].notna().all()


def test_image_card_opens_the_quality_chart_once_the_image_arena_is_in_the_data():
    image = next(u for u in home.USE_CASES if u.key == "image")
    assert home.link_for(image, set()) == ("app_pages/explore.py", image.params)
    page, params = home.link_for(image, {"arena_image:full"})
    assert page == "app_pages/quality_cost.py" and params["x"] == "image_price"
