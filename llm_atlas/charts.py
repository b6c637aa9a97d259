"""Plotly figure builders: pure functions of frames, tested without Streamlit."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

WEBGL_THRESHOLD = 1000  # above this many points, draw with WebGL
COLOUR_BY = {"openness": "Openness", "creator": "Creator", "license_class": "Licence class"}
SIZE_BY = {"none": "Same size", "params_b": "Parameters", "context_tokens": "Context"}
MAX_GROUPS = 12  # more colour groups than this: the rest share "other"
FRONTIER_NAME = "Pareto frontier"


class ScatterStyle(NamedTuple):
    """How the Quality vs cost scatter is drawn (hashable: a cache key)."""

    x_title: str
    y_title: str
    colour_by: str = "openness"
    size_by: str = "none"
    log_x: bool = True
    log_y: bool = False


def _sizes(series: pd.Series) -> np.ndarray:
    v = pd.to_numeric(series, errors="coerce").astype(float)
    if v.notna().sum() == 0:
        return np.full(len(v), 9.0)
    logv = np.log10(v.clip(lower=v[v > 0].min() if (v > 0).any() else 1))
    span = (logv.max() - logv.min()) or 1.0
    return np.where(v.notna(), 6 + 16 * (logv - logv.min()) / span, 5.0)


def quality_cost_figure(
    points: pd.DataFrame,
    *,
    x_title: str,
    y_title: str,
    colour_by: str = "openness",
    size_by: str = "none",
    log_x: bool = True,
    log_y: bool = False,
    error_bars: bool = True,
) -> go.Figure:
    """Scatter of points (x, y, frontier, tied, ...) with the frontier drawn as a line.

    Every point's model id is its customdata[0], so a selection maps back to a model.
    """
    fig = go.Figure()
    trace_type = go.Scattergl if len(points) > WEBGL_THRESHOLD else go.Scatter
    groups = points[colour_by].astype("string").fillna("unknown")
    top = groups.value_counts().index[:MAX_GROUPS]
    groups = groups.where(groups.isin(top), "other")
    hover = (
        "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>"
        "input $%{customdata[3]:.4g} · output $%{customdata[4]:.4g} per 1M<br>"
        f"{y_title}: %{{y:.4g}} (%{{customdata[5]}})<br>x: %{{x:.4g}}<extra></extra>"
    )
    for group in sorted(groups.unique(), key=str.lower):
        g = points[groups == group]
        custom = np.column_stack(
            [
                g["model_id"],
                g["name"],
                g["creator"].astype("string").fillna("?"),
                g["price_in_usd_mtok"].astype(float),
                g["price_out_usd_mtok"].astype(float),
                g["source"],
            ]
        )
        errors = None
        if error_bars and g["ci_high"].notna().any():
            errors = dict(
                type="data",
                symmetric=False,
                array=(g["ci_high"] - g["y"]).astype(float).fillna(0),
                arrayminus=(g["y"] - g["ci_low"]).astype(float).fillna(0),
                thickness=1,
                width=0,
            )
        symbols = np.where(g["tied"], "diamond", "circle") if "tied" in g else "circle"
        fig.add_trace(
            trace_type(
                x=g["x"].astype(float),
                y=g["y"].astype(float),
                mode="markers",
                name=str(group),
                customdata=custom,
                hovertemplate=hover,
                error_y=errors,
                marker=dict(
                    size=_sizes(g[size_by]) if size_by != "none" else 9,
                    symbol=symbols,
                    opacity=0.8,
                    line=dict(width=0.5, color="white"),
                ),
            )
        )
    front = points[points["frontier"]].sort_values("x") if "frontier" in points else points.iloc[0:0]
    if len(front):
        fig.add_trace(
            go.Scatter(
                x=front["x"].astype(float),
                y=front["y"].astype(float),
                mode="lines",
                line=dict(shape="hv", color="#3b5bdb", width=2, dash="dot"),
                name=FRONTIER_NAME,
                customdata=np.column_stack([front["model_id"], front["name"]]),
                hovertemplate="frontier: %{customdata[1]}<extra></extra>",
            )
        )
    fig.update_layout(
        xaxis=dict(title=x_title, type="log" if log_x else "linear"),
        yaxis=dict(title=y_title, type="log" if log_y else "linear"),
        legend=dict(title=COLOUR_BY.get(colour_by, colour_by)),
        height=560,
        margin=dict(l=10, r=10, t=30, b=10),
        hovermode="closest",
    )
    return fig


def compare_bars(table: pd.DataFrame) -> go.Figure:
    """Grouped bars of benchmarks (rows) by model (columns), values normalised 0–100, raw in hover."""
    fig = go.Figure()
    for model in table["model"].unique():
        t = table[table["model"] == model]
        fig.add_trace(
            go.Bar(
                x=t["benchmark"],
                y=t["normalised"],
                name=model,
                customdata=np.column_stack([t["raw"], t["unit"]]),
                hovertemplate="%{x}<br>raw %{customdata[0]:.4g} %{customdata[1]}<extra>" + model + "</extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        yaxis=dict(title="score, normalised 0–100", range=[0, 105]),
        height=420,
        margin=dict(l=10, r=10, t=30, b=10),
    )
    return fig


def workload_bars(top: pd.DataFrame) -> go.Figure:
    """Monthly cost of the cheapest models (rows already cheapest first), one bar each."""
    fig = go.Figure(
        go.Bar(
            x=top["monthly_usd"],
            y=top["name"],
            orientation="h",
            customdata=top[["provider", "per_1k_requests_usd"]].to_numpy(),
            hovertemplate="%{y}<br>USD per month: %{x:,.2f}<br>provider: %{customdata[0]}"
            "<br>USD per 1,000 requests: %{customdata[1]:,.4f}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis={"categoryorder": "total descending", "title": ""},
        xaxis={"title": "USD per month"},
        height=420,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
    )
    return fig
