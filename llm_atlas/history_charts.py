"""Plotly figures of the history (Trends, and a model's history in Explore and Compare): pure
functions of frames, tested without Streamlit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

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
