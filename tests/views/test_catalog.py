"""Explore's grid: only shown columns, search matches first; its sort: blanks last in both directions, presets sort as named, deprecated hidden by default."""

from __future__ import annotations

import pandas as pd
import pytest

from llm_atlas.views import catalog, eligibility, explore
from llm_atlas.views.explore import Filters
from tests.apptest import open_page


@pytest.fixture(scope="module")
def prepared(bundled):
    return explore.prepare(bundled)


@pytest.mark.parametrize("key", list(catalog.SORTS))
@pytest.mark.parametrize("reverse", [False, True])
def test_blanks_last_in_both_directions(prepared, key, reverse):
    rows = catalog.table(explore.apply(prepared, explore.Filters()))
    out = catalog.sort_rows(rows, key, reverse)
    column = catalog.SORTS[key].column
    values = out[column]
    if catalog.SORTS[key].positive_only:
        values = values.where(pd.to_numeric(values, errors="coerce") > 0)
    blank = values.isna().to_numpy()
    n = int((~blank).sum())
    assert n > 0 and not blank[:n].any() and blank[n:].all()
    known = values.iloc[:n]
    ascending = catalog.SORTS[key].ascending != reverse
    assert known.is_monotonic_increasing if ascending else known.is_monotonic_decreasing


def test_explore_opens_sorted_by_quality_best_first(bundled):
    at = open_page("app_pages/explore.py")
    shown = at.dataframe[0].value
    best = bundled.scores[bundled.scores["benchmark"] == "arena_text_style:full"].sort_values("value").iloc[-1]
    assert shown["model_id"].iloc[0] == best["model_id"]
    assert shown["arena_style"].iloc[0] == pytest.approx(best["value"])
    assert at.query_params["sort"] == "quality"


def test_cheapest_with_tools_preset_is_sorted_by_price(bundled):
    at = open_page("app_pages/explore.py")
    at.button(key="preset_cheap_tools").click().run()
    shown = at.dataframe[0].value
    assert at.selectbox(key="ex_sort").value == "price"
    prices = shown["price_in_usd_mtok"].where(shown["price_in_usd_mtok"] > 0).dropna()
    assert prices.is_monotonic_increasing and len(prices) > 0
    assert shown["price_in_usd_mtok"].iloc[0] == prices.min()


def test_sort_from_url_and_odd_sort_falls_back():
    at = open_page("app_pages/explore.py", sort="context", dir="reversed")
    assert at.selectbox(key="ex_sort").value == "context" and at.toggle(key="ex_reverse").value
    odd = open_page("app_pages/explore.py", sort="<x>")
    assert odd.selectbox(key="ex_sort").value == "quality"
    assert any("Unknown sort" in i.value for i in odd.info)


def test_deprecated_models_hidden_unless_asked_for():
    df = pd.DataFrame(
        {
            "model_id": ["a", "b", "c"],
            "deprecated_on": pd.array(["2020-01-01", None, "2999-01-01"], dtype="string"),
        }
    )
    kept = explore.apply(df, explore.Filters(), today="2026-01-01")
    assert list(kept.rows["model_id"]) == ["b", "c"]  # a future deprecation date is still usable
    assert kept.steps == [("include_deprecated", 2)]
    everything = explore.apply(df, explore.Filters(include_deprecated=True), today="2026-01-01")
    assert list(everything.rows["model_id"]) == ["a", "b", "c"]
    assert explore.apply(df.drop(columns="deprecated_on"), explore.Filters()).count == 3


def test_table_has_only_shown_columns_and_http_links(prepared):
    shown = catalog.table(prepared)
    assert set(shown.columns) <= set(catalog.TABLE_COLUMNS)
    assert shown["link"].dropna().str.match(r"^https?://").all()
    assert shown["params_b"].isna().any()  # missing stays missing, never 0


def test_a_search_lists_the_best_matches_first(prepared, bundled):
    found = explore.apply(prepared, Filters(search="gpt-4o"), bundled.offers)
    shown = catalog.table(found, "gpt-4o")
    ids = shown["model_id"].tolist()
    assert sorted(ids) == sorted(found.rows["model_id"])  # the same rows, reordered
    assert ids[0] == "gpt-4o"  # the id itself
    names = dict(zip(shown["model_id"], shown["name"].str.lower(), strict=True))
    named = [m for m in ids[1:] if names[m] == "gpt-4o"]  # then a name that is the search
    assert ids[1 : 1 + len(named)] == named
    starts = [i for i, m in enumerate(ids) if m.startswith("gpt-4o") and m not in named]
    first = 1 + len(named)
    assert starts[1:] == list(range(first, first + len(starts) - 1))  # then ids that start with it
    assert ids.index("chatgpt-4o-latest") > starts[-1]  # ids that only contain it, last
    # Without a search, catalog order.
    plain = catalog.table(explore.apply(prepared, Filters(tasks=("embedding",)), bundled.offers))
    current = (prepared["task"] == "embedding") & ~eligibility.is_deprecated(prepared)
    assert plain["model_id"].tolist() == prepared.loc[current, "model_id"].tolist()
