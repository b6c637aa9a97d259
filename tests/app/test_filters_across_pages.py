"""The sidebar filters across pages (AppTest): they follow the person from page to page, with the
URL emptied as the browser's page links do; a URL that names filters wins over the carried ones."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.apptest import open_page


def navigate(at: AppTest, page: str, **params: str) -> AppTest:
    """As the sidebar's page link does: the new page's URL holds only what is given."""
    for key in list(at.query_params):
        del at.query_params[key]
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def sidebar_value(at: AppTest, kind: str, key: str):
    return next(w.value for w in getattr(at.sidebar, kind) if w.key == key)


def test_filters_follow_through_pages_with_and_without_filters():
    at = open_page("app_pages/explore.py")
    at.multiselect(key="f_tasks").set_value(["embedding"]).run()
    at.number_input(key="f_params_min").set_value(1.0).run()

    navigate(at, "app_pages/wizard.py")
    navigate(at, "app_pages/quality_cost.py")
    assert sidebar_value(at, "multiselect", "f_tasks") == ["embedding"]
    assert at.query_params["task"] == "embedding" and at.query_params["params_min"] == "1"

    navigate(at, "app_pages/costs.py")
    at.multiselect(key="f_tasks").set_value(["chat"]).run()  # changed on this page
    navigate(at, "app_pages/home.py")
    navigate(at, "app_pages/explore.py")
    assert at.multiselect(key="f_tasks").value == ["chat"]
    assert at.number_input(key="f_params_min").value == 1.0


def test_a_link_naming_filters_wins_over_the_carried_ones():
    at = open_page("app_pages/explore.py")
    at.multiselect(key="f_tasks").set_value(["embedding"]).run()
    navigate(at, "app_pages/costs.py", task="speech-to-text")
    assert sidebar_value(at, "multiselect", "f_tasks") == ["speech-to-text"]
    assert at.query_params["task"] == "speech-to-text"


def test_a_first_visit_without_filters_in_the_url_opens_on_chat_models():
    # Quality vs cost and Costs rank models on a text metric or a token workload: chat models.
    for page in ("app_pages/quality_cost.py", "app_pages/costs.py"):
        at = open_page(page)
        assert sidebar_value(at, "multiselect", "f_tasks") == ["chat"]
        assert at.query_params["task"] == "chat"


def test_a_first_visit_to_explore_starts_unfiltered():
    at = open_page("app_pages/explore.py")
    assert at.multiselect(key="f_tasks").value == []
    assert "task" not in at.query_params
