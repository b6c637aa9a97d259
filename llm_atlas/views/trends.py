"""The Trends page's view: one board, category and quality reference, screened from the URL, and
everything the page shows for them (`view`).

LMArena fits its ratings afresh in every published version, so a rating is only comparable with
ratings of the same version. Every comparison here is made inside one version; across versions
only dates, ranks and "which model leads" are compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from llm_atlas.views.boards import DEFAULT_BOARD, DEFAULT_CATEGORY, board_states
from llm_atlas.views.open_gap import Frontier, frontier
from llm_atlas.views.price_of_quality import TOKEN_PRICED_BOARDS, FixedQuality, cheapest_at_quality, reference_models

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
