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


# Okabe-Ito: distinguishable with the common colour-vision deficiencies. Open and proprietary sit
# far apart (blue, orange); unknown is grey.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FIXED_COLOURS = {"open": "#0072B2", "proprietary": "#E69F00", "unknown": "#999999", "other": "#BBBBBB"}
MAX_LABELS = 8  # frontier labels beyond this crowd the chart; the cheapest and the best stay


class ScatterStyle(NamedTuple):
    """How the Quality vs cost scatter is drawn (hashable: a cache key)."""

    x_title: str
    y_title: str
    colour_by: str = "openness"
    size_by: str = "none"
    log_x: bool = True
    log_y: bool = False
    picked: tuple[str, ...] = ()  # model ids to ring and label
    x_unit: str = "USD per 1M tokens"


def _sizes(series: pd.Series) -> np.ndarray:
    v = pd.to_numeric(series, errors="coerce").astype(float)
    if v.notna().sum() == 0:
        return np.full(len(v), 9.0)
    logv = np.log10(v.clip(lower=v[v > 0].min() if (v > 0).any() else 1))
    span = (logv.max() - logv.min()) or 1.0
    return np.where(v.notna(), 6 + 16 * (logv - logv.min()) / span, 5.0)


def colours(groups: list[str]) -> dict[str, str]:
    """A colour per group: fixed ones for openness words, Okabe-Ito in order for the rest."""
    cycle = iter(OKABE_ITO)
    return {g: FIXED_COLOURS.get(g) or next(cycle, "#777777") for g in groups}


def _bounds(g: pd.DataFrame) -> np.ndarray:
    lo, hi = g["ci_low"].astype(float), g["ci_high"].astype(float)
    text = "  (95 %: " + lo.map("{:.4g}".format) + "–" + hi.map("{:.4g}".format) + ")"
    return text.where(lo.notna() & hi.notna(), "").to_numpy()


def _labelled(points: pd.DataFrame, picked: tuple[str, ...]) -> pd.DataFrame:
    """Frontier points (thinned to MAX_LABELS, keeping both ends) and picked points."""
    front = points[points["frontier"]].sort_values("x") if "frontier" in points else points.iloc[0:0]
    if len(front) > MAX_LABELS:
        step = int(np.ceil(len(front) / MAX_LABELS))
        keep = set(front.index[::step]) | {front.index[0], front.index[-1]}
        front = front.loc[sorted(keep, key=list(front.index).index)]
    return pd.concat([front, points[points["model_id"].isin(picked) & ~points.index.isin(front.index)]])


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
    picked: tuple[str, ...] = (),
    x_unit: str = "USD per 1M tokens",
) -> go.Figure:
    """Scatter of points (x, y, frontier, tied, ...): frontier and picked points labelled, the frontier
    line beneath them without hover, a selection that highlights without fading the rest.

    Every point's model id is its customdata[0], so a selection maps back to a model.
    """
    fig = go.Figure()
    trace_type = go.Scattergl if len(points) > WEBGL_THRESHOLD else go.Scatter
    front = points[points["frontier"]].sort_values("x") if "frontier" in points else points.iloc[0:0]
    if len(front):  # drawn first, beneath the points, and never the hover target
        fig.add_trace(
            go.Scatter(
                x=front["x"].astype(float),
                y=front["y"].astype(float),
                mode="lines",
                line=dict(shape="hv", color="#555555", width=1.5, dash="dot"),
                name=FRONTIER_NAME,
                customdata=np.column_stack([front["model_id"], front["name"]]),
                hoverinfo="skip",
            )
        )
    groups = points[colour_by].astype("string").fillna("unknown")
    top = groups.value_counts().index[:MAX_GROUPS]
    groups = groups.where(groups.isin(top), "other")
    names = sorted(groups.unique(), key=lambda g: (g in ("unknown", "other"), str(g).lower()))
    palette = colours(names)
    short = y_title.split(" (")[0]
    hover = (
        "<b>%{customdata[1]}</b> · %{customdata[2]}<br>"
        f"{short}: %{{y:.4g}}%{{customdata[6]}}<br>"
        "source: %{customdata[5]}, %{customdata[7]}<br>"
        f"x: %{{x:.4g}} {x_unit}"
        # Token prices only where the x axis is about tokens (an image model has none).
        + ("" if "image" in x_unit else "<br>input $%{customdata[3]:.4g} · output $%{customdata[4]:.4g} per 1M tokens")
        + "<extra></extra>"
    )
    for group in names:
        g = points[groups == group]
        custom = np.column_stack(
            [
                g["model_id"],
                g["name"],
                g["creator"].astype("string").fillna("creator unknown"),
                g["price_in_usd_mtok"].astype(float),
                g["price_out_usd_mtok"].astype(float),
                g["source"],
                _bounds(g),
                g["as_of"].astype("string").fillna("date unknown") if "as_of" in g else np.full(len(g), "date unknown"),
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
                color=palette[group],
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
                    color=palette[group],
                    opacity=0.85,
                    line=dict(width=0.5, color="white"),
                ),
                # A click highlights without fading the others.
                selected=dict(marker=dict(opacity=1.0)),
                unselected=dict(marker=dict(opacity=0.85)),
            )
        )
    labels = _labelled(points, picked)
    if len(labels):
        is_picked = labels["model_id"].isin(picked)
        fig.add_trace(
            go.Scatter(
                x=labels["x"].astype(float),
                y=labels["y"].astype(float),
                mode="markers+text",
                text=labels["name"],
                # Alternate sides so neighbouring frontier labels do not sit on each other.
                textposition=["top left" if i % 2 else "bottom right" for i in range(len(labels))],
                textfont=dict(size=11),
                marker=dict(
                    size=np.where(is_picked, 16, 9),
                    color="rgba(0,0,0,0)",
                    line=dict(width=np.where(is_picked, 2.5, 0), color="#000000"),
                ),
                name="Labels",
                cliponaxis=False,  # a label near the edge stays whole
                showlegend=False,
                hoverinfo="skip",
            )
        )
    fig.update_layout(
        xaxis=dict(title=x_title, type="log" if log_x else "linear"),
        yaxis=dict(title=y_title, type="log" if log_y else "linear"),
        legend=dict(title=COLOUR_BY.get(colour_by, colour_by), orientation="h", y=-0.15),
        height=560,
        margin=dict(l=10, r=10, t=30, b=10),
        hovermode="closest",
    )
    return fig


def compare_bars(table: pd.DataFrame) -> go.Figure:
    """Horizontal grouped bars: benchmarks (rows) by model, normalised 0–100, raw values in hover.
    Readable at 390 px: names on the y axis, never rotated."""
    fig = go.Figure()
    palette = colours(list(table["model"].unique()))
    for model in table["model"].unique():
        t = table[table["model"] == model]
        fig.add_trace(
            go.Bar(
                y=t["benchmark"],
                x=t["normalised"],
                name=model,
                orientation="h",
                marker_color=palette[model],
                customdata=np.column_stack([t["raw"], t["unit"]]),
                hovertemplate="%{y}<br>raw %{customdata[0]:.4g} %{customdata[1]} · normalised %{x:.0f}<extra>"
                + model
                + "</extra>",
            )
        )
    n = table["benchmark"].nunique()
    fig.update_layout(
        barmode="group",
        xaxis=dict(title="score, normalised 0–100 (raw in hover)", range=[0, 105]),
        yaxis=dict(
            categoryorder="array",
            categoryarray=list(table["benchmark"].unique()),
            autorange="reversed",
            automargin=True,
        ),
        legend=dict(orientation="h", y=-0.2),
        height=max(260, 60 + n * 22 * max(1, table["model"].nunique()) // 2 + n * 10),
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
