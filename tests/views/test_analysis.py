"""Quality vs cost arithmetic and the Pareto frontier, on hand-made numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from llm_atlas.views import analysis, compare, explore, quality
from llm_atlas.views.analysis import blended_price, pareto_frontier


def test_blended_price_exact():
    # 3:1 of $2.50 in and $10 out: (3 * 2.5 + 10) / 4 = 4.375
    assert blended_price(2.5, 10.0, 3.0) == pytest.approx(4.375)
    # 10:1 RAG mix: (10 * 1 + 2) / 11
    assert blended_price(1.0, 2.0, 10.0) == pytest.approx(12 / 11)
    # 1:4 generation: ratio 0.25 -> (0.25 * 2 + 8) / 1.25 = 6.8
    assert blended_price(2.0, 8.0, 0.25) == pytest.approx(6.8)
    # half the input cached at $0.25: effective input 1.375; (3 * 1.375 + 10) / 4 = 3.53125
    assert blended_price(2.5, 10.0, 3.0, 0.5, 0.25) == pytest.approx(3.53125)
    # no cached price known: cache share changes nothing
    s = blended_price(pd.Series([2.5]), pd.Series([10.0]), 3.0, 0.5, pd.Series([np.nan]))
    assert s.iloc[0] == pytest.approx(4.375)
    with pytest.raises(ValueError):
        blended_price(1, 1, 3, 1.5)


def test_blend_label_states_the_mix():
    assert analysis.blend_label(10, 0) == "Blended price, USD per 1M tokens (input:output 10:1)"
    assert analysis.blend_label(0.25, 0.5) == "Blended price, USD per 1M tokens (input:output 1:4, 50% of input cached)"


def test_pareto_hand_made_with_ties_and_duplicates():
    price = [1, 2, 2, 3, 3, 4, 5, 5]
    quality = [10, 12, 11, 12, 12, 20, 20, 20]
    # (1,10) cheapest; (2,12) beats (2,11); (3,12)x2 beaten by (2,12); (4,20) best;
    # (5,20) twice: beaten by (4,20) (cheaper, equal quality).
    assert pareto_frontier(price, quality).tolist() == [True, True, False, False, False, True, False, False]
    # exact duplicates on the frontier both stay
    assert pareto_frontier([1, 1, 2], [5, 5, 4]).tolist() == [True, True, False]
    # lower is better flips the sense
    assert pareto_frontier([1, 2, 3], [3, 2, 1], higher_is_better=False).tolist() == [True, True, True]
    assert pareto_frontier([1, 2, 3], [1, 2, 3], higher_is_better=False).tolist() == [True, False, False]
    assert pareto_frontier([], []).tolist() == []


def test_frontier_matches_brute_force_on_random_points():
    rng = np.random.default_rng(1)
    x = rng.integers(1, 30, 300).astype(float)
    y = rng.integers(1, 30, 300).astype(float)
    brute = [
        not any((x[j] <= x[i] and y[j] >= y[i] and (x[j] < x[i] or y[j] > y[i])) for j in range(300))
        for i in range(300)
    ]
    assert pareto_frontier(x, y).tolist() == brute


def test_frontier_recomputed_on_a_subset():
    pts = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [10.0, 20.0, 30.0], "ci_low": np.nan, "ci_high": np.nan})
    assert analysis.with_frontier(pts)["frontier"].tolist() == [True, True, True]
    # Add a point that is cheaper and better than the first two: they leave the frontier.
    more = pd.concat(
        [pts, pd.DataFrame({"x": [0.5], "y": [25.0], "ci_low": np.nan, "ci_high": np.nan})], ignore_index=True
    )
    assert analysis.with_frontier(more)["frontier"].tolist() == [False, False, True, True]


def test_ties_by_overlapping_bounds():
    pts = pd.DataFrame(
        {
            "x": [1.0, 2.0, 2.5, 3.0],
            "y": [1300.0, 1350.0, 1345.0, 1300.0],
            "ci_low": [1295.0, 1346.0, 1340.0, 1296.0],
            "ci_high": [1305.0, 1354.0, 1349.0, 1304.0],
        }
    )
    out = analysis.with_frontier(pts)
    assert out["frontier"].tolist() == [True, True, False, False]
    # (2.5, 1345) reaches 1349 >= 1346, the low bound of the frontier point that beats it; (3, 1300) does not.
    assert out["tied"].tolist() == [False, False, True, False]


def test_scatter_counts_what_it_cannot_plot(bundled):
    prepared = explore.prepare(bundled)
    data = analysis.scatter_points(prepared, bundled.scores, "arena_text:full", ratio=10.0)
    with_metric = set(bundled.scores.loc[bundled.scores["benchmark"] == "arena_text:full", "model_id"])
    assert len(data.points) + len(data.no_price) == len(with_metric)
    assert len(data.no_metric) == len(prepared) - len(with_metric)
    gpt = data.points.set_index("model_id").loc["gpt-4o-2024-08-06"]
    assert gpt.x == pytest.approx((10 * 2.5 + 10) / 11)


def test_metrics_list_has_every_family(bundled):
    ids = [m.benchmark for m in analysis.metrics(bundled.scores)]
    assert ids[0] == "arena_text_style:full"  # LMArena's default view first
    for wanted in (
        "arena_text_style:full",
        "aa_intelligence",
        "aa_coding",
        "aider_polyglot",
        "oll_average",
        "oll_ifeval",
    ):
        assert wanted in ids
    assert any(i.startswith("llmstats:") for i in ids) and "aider_polyglot_cost" not in ids
    # The vision board: "arena_vision" from the CSV export until the snapshot is rebuilt with the JSON board.
    assert "arena_vision" in ids or "arena_vision:full" in ids


def test_compare_side_by_side_marks_best(bundled):
    prepared = explore.prepare(bundled)
    ids = ["gpt-4o-2024-08-06", "llama-3.3-70b-instruct"]
    table, best = compare.side_by_side(bundled, prepared, ids)
    assert list(table.columns) == ["GPT-4o", "Llama 3.3 70B Instruct"]
    assert table.loc["Input price (USD / 1M tokens)"].tolist() == [
        2.5,
        prepared.set_index("model_id").loc["llama-3.3-70b-instruct", "price_in_usd_mtok"],
    ]
    assert best.loc["Input price (USD / 1M tokens)"].tolist() == [False, True]
    arena = next(r for r in table.index if r.startswith("LMArena text, overall (no style control)"))
    assert best.loc[arena].tolist() == [True, False] and "(lmarena, 2025-12-17)" in arena
    bars = compare.bar_data(bundled, prepared, ids)
    assert bars["normalised"].between(0, 100).all() and set(bars["model"]) == set(table.columns)


def test_compare_parse_ids():
    ids, notices = compare.parse_ids("a,b,a,zzz,c,d,e,f,g", {"a", "b", "c", "d", "e", "f", "g"})
    assert ids == ["a", "b", "c", "d", "e", "f"] and "zzz" in notices[0] and "At most 6" in notices[1]


def test_image_board_is_plotted_against_price_per_image(fixture_snapshot_dir):
    from llm_atlas.pipeline import snapshot

    snap = snapshot.load(fixture_snapshot_dir)
    metric = "arena_image:full"
    # The page opens an image board on price per image, a text board on the token price.
    x_mode = quality.parse({"metric": metric}, {metric: None}, metric)[0]["qc_x"]
    text = quality.parse({"metric": "arena_text:full"}, {"arena_text:full": None}, "arena_text:full")[0]["qc_x"]
    assert x_mode == "image_price" and text == "price"
    data = analysis.scatter_points(explore.prepare(snap), snap.scores, metric, x_mode=x_mode)
    per_image = snap.models.set_index("model_id")["price_per_image_usd"]
    rated = set(snap.scores.loc[snap.scores["benchmark"] == metric, "model_id"])
    expected = {m for m in rated if pd.notna(per_image.get(m))}
    assert expected and set(data.points["model_id"]) == expected
    for row in data.points.itertuples():
        assert row.x == pytest.approx(per_image[row.model_id])  # USD per image, not per 1M tokens
    assert len(data.no_price) == len(rated - expected)
