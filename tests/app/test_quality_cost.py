"""AppTest for Quality vs cost and Compare: the figure follows the controls; the frontier is the package's."""

from __future__ import annotations

import numpy as np
import pytest

from llm_atlas import charts
from llm_atlas.views import analysis, explore
from tests.apptest import open_page
from tests.plotly_spec import decode, figure, traces


def points_of(at) -> dict[str, tuple[float, float]]:
    out = {}
    for t in traces(at):
        if t["name"] in (charts.FRONTIER_NAME, "Labels"):
            continue
        ids = [c[0] for c in t["customdata"]]
        out.update(zip(ids, zip(decode(t["x"]).tolist(), decode(t["y"]).tolist(), strict=True), strict=True))
    return out


def frontier_ids(at) -> set[str]:
    t = next(t for t in traces(at) if t["name"] == charts.FRONTIER_NAME)
    return {c[0] for c in t["customdata"]}


@pytest.fixture(scope="module")
def prepared(bundled):
    return explore.prepare(bundled)


def test_default_chart_and_frontier_match_the_package(bundled, prepared):
    # Opens on chat models and LMArena's own default view, the style-controlled overall score.
    at = open_page("app_pages/quality_cost.py")
    chat = explore.apply(prepared, explore.Filters(tasks=("chat",)), bundled.offers).rows
    expected = analysis.with_frontier(
        analysis.scatter_points(chat, bundled.scores, "arena_text_style:full", 3.0).points
    )
    pts = points_of(at)
    assert set(pts) == set(expected["model_id"])
    assert frontier_ids(at) == set(expected.loc[expected["frontier"], "model_id"])
    gpt = pts["gpt-4o-2024-08-06"]
    assert gpt[0] == pytest.approx(analysis.blended_price(2.5, 10.0, 3.0))
    assert figure(at)["layout"]["xaxis"]["type"] == "log"
    assert "input:output 3:1" in figure(at)["layout"]["xaxis"]["title"]["text"]
    data = analysis.scatter_points(chat, bundled.scores, "arena_text_style:full", 3.0)
    assert f"{len(data.no_metric):,} filtered models have no" in at.caption[0].value


def test_ratio_preset_moves_prices(bundled):
    at = open_page("app_pages/quality_cost.py")
    at.selectbox(key="qc_preset").set_value("RAG 10:1").run()
    assert at.slider(key="qc_ratio").value == 10.0
    assert points_of(at)["gpt-4o-2024-08-06"][0] == pytest.approx((10 * 2.5 + 10) / 11)
    assert "input:output 10:1" in figure(at)["layout"]["xaxis"]["title"]["text"]
    assert at.query_params["ratio"] == "10"


def test_metric_colour_and_filters_change_the_figure(bundled, prepared):
    at = open_page("app_pages/quality_cost.py")
    at.selectbox(key="qc_metric").set_value("aider_polyglot").run()
    ys = points_of(at)
    assert ys["gpt-4o-2024-08-06"][1] == pytest.approx(23.1)
    at.selectbox(key="qc_colour").set_value("creator").run()
    names = {t["name"] for t in traces(at)}
    assert "OpenAI" in names and "open" not in names
    at.multiselect(key="f_openness").set_value(["open"]).run()
    pts = points_of(at)
    open_ids = set(prepared.loc[prepared["openness"] == "open", "model_id"])
    assert set(pts) <= open_ids and len(pts) > 0
    # The frontier is recomputed on the filtered set.
    filtered = explore.apply(prepared, explore.Filters(tasks=("chat",), openness=("open",)), bundled.offers).rows
    expected = analysis.with_frontier(analysis.scatter_points(filtered, bundled.scores, "aider_polyglot", 3.0).points)
    assert frontier_ids(at) == set(expected.loc[expected["frontier"], "model_id"])


def test_params_axis_uses_webgl_for_many_points():
    at = open_page("app_pages/quality_cost.py", metric="oll_average", x="params")
    points = [t for t in traces(at) if t["name"] not in (charts.FRONTIER_NAME, "Labels")]
    assert {t["type"] for t in points} == {"scattergl"}
    assert sum(len(decode(t["x"])) for t in points) > 4000


def test_bad_view_params_fall_back_with_notice():
    at = open_page("app_pages/quality_cost.py", metric="<script>", ratio="abc", colour="x")
    assert at.selectbox(key="qc_metric").value == "arena_text_style:full"
    assert at.selectbox(key="qc_colour").value == "openness"
    assert any("must be numbers" in i.value for i in at.info)


def test_compare_from_url_shows_columns_and_bars():
    at = open_page("app_pages/compare.py", models="gpt-4o-2024-08-06,llama-3.3-70b-instruct,nope")
    table = at.table[0].value
    assert list(table.columns) == ["GPT-4o", "Llama 3.3 70B Instruct"]
    assert any("nope" in i.value for i in at.info)
    bars = traces(at)
    assert {t["name"] for t in bars} == {"GPT-4o", "Llama 3.3 70B Instruct"}
    assert all(t["orientation"] == "h" for t in bars)
    assert all(np.all((decode(t["x"]) >= 0) & (decode(t["x"]) <= 100)) for t in bars)
    assert all(len(set(t["y"])) <= 8 for t in bars)  # at most eight shared benchmarks


def test_compare_rows_that_decide_come_first_and_benchmarks_on_request(bundled):
    at = open_page("app_pages/compare.py", models="gpt-4o-2024-08-06,llama-3.3-70b-instruct")
    table = at.table[0].value
    arena = bundled.scores[bundled.scores["benchmark"] == "arena_text_style:full"].set_index("model_id")
    assert table.index[0] == "Arena score, style control (2025-12-17)"
    assert table.iloc[0, 0] == f"{arena.loc['gpt-4o-2024-08-06', 'value']:,.4g}"
    assert table.loc["Context (tokens)"].iloc[0] == "128,000"
    low, high = arena.loc["gpt-4o-2024-08-06", ["ci_low", "ci_high"]]
    assert table.loc["95 % bounds"].iloc[0] == f"{low:.0f}–{high:.0f}"
    assert list(table.index[2:5]) == [
        "Input price (USD / 1M tokens)",
        "Output price (USD / 1M tokens)",
        "Context (tokens)",
    ]
    short = len(table)
    at.toggle(key="compare_all").set_value(True).run()
    assert len(at.table[0].value) > short and at.query_params["all"] == "1"


def test_compare_needs_two():
    at = open_page("app_pages/compare.py", models="gpt-4o-2024-08-06")
    assert "at least two" in at.info[-1].value


def test_image_board_is_plotted_against_price_per_image(snapshot_copy, monkeypatch):
    from llm_atlas.pipeline import snapshot

    monkeypatch.setenv("LLM_ATLAS_DATA_DIR", str(snapshot_copy))
    snap = snapshot.load(snapshot_copy)
    at = open_page("app_pages/quality_cost.py", metric="arena_image:full")
    assert at.selectbox(key="qc_metric").value == "arena_image:full"
    pts = points_of(at)
    per_image = snap.models.set_index("model_id")["price_per_image_usd"]
    rated = set(snap.scores.loc[snap.scores["benchmark"] == "arena_image:full", "model_id"])
    assert set(pts) == {m for m in rated if per_image.notna().get(m, False)}
    for model_id, (x, _) in pts.items():
        assert x == pytest.approx(per_image[model_id]), model_id  # USD per image, never a token price
    assert pts["dall-e-3"][0] == pytest.approx(0.04)  # OpenAI's standard 1024x1024 image, as LiteLLM lists it
    assert figure(at)["layout"]["xaxis"]["title"]["text"] == "Price per image (USD)"
