"""Cached loading of the snapshot and the shared sidebar."""

from __future__ import annotations

import sys

import pandas as pd
import streamlit as st

from llm_atlas import config, explore, snapshot, summary, wizard
from llm_atlas.snapshot import Snapshot, SnapshotError

# Data changes when someone refreshes it; an hour bounds how stale a replica gets.
SNAPSHOT_TTL_S = 3600
# The snapshot and the prepared table are cache_resource, not cache_data: cache_data hands every
# caller its own unpickled copy (~25 ms and ~100 MB per concurrent run here; 20 sessions at once
# peaked at 1 GB). They are read-only: pages and llm_atlas derive new frames and never assign
# into these (tests/test_app_shared_data.py checks every page leaves them equal to a fresh load).
_ICONS = {"ok": ":material/check_circle:", "stale": ":material/warning:", "missing": ":material/error:"}


@st.cache_resource(ttl=SNAPSHOT_TTL_S, show_spinner=False)
def load_snapshot() -> Snapshot:
    """The newest valid snapshot: a refreshed one in the cache dir, else the bundled one."""
    candidates = []
    for path in (config.cache_dir(), config.bundled_dir()):
        try:
            candidates.append((snapshot.read_manifest(path).get("built_at", ""), path))
        except SnapshotError:
            continue
    if not candidates:
        raise SnapshotError(
            f"no snapshot in {config.bundled_dir()}; build one with `python -m llm_atlas.refresh --from-dir ../shared/data`"
        )
    errors = []
    for _, path in sorted(candidates, reverse=True):
        try:
            loaded = snapshot.load(path)
        except SnapshotError as exc:  # a damaged cache must not hide the bundled data
            errors.append(str(exc))
            continue
        # One line per load: operators (and bench/) can see data is loaded once per process.
        print(f"llm_atlas: loaded snapshot {loaded.built_at} from {path}", file=sys.stderr, flush=True)
        return loaded
    raise SnapshotError("; ".join(errors))


def render_sidebar(snap: Snapshot) -> None:
    with st.sidebar:
        st.caption(f"Snapshot built {snap.built_at.replace('T', ' ')[:16]} UTC")
        status = summary.source_status(snap)
        lines = [
            f"{_ICONS.get(row.status, '')} **{row.source}** {row.status} · data {row.data_as_of or '?'}"
            for row in status.itertuples()
        ]
        st.markdown("  \n".join(lines))
        for row in status[status["status"] != "ok"].itertuples():
            st.warning(f"{row.source} is {row.status}: {row.reason}", icon=":material/warning:")


@st.cache_resource(ttl=SNAPSHOT_TTL_S, show_spinner=False)
def load_explore_table(built_at: str) -> pd.DataFrame:
    """The prepared Explore table for the snapshot built at `built_at` (the cache key)."""
    return explore.prepare(load_snapshot())


@st.cache_resource
def load_wizard_tree() -> wizard.Tree:
    """The tree is static for the life of the process; validated once."""
    return wizard.load()
