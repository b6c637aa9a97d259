"""The snapshot and the prepared table are shared by every session (st.cache_resource), so no
page may change them: after every page has run, with interactions, they equal a fresh load."""

from __future__ import annotations

import pandas as pd

from llm_atlas import explore, snapshot
from llm_atlas.ui.data import load_explore_table, load_snapshot
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
    }
    for page, params in pages.items():
        open_page(page, **params)
    at = open_page("app_pages/costs.py")
    at.radio(key="costs_section").set_value("Self-hosting an open model").run()

    fresh = snapshot.load(BUNDLED)
    shared = load_snapshot()
    assert shared is load_snapshot()  # one object, not a copy per call
    for table in ("models", "offers", "scores"):
        pd.testing.assert_frame_equal(getattr(shared, table), getattr(fresh, table))
    pd.testing.assert_frame_equal(load_explore_table(shared.built_at), explore.prepare(fresh))
