"""The Quality vs cost figure a person reads: labels, hover, palette, selection, axis titles."""

from __future__ import annotations

import json

import pytest

from llm_atlas import charts
from llm_atlas.views import analysis, explore
from tests.plotly_spec import decode


@pytest.fixture(scope="module")
def figure_and_points(bundled):
    prepared = explore.prepare(bundled)
    chat = explore.apply(prepared, explore.Filters(tasks=("chat",)), bundled.offers).rows
    dates = {n: m.get("data_as_of") for n, m in bundled.manifest["sources"].items()}
    data = analysis.scatter_points(chat, bundled.scores, "arena_text_style:full", 3.0, source_dates=dates)
    points = analysis.with_frontier(data.points)
    picked = points.loc[~points["frontier"], "model_id"].iloc[0]
    fig = charts.quality_cost_figure(
        points, x_title="Blended price, USD per 1M tokens", y_title="Arena (points)", picked=(picked,)
    )
    return json.loads(fig.to_json()), points, picked


def test_frontier_line_never_takes_the_hover(figure_and_points):
    spec, _, _ = figure_and_points
    line = next(t for t in spec["data"] if t["name"] == charts.FRONTIER_NAME)
    assert line["hoverinfo"] == "skip" and "hovertemplate" not in line
    assert spec["data"][0]["name"] == charts.FRONTIER_NAME  # drawn beneath the points


def test_frontier_and_picked_points_are_labelled(figure_and_points, bundled):
    spec, points, picked = figure_and_points
    labels = next(t for t in spec["data"] if t["name"] == "Labels")
    names = set(labels["text"])
    front = points[points["frontier"]]
    assert points.loc[points["model_id"] == picked, "name"].iloc[0] in names
    cheapest, best = front.sort_values("x").iloc[0], front.sort_values("y").iloc[-1]
    assert {cheapest["name"], best["name"]} <= names
    assert labels["hoverinfo"] == "skip"


def test_hover_has_name_price_bounds_source_and_date(figure_and_points):
    spec, points, _ = figure_and_points
    trace = next(t for t in spec["data"] if t["name"] == "proprietary")
    row = trace["customdata"][0]
    truth = points.set_index("model_id").loc[row[0]]
    assert row[1] == truth["name"] and row[5] == "lmarena" and row[7] == "2025-12-17"
    assert f"{truth['ci_low']:.4g}" in row[6] and f"{truth['ci_high']:.4g}" in row[6]
    assert "x: %{x:.4g} USD per 1M tokens" in trace["hovertemplate"]


def test_palette_sets_open_and_proprietary_apart_and_unknown_grey(figure_and_points):
    spec, _, _ = figure_and_points
    colour = {t["name"]: t["marker"]["color"] for t in spec["data"] if t["name"] in ("open", "proprietary", "unknown")}
    assert colour["open"] == "#0072B2" and colour["proprietary"] == "#E69F00"
    if "unknown" in colour:
        assert colour["unknown"] == "#999999"


def test_selection_does_not_fade_the_rest(figure_and_points):
    spec, _, _ = figure_and_points
    for t in spec["data"]:
        if t["name"] in ("open", "proprietary"):
            assert t["unselected"]["marker"]["opacity"] == t["marker"]["opacity"]
            assert len(decode(t["x"])) > 0
