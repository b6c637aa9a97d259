"""Explore benchmarks: filter speed at Hub scale, and the page's rerun after a filter change."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from llm_atlas import BUNDLED_DATA_DIR
from llm_atlas.pipeline import snapshot
from llm_atlas.views import catalog, explore
from llm_atlas.views.explore import Filters

REPO = Path(__file__).resolve().parents[1]
N_SYNTHETIC = 100_000

COMBINATIONS = {
    "task": Filters(tasks=("chat",)),
    "openness + licence class": Filters(openness=("open",), license_classes=("permissive", "open-restricted")),
    "params range + context": Filters(params_min=1.0, params_max=70.0, context_min=32_000),
    "capabilities + price range": Filters(capabilities=("tools", "vision"), price_min=0.1, price_max=5.0),
    "search": Filters(search="llama"),
    "provider": Filters(providers=("groq", "together_ai")),
    "everything at once": Filters(
        tasks=("chat", "code"),
        openness=("open",),
        license_classes=("permissive",),
        creators=("meta-llama", "Qwen", "mistralai"),
        architectures=("decoder-only",),
        params_min=1.0,
        params_max=70.0,
        capabilities=("tools",),
        date_from="2024-01-01",
        scored_only=True,
        search="instruct",
    ),
}


def synthetic_catalog(n: int = N_SYNTHETIC) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Real rows resampled to n, with jittered numbers and unique ids (Hub scale)."""
    snap = snapshot.load(BUNDLED_DATA_DIR)
    prepared = explore.prepare(snap)
    rng = np.random.default_rng(7)
    big = prepared.sample(n, replace=True, random_state=7).reset_index(drop=True)
    big["model_id"] = big["model_id"] + "-" + pd.Series(np.arange(n)).astype(str)
    big["search_key"] = (big["model_id"] + " " + big["name"].fillna("")).str.lower()
    big["params_b"] = (big["params_b"] * rng.uniform(0.5, 1.5, n)).astype("Float64")
    big["price_in_usd_mtok"] = (big["price_in_usd_mtok"] * rng.uniform(0.5, 1.5, n)).astype("Float64")
    offers = snap.offers.sample(n // 2, replace=True, random_state=7).reset_index(drop=True)
    offers["model_id"] = big["model_id"].sample(n // 2, replace=True, random_state=8).to_numpy()
    return big, offers


def filter_timings(runs: int = 5) -> dict[str, tuple[float, float]]:
    """Per combination: median seconds to filter, and to filter and build the shown table."""
    big, offers = synthetic_catalog()
    out = {}
    for name, f in COMBINATIONS.items():
        filter_only, with_table = [], []
        for _ in range(runs):
            t = time.perf_counter()
            result = explore.apply(big, f, offers)
            filter_only.append(time.perf_counter() - t)
            catalog.table(result, f.search)  # as the page builds it: ranked when searching
            with_table.append(time.perf_counter() - t)
        out[name] = (statistics.median(filter_only), statistics.median(with_table))
    return out


def apptest_rerun(runs: int = 5) -> tuple[float, int]:
    """Median seconds of an Explore rerun after one filter change; bytes of the table sent."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page("app_pages/explore.py")
    at.run()
    times = []
    choices = [["embedding"], ["chat"], ["image-generation"], ["speech-to-text"], ["code"], ["text-to-speech"]]
    at.multiselect(key="f_tasks").set_value(choices[0]).run()  # warm
    for i in range(runs):
        widget = at.multiselect(key="f_tasks").set_value(choices[(i + 1) % len(choices)])
        t = time.perf_counter()
        widget.run()
        times.append(time.perf_counter() - t)
    at.multiselect(key="f_tasks").set_value([]).run()
    sent = len(at.dataframe[0].proto.arrow_data.data)
    return statistics.median(times), sent
