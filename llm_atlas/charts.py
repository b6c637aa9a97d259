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


# ---------------------------------------------------------------- Trends (history)

OPEN_COLOUR, PROPRIETARY_COLOUR = "#2b8a3e", "#c92a2a"
SCALE_NOTE = "Each LMArena version rates on its own scale: compare points within one date, not across dates."


def frontier_figure(per_version: pd.DataFrame, entrants: pd.DataFrame, board_label: str) -> go.Figure:
    """Best open and best proprietary rating at each version date, with 95 % bounds; the models
    that took the lead labelled. Hover: model, rating, bounds, source and version."""
    fig = go.Figure()
    for side, colour in (("proprietary", PROPRIETARY_COLOUR), ("open", OPEN_COLOUR)):
        g = per_version[per_version["side"] == side].sort_values("date")
        if g.empty:
            continue
        custom = np.column_stack(
            [g["model_id"], g["ci_low"].astype(float), g["ci_high"].astype(float), g["source_key"]]
        )
        fig.add_trace(
            go.Scatter(
                x=g["date"],
                y=g["rating"].astype(float),
                mode="lines+markers",
                name=f"best {side}",
                line=dict(color=colour, shape="hv", width=2),
                customdata=custom,
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=(g["ci_high"] - g["rating"]).astype(float).fillna(0),
                    arrayminus=(g["rating"] - g["ci_low"]).astype(float).fillna(0),
                    thickness=1,
                    width=3,
                ),
                hovertemplate="<b>%{customdata[0]}</b><br>rating %{y:.0f} (95 %: %{customdata[1]:.0f}–%{customdata[2]:.0f})"
                f"<br>LMArena {board_label}, version %{{x}}<br>named there: %{{customdata[3]}}<extra>{side}</extra>",
            )
        )
    for i, e in enumerate(entrants.sort_values("date").itertuples()):
        up = e.side == "proprietary"
        fig.add_annotation(
            x=e.date,
            y=float(e.rating),
            text=str(e.model_id),
            showarrow=True,
            arrowhead=0,
            ax=0,
            ay=(-1 if up else 1) * (30 + 16 * (i % 3)),  # staggered so neighbours' labels do not overlap
            font=dict(size=10, color=OPEN_COLOUR if e.side == "open" else PROPRIETARY_COLOUR),
        )
    fig.update_layout(
        # One slot per version: the versions are what is compared, and a date axis crowds them.
        xaxis=dict(title="LMArena version", type="category"),
        yaxis=dict(title="rating (points, that version's scale)"),
        height=460,
        margin=dict(l=10, r=10, t=40, b=10),
        title=dict(text=SCALE_NOTE, font=dict(size=12)),
        legend=dict(orientation="h", y=-0.2),
    )
    return fig


def gap_figure(gap: pd.DataFrame) -> go.Figure:
    """Points between the best proprietary and the best open model, within each version."""
    fig = go.Figure(
        go.Bar(
            x=gap["date"],
            y=gap["gap"].astype(float),
            customdata=np.column_stack([gap["proprietary_model"], gap["open_model"]]),
            hovertemplate="version %{x}<br>%{customdata[0]} leads %{customdata[1]}"
            "<br>by %{y:.0f} points (same version)<extra>LMArena</extra>",
            marker_color="#5c7cfa",
        )
    )
    fig.update_layout(
        xaxis=dict(title="LMArena version", type="category"),
        yaxis=dict(title="gap, points (within the version)"),
        height=300,
        margin=dict(l=10, r=10, t=10, b=10),
    )
    return fig


def fixed_quality_figure(series: pd.DataFrame, reference: str) -> go.Figure:
    """The cheapest blended price reaching the quality of `reference`, as a step line (log y)."""
    custom = np.column_stack(
        [
            series["model_id"],
            series["rated_model"],
            series["provider"],
            series["source"],
            series["source_key"],
            series["version"],
        ]
    )
    fig = go.Figure(
        go.Scatter(
            x=series["date"],
            y=series["price"].astype(float),
            mode="lines+markers",
            line=dict(shape="hv", color="#3b5bdb", width=2),
            name="cheapest",
            customdata=custom,
            hovertemplate="%{x}: $%{y:.4g} per 1M tokens (blended)<br><b>%{customdata[0]}</b>"
            " (rated as %{customdata[1]}, LMArena version %{customdata[5]})"
            "<br>%{customdata[2]}: %{customdata[4]}<extra>%{customdata[3]}</extra>",
        )
    )
    fig.update_layout(
        xaxis=dict(title="date", type="date"),
        yaxis=dict(title="USD / 1M tokens (3:1 blend, log)", type="log", tickformat="$.3~g"),
        height=380,
        margin=dict(l=10, r=10, t=10, b=10),
        showlegend=False,
    )
    return fig


MAX_PRICE_LINES = 8  # a model sold by 40 routes: the most-changed ones, the rest counted in the notes


def model_price_figure(prices: pd.DataFrame, ratio: float = 3.0) -> go.Figure:
    """A model's blended price per provider route over time (step lines held to the last recorded
    date unless the route was withdrawn), source and route in hover."""
    fig = go.Figure()
    end = prices["date"].max()
    for (provider, source, key), g in price_lines(prices):
        g = g.sort_values("date", kind="stable")
        if g["event"].iloc[-1] != "removed" and g["date"].iloc[-1] < end:
            g = pd.concat([g, g.iloc[[-1]].assign(date=end, event="still listed")], ignore_index=True)
        price = (ratio * g["price_in_usd_mtok"].astype(float) + g["price_out_usd_mtok"].astype(float)) / (ratio + 1)
        fig.add_trace(
            go.Scatter(
                x=g["date"],
                y=price,
                mode="lines+markers",
                line=dict(shape="hv", width=1.5),
                marker=dict(size=5),
                name=f"{provider} ({source})",
                customdata=np.column_stack(
                    [g["price_in_usd_mtok"].astype(float), g["price_out_usd_mtok"].astype(float), g["event"]]
                ),
                hovertemplate=f"{provider} · {key}<br>%{{x}} %{{customdata[2]}}: input $%{{customdata[0]:.4g}}, output"
                f" $%{{customdata[1]:.4g}} per 1M<extra>{source}</extra>",
            )
        )
    fig.update_layout(
        xaxis=dict(title="", type="date"),
        yaxis=dict(title=f"USD / 1M tokens ({ratio:g}:1 blend)", rangemode="tozero"),
        height=300,
        margin=dict(l=10, r=10, t=10, b=10),
        legend=dict(font=dict(size=9)),
    )
    return fig


def price_lines(prices: pd.DataFrame) -> list[tuple[tuple[str, str, str], pd.DataFrame]]:
    """The routes drawn: those with the most recorded changes, then the cheapest now."""
    groups = list(prices.groupby(["provider", "source", "source_key"], sort=True))
    last = {k: g.sort_values("date", kind="stable").iloc[-1] for k, g in groups}

    def rank(item):
        key, g = item
        now = last[key]
        live = now["event"] != "removed" and pd.notna(now["price_out_usd_mtok"])
        return (-len(g), not live, float(now["price_out_usd_mtok"]) if live else 0.0)

    return sorted(groups, key=rank)[:MAX_PRICE_LINES]


def rank_figure(ranks: pd.DataFrame) -> go.Figure:
    """A model's rank on each board per LMArena version (1 at the top)."""
    fig = go.Figure()
    for board, g in ranks.groupby("board", sort=True):
        fig.add_trace(
            go.Scatter(
                x=g["date"],
                y=g["rank"],
                mode="lines+markers",
                name=str(board),
                customdata=np.column_stack([g["of"], g["rating"]]),
                hovertemplate=f"{board}, version %{{x}}: rank %{{y}} of %{{customdata[0]}}"
                " (rating %{customdata[1]:.0f})<extra>LMArena</extra>",
            )
        )
    fig.update_layout(
        xaxis=dict(title="", type="date"),
        yaxis=dict(title="rank (overall)", autorange="reversed"),
        height=280,
        margin=dict(l=10, r=10, t=10, b=10),
        legend=dict(font=dict(size=9)),
    )
    return fig


def model_history_figures(history: pd.DataFrame, model_id: str) -> list[tuple[str, go.Figure, list[str]]]:
    """The small charts of a model's detail: (title, figure, notes) for its price history per
    provider and its rank history on the LMArena boards, each only when there is one."""
    from llm_atlas.views import model_history  # charts stays importable without the history views

    out: list[tuple[str, go.Figure, list[str]]] = []
    prices = model_history.model_prices(history, model_id)
    if len(prices):
        payer = prices["model_id"].iloc[0]
        notes = model_history.price_notes(prices)
        hidden = prices.drop_duplicates(["provider", "source", "source_key"]).shape[0] - MAX_PRICE_LINES
        if hidden > 0:
            notes.append(f"{hidden} more provider routes are not drawn (the chart shows the most-changed ones).")
        if payer != model_id:
            notes.insert(0, f"Prices of {payer}: this model is a setting or dated snapshot of it.")
        first, last = prices["date"].min(), prices["date"].max()
        out.append((f"Price history ({first} to {last})", model_price_figure(prices), notes))
    ranks = model_history.rank_history(history, model_id)
    if len(ranks):
        window = f"{ranks['date'].min()} to {ranks['date'].max()}"
        out.append((f"Rank on LMArena, overall ({window})", rank_figure(ranks), []))
    return out
