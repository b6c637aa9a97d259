"""The snapshot and the prepared table are shared by every session (st.cache_resource), so no
page may change them: after every page has run, with interactions, they equal a fresh load."""

from __future__ import annotations

import pandas as pd

from llm_atlas import charts
from llm_atlas.pipeline import history, snapshot
from llm_atlas.ui.data import (
    filter_catalog,
    load_catalog_view,
    load_metrics,
    load_snapshot,
    quality_figure,
    quality_points,
)
from llm_atlas.ui.trends import load_history
from llm_atlas.views import analysis, boards, explore
from tests.apptest import open_page
from tests.conftest import BUNDLED


def test_no_page_changes_the_shared_snapshot_or_table():
    pages = {
        "app_pages/home.py": {},
        "app_pages/explore.py": {"task": "chat", "model": "gpt-4o-2024-08-06"},
        "app_pages/quality_cost.py": {"model": "gpt-4o-2024-08-06"},
        "app_pages/compare.py": {"models": "gpt-4o-2024-08-06,llama-3.3-70b-instruct"},
        "app_pages/costs.py": {},
        "app_pages/wizard.py": {"path": "0.0"},
        "app_pages/hub.py": {},  # offline in tests: serves the snapshot's open models
        "app_pages/trends.py": {"category": "coding"},
    }
    for page, params in pages.items():
        open_page(page, **params)
    at = open_page("app_pages/costs.py")
    at.radio(key="costs_section").set_value("Self-hosting").run()

    fresh = snapshot.load(BUNDLED)
    shared = load_snapshot()
    assert shared is load_snapshot()  # one object, not a copy per call
    for table in ("models", "offers", "scores"):
        pd.testing.assert_frame_equal(getattr(shared, table), getattr(fresh, table))
    pd.testing.assert_frame_equal(load_catalog_view(shared), explore.prepare(fresh))
    pd.testing.assert_frame_equal(load_history(shared), boards.prepare(history.load(BUNDLED)))


def test_derived_views_are_shared_and_equal_a_fresh_computation():
    """Filtered rows, Quality's points and figure are cached across sessions: two sessions on
    the same view get the same object, and what they get equals computing it afresh."""
    for _ in range(2):  # two sessions on the default view, with a chat filter on Explore
        open_page("app_pages/quality_cost.py")
        open_page("app_pages/explore.py", task="chat")
    shared = load_snapshot()
    filters = explore.Filters()
    view = (shared, filters, "arena_text:full", 3.0, 0.0, "price")
    assert filter_catalog(shared, filters) is filter_catalog(shared, explore.Filters())
    assert quality_points(*view) is quality_points(*view)

    fresh = snapshot.load(BUNDLED)
    prepared = explore.prepare(fresh)
    chat = explore.Filters(tasks=("chat",))
    pd.testing.assert_frame_equal(filter_catalog(shared, chat).rows, explore.apply(prepared, chat, fresh.offers).rows)
    dates = {name: meta.get("data_as_of") for name, meta in fresh.manifest["sources"].items()}
    rows = explore.apply(prepared, explore.Filters(), fresh.offers).rows  # the default view hides retired models
    data = analysis.scatter_points(rows, fresh.scores, "arena_text:full", 3.0, 0.0, "price", dates)
    points = analysis.with_frontier(data.points, load_metrics(shared)["arena_text:full"].higher_is_better)
    pd.testing.assert_frame_equal(quality_points(*view)[1], points)

    style = charts.ScatterStyle(x_title="x", y_title="y")
    assert quality_figure(*view, style).to_json() == charts.quality_cost_figure(points, **style._asdict()).to_json()
