"""AppTest for Explore: widgets change the table, the URL restores the view, bad URLs give a notice."""

from __future__ import annotations

import pytest

from llm_atlas.views import eligibility, explore
from tests.apptest import open_page


@pytest.fixture(scope="module")
def prepared(bundled):
    return explore.prepare(bundled)


def shown(at):
    return at.dataframe[0].value


def current(bundled):
    """The models Explore lists by default: retired ones are hidden unless asked for."""
    return bundled.models[~eligibility.is_deprecated(bundled.models)]


def test_default_view_lists_every_model(bundled):
    at = open_page("app_pages/explore.py")
    assert len(shown(at)) == len(current(bundled)) < len(bundled.models)
    assert f"**{len(current(bundled)):,}** of" in at.markdown[0].value


@pytest.mark.parametrize(
    ("key", "value", "expect"),
    [
        ("f_tasks", ["embedding"], lambda m: m["task"] == "embedding"),
        ("f_openness", ["proprietary"], lambda m: m["open_weights"] == False),  # noqa: E712
        ("f_license_classes", ["permissive"], lambda m: m["license_class"] == "permissive"),
        ("f_creators", ["Meta"], lambda m: m["creator"] == "Meta"),
        ("f_capabilities", ["reasoning"], lambda m: m["supports_reasoning"] == True),  # noqa: E712
    ],
)
def test_each_multiselect_filters_the_table(bundled, key, value, expect):
    at = open_page("app_pages/explore.py")
    at.multiselect(key=key).set_value(value).run()
    assert not at.exception
    assert len(shown(at)) == int(expect(current(bundled)).fillna(False).sum())
    # The URL now carries the filter, so a copy of it reproduces the view.
    assert at.query_params


def test_a_search_from_the_url_lists_the_model_itself_first():
    at = open_page("app_pages/explore.py", q="gpt-4o")
    assert shown(at)["model_id"].iloc[0] == "gpt-4o"


def test_numbers_checkboxes_and_search(bundled):
    m = bundled.models
    at = open_page("app_pages/explore.py")
    at.number_input(key="f_params_max").set_value(8.0).run()
    assert len(shown(at)) == int((m["params_b"] <= 8).sum())
    at.checkbox(key="f_scored_only").check().run()
    assert len(shown(at)) == int(((m["params_b"] <= 8) & (m["n_scores"] > 0)).sum())
    at.text_input(key="f_search").input("qwen").run()
    keep = (
        (m["params_b"] <= 8)
        & (m["n_scores"] > 0)
        & (m["model_id"].str.contains("qwen") | m["name"].str.lower().str.contains("qwen"))
    )
    assert len(shown(at)) == int(keep.sum()) > 0
    assert at.query_params["q"] == "qwen" and at.query_params["params_max"] == "8"


def test_url_restores_view_and_model(bundled):
    at = open_page("app_pages/explore.py", task="embedding", license_class="permissive", model="bge-m3")
    m = bundled.models
    assert len(shown(at)) == int(((m["task"] == "embedding") & (m["license_class"] == "permissive")).sum())
    assert at.multiselect(key="f_tasks").value == ["embedding"]
    name = m.loc[m["model_id"] == "bge-m3", "name"].iloc[0]
    assert any(s.value == name for s in at.subheader)
    assert not at.info


def test_preset_button_sets_filters(bundled):
    at = open_page("app_pages/explore.py")
    at.button(key="preset_open_embeddings").click().run()
    assert at.multiselect(key="f_tasks").value == ["embedding"] and at.multiselect(key="f_openness").value == ["open"]
    m = bundled.models
    assert len(shown(at)) == int(((m["task"] == "embedding") & (m["open_weights"] == True)).sum())  # noqa: E712


def test_empty_result_says_which_filter_and_clears_it():
    at = open_page("app_pages/explore.py", task="speech-to-text", q="zzzz-no-such-model")
    assert len(shown(at)) == 0
    assert "Search" in at.warning[0].value
    at.button[-1].click().run()  # "Clear Search"
    assert len(shown(at)) > 0 and at.text_input(key="f_search").value == ""


@pytest.mark.parametrize(
    "params",
    [
        {"license": "\x00"},
        {"params_max": "abc"},
        {"q": "x" * 10_000},
        {"task": "<script>alert(1)</script>"},
        {"zzz": "1"},
    ],
)
def test_malformed_url_gives_notice_and_default_view(bundled, params):
    at = open_page("app_pages/explore.py", **params)
    assert len(shown(at)) == len(current(bundled))
    assert len(at.info) == 1 and "ignored" in at.info[0].value


def test_repeated_key_gives_notice():
    at = open_page("app_pages/explore.py", task=["chat", "code"])
    assert "given 2 times" in at.info[0].value


def test_unknown_model_in_url_says_so():
    at = open_page("app_pages/explore.py", model="no-such-model")
    # Escaped: the id comes from a URL and must not become a link or emphasis.
    assert any("No model with id 'no\\-such\\-model'" in i.value for i in at.info)


def test_detail_opens_for_unknown_openness(bundled):
    unknown = bundled.models[bundled.models["open_weights"].isna()].iloc[0]
    at = open_page("app_pages/explore.py", model=unknown["model_id"])
    assert any(s.value == unknown["name"] for s in at.subheader)
