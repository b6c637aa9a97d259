"""Cached history views for the Trends page and the model details (Explore, Compare)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from llm_atlas import history_charts
from llm_atlas.pipeline import history
from llm_atlas.pipeline.snapshot import Snapshot, SnapshotError
from llm_atlas.text import escape_markdown
from llm_atlas.ui.data import BY_BUILD, SNAPSHOT_TTL_S, VIEW_CACHE_ENTRIES, load_snapshot
from llm_atlas.views import boards, trends

# The history is read when a page first needs it, not on every start (it is not on the start path).


@st.cache_resource(ttl=SNAPSHOT_TTL_S, show_spinner=False, hash_funcs=BY_BUILD)
def load_history(snap: Snapshot) -> pd.DataFrame:
    """The snapshot's history table (empty for a snapshot written before there was one)."""
    try:
        return boards.prepare(history.load(snap.path))
    except SnapshotError:
        return boards.prepare(history.empty())


@st.cache_resource(ttl=SNAPSHOT_TTL_S, show_spinner=False, hash_funcs=BY_BUILD)
def load_board_index(snap: Snapshot) -> pd.DataFrame:
    return boards.board_index(load_history(snap))


@st.cache_resource(ttl=SNAPSHOT_TTL_S, max_entries=VIEW_CACHE_ENTRIES, show_spinner=False, hash_funcs=BY_BUILD)
def load_view(snap: Snapshot, board: str, category: str, reference: str | None) -> trends.View:
    return trends.view(load_history(snap), snap.models, board, category, reference)


@st.cache_resource(ttl=SNAPSHOT_TTL_S, max_entries=64, show_spinner=False, hash_funcs=BY_BUILD)
def model_figures(snap: Snapshot, model_id: str):
    return history_charts.model_history_figures(load_history(snap), model_id)


def render_model_history(model_id: str, *, key: str, title: str | None = None) -> None:
    """A model's price and rank history as small charts, side by side (with its name as `title`)."""
    snap = load_snapshot()
    figures = model_figures(snap, model_id)
    if title:
        st.markdown(f"**{escape_markdown(title)}**")
    if not figures:
        st.caption("No price or rank history recorded for this model.")
        return
    for column, (i, (title, fig, notes)) in zip(st.columns(len(figures)), enumerate(figures), strict=True):
        with column:
            st.markdown(f"**{title}**")
            st.plotly_chart(fig, width="stretch", key=f"{key}_history_{i}")
            for note in notes[:6]:  # provider and route names come from upstream data
                st.caption(escape_markdown(note))
