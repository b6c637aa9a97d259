"""The Trends page's view: odd URL values fall back to the defaults, each with a notice."""

from __future__ import annotations

from llm_atlas.views import boards, trends


def test_parse_view_screens_odd_values(bundled_history):
    index = boards.board_index(bundled_history)
    assert trends.parse_view({}, index)[:2] == ("text", "full")
    board, category, _, notices = trends.parse_view({"board": "nope", "category": "<b>x</b>"}, index)
    assert (board, category) == ("text", "full") and len(notices) == 2
    assert trends.parse_view({"board": "vision", "category": "ocr"}, index)[:2] == ("vision", "ocr")
