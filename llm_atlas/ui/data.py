"""Cached loading of the snapshot and the shared sidebar."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from llm_atlas import charts, config
from llm_atlas.pipeline import snapshot
from llm_atlas.pipeline.snapshot import Snapshot, SnapshotError
from llm_atlas.views import analysis, catalog, explore, filter_params, summary, wizard
from llm_atlas.views import costs as views_costs
from llm_atlas.views import home as views_home

if TYPE_CHECKING:
    import plotly.graph_objects as go

# Data changes when someone refreshes it; an hour bounds how stale a replica gets.
SNAPSHOT_TTL_S = 3600
# The snapshot and the prepared table are cache_resource, not cache_data: cache_data hands every
# caller its own unpickled copy (its cost: bench/README.md, "Measurements behind code choices"). They are read-only: pages and llm_atlas derive new frames and never assign
# into these (tests/app/test_shared_data.py checks every page leaves them equal to a fresh load).
# Cached views take the snapshot itself and are keyed on its build time: a refreshed snapshot is a
# new key, and nothing inside a cached function reaches for data it was not given.
BY_BUILD = {Snapshot: lambda snap: snap.built_at}
_ICONS = {"ok": ":material/check_circle:", "stale": ":material/warning:", "missing": ":material/error:"}


@st.cache_resource(ttl=SNAPSHOT_TTL_S, show_spinner=False, hash_funcs=BY_BUILD)
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
        status = load_source_status(snap)
        lines = [
            f"{_ICONS.get(row.status, '')} **{row.source}** {row.status} · data {row.data_as_of or '?'}"
            for row in status.itertuples()
        ]
        st.markdown("  \n".join(lines))
        for row in status[status["status"] != "ok"].itertuples():
            st.warning(f"{row.source} is {row.status}: {row.reason}", icon=":material/warning:")


@st.cache_resource(ttl=SNAPSHOT_TTL_S, show_spinner=False, hash_funcs=BY_BUILD)
def load_catalog_view(snap: Snapshot) -> pd.DataFrame:
    """The catalog view: models with providers, headline scores and serving memory (`explore.prepare`),
    which Explore, Quality vs cost, Compare, Costs, Wizard, Home and Hub filter or look up."""
    return explore.prepare(snap)


@st.cache_resource
def load_wizard_tree() -> wizard.Tree:
    """The tree is static for the life of the process; validated once."""
    return wizard.load()


# Derived views, shared by every session (cache_resource: one read-only object, no copy per
# caller). They are pure functions of the snapshot and the view's settings, so 20 visitors on the
# default view cost one computation, not 20 (bench/README.md, concurrency). Pages only read them.
# Bounded: a full-catalog view holds ~5 MB (its rows and grid columns), so at most ~80 MB.
VIEW_CACHE_ENTRIES = 16


@st.cache_resource(ttl=SNAPSHOT_TTL_S, show_spinner=False, hash_funcs=BY_BUILD)
def load_vocabularies(snap: Snapshot) -> dict[str, set[str]]:
    return filter_params.vocabularies(load_catalog_view(snap), snap.offers)


@st.cache_resource(ttl=SNAPSHOT_TTL_S, show_spinner=False, hash_funcs=BY_BUILD)
def load_metrics(snap: Snapshot) -> dict[str, analysis.Metric]:
    return {m.benchmark: m for m in analysis.metrics(snap.scores)}


@st.cache_resource(ttl=SNAPSHOT_TTL_S, show_spinner=False, hash_funcs=BY_BUILD)
def load_source_status(snap: Snapshot) -> pd.DataFrame:
    return summary.source_status(snap)


@st.cache_resource(ttl=SNAPSHOT_TTL_S, max_entries=VIEW_CACHE_ENTRIES, show_spinner=False, hash_funcs=BY_BUILD)
def filter_catalog(snap: Snapshot, filters: explore.Filters) -> explore.FilterResult:
    return explore.apply(load_catalog_view(snap), filters, snap.offers)


@st.cache_resource(ttl=SNAPSHOT_TTL_S, max_entries=VIEW_CACHE_ENTRIES, show_spinner=False, hash_funcs=BY_BUILD)
def explore_rows(snap: Snapshot, filters: explore.Filters) -> pd.DataFrame:
    """The columns Explore's grid shows, for a filtered view."""
    return catalog.table(filter_catalog(snap, filters), filters.search)


@st.cache_resource(ttl=SNAPSHOT_TTL_S, max_entries=VIEW_CACHE_ENTRIES, show_spinner=False, hash_funcs=BY_BUILD)
def quality_points(
    snap: Snapshot, filters: explore.Filters, benchmark: str, ratio: float, cached_share: float, x_mode: str
) -> tuple[analysis.ScatterData, pd.DataFrame]:
    """Scatter data for a metric and token mix, and its points with the Pareto frontier marked."""
    metric = load_metrics(snap)[benchmark]
    dates = {name: meta.get("data_as_of") for name, meta in snap.manifest.get("sources", {}).items()}
    data = analysis.scatter_points(
        filter_catalog(snap, filters).rows, snap.scores, benchmark, ratio, cached_share, x_mode, dates
    )
    return data, analysis.with_frontier(data.points, metric.higher_is_better)


@st.cache_resource(ttl=SNAPSHOT_TTL_S, max_entries=VIEW_CACHE_ENTRIES, show_spinner=False, hash_funcs=BY_BUILD)
def quality_figure(
    snap: Snapshot,
    filters: explore.Filters,
    benchmark: str,
    ratio: float,
    cached_share: float,
    x_mode: str,
    style: charts.ScatterStyle,
) -> go.Figure:
    """The Quality vs cost figure; st.plotly_chart only serialises it, never changes it."""
    _, points = quality_points(snap, filters, benchmark, ratio, cached_share, x_mode)
    return charts.quality_cost_figure(points, **style._asdict())


@st.cache_resource(ttl=SNAPSHOT_TTL_S, max_entries=VIEW_CACHE_ENTRIES, show_spinner=False, hash_funcs=BY_BUILD)
def workload_ranking(snap: Snapshot, filters: explore.Filters, state: views_costs.CostsState) -> views_costs.Ranking:
    """The workload priced across the filtered models that can serve it (views/costs.py)."""
    return views_costs.rank(filter_catalog(snap, filters).rows, snap.offers, snap.scores, state)


@st.cache_resource(ttl=SNAPSHOT_TTL_S, max_entries=VIEW_CACHE_ENTRIES, show_spinner=False, hash_funcs=BY_BUILD)
def workload_figure(snap: Snapshot, filters: explore.Filters, state: views_costs.CostsState) -> go.Figure:
    return charts.workload_bars(workload_ranking(snap, filters, state).cheapest.head(15))


@st.cache_resource(ttl=SNAPSHOT_TTL_S, show_spinner=False, hash_funcs=BY_BUILD)
def load_home_picks(snap: Snapshot) -> dict[str, list[views_home.Pick]]:
    """Home's top picks per use case (views/home.py), computed once per snapshot."""
    prepared = load_catalog_view(snap)
    return {use.key: views_home.picks(snap, prepared, use) for use in views_home.USE_CASES}
