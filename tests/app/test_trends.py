"""The Trends page (AppTest): its charts carry exactly the package's figures, its URL is screened,
and a model's detail on Explore and Compare shows that model's history."""

from __future__ import annotations

import json

import numpy as np

from llm_atlas import history_charts
from llm_atlas.pipeline import history, snapshot
from llm_atlas.views import model_history, price_of_quality, trends
from tests.apptest import open_page
from tests.conftest import BUNDLED
from tests.plotly_spec import decode


def _figures(at) -> list[list[dict]]:
    return [json.loads(el.proto.spec)["data"] for el in at.get("plotly_chart")]


def test_page_charts_equal_the_package():
    at = open_page("app_pages/trends.py", category="coding")
    snap = snapshot.load(BUNDLED)
    h = history.load(BUNDLED)
    v = trends.view(h, snap.models, "text", "coding", None)
    frontier, gap, quality = _figures(at)
    for side in ("proprietary", "open"):
        trace = next(t for t in frontier if t["name"] == f"best {side}")
        want = v.frontier.per_version[v.frontier.per_version["side"] == side].sort_values("date")
        assert list(trace["x"]) == want["date"].tolist()
        assert np.allclose(decode(trace["y"]), want["rating"].astype(float))
        assert [c[0] for c in trace["customdata"]] == want["model_id"].tolist()
    assert list(gap[0]["x"]) == v.frontier.gap["date"].tolist()
    assert np.allclose(decode(gap[0]["y"]), v.frontier.gap["gap"])
    assert list(quality[0]["x"]) == v.quality.series["date"].tolist()
    assert np.allclose(decode(quality[0]["y"]), v.quality.series["price"])
    text = " ".join(m.value for m in at.markdown)
    last = v.frontier.gap.iloc[-1]
    assert f"by {abs(last['gap']):.0f} points" in text
    assert at.query_params["category"] == "coding" and at.query_params["ref"] == v.reference


def test_odd_url_values_fall_back_with_a_notice():
    at = open_page("app_pages/trends.py", board="nope", category="*bold*", ref="no-such-model", extra="1")
    notices = " ".join(i.value for i in at.info)
    assert "No board" in notices and "No category" in notices and "extra" in notices
    assert "not rated in enough versions" in notices
    assert [s.value for s in at.selectbox][:2] == ["text", "full"]
    assert at.selectbox[2].value == trends.DEFAULT_REFERENCE


def test_explore_and_compare_details_show_model_history():
    h = history.load(BUNDLED)
    at = open_page("app_pages/explore.py", model="gpt-4o-2024-05-13")
    want = history_charts.model_history_figures(h, "gpt-4o-2024-05-13")
    figs = _figures(at)
    rank = model_history.rank_history(h, "gpt-4o-2024-05-13")
    text_ranks = next(t for f in figs for t in f if t.get("name") == "text" and "rank" in t.get("hovertemplate", ""))
    assert list(decode(text_ranks["y"])) == rank[rank["board"] == "text"]["rank"].tolist()
    assert len(want) >= 1
    at = open_page("app_pages/compare.py", models="gpt-4o-2024-05-13,deepseek-r1")
    assert len(at.get("plotly_chart")) == 1  # the bars; the history on request
    at.toggle(key="compare_history").set_value(True).run()
    assert len(at.get("plotly_chart")) >= 1 + len(want)  # the bars, then each model's history charts


def test_picking_a_reference_reprices_and_goes_in_the_url():
    h = history.load(BUNDLED)
    at = open_page("app_pages/trends.py")
    at.selectbox(key="tr_ref").set_value("gpt-4o-2024-08-06").run()
    assert not at.exception and at.query_params["ref"] == "gpt-4o-2024-08-06"
    q = price_of_quality.cheapest_at_quality(h, "text", "full", "gpt-4o-2024-08-06")
    assert np.allclose(decode(_figures(at)[2][0]["y"]), q.series["price"])
    shown = " ".join(m.value.replace("\\", "") for m in at.markdown)  # st.markdown text is escaped
    assert price_of_quality.quality_sentence(q, "gpt-4o-2024-08-06") in shown


def test_image_boards_show_no_token_price():
    at = open_page("app_pages/trends.py", board="text_to_image")
    assert any("priced per image" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 2  # the frontier and the gap, no price chart
