"""Browser journey: filters set on one page follow the person through the sidebar's page links,
also past a page without filters (a shared link's own filters winning: tests/app/test_filters_across_pages.py)."""

from __future__ import annotations

import re

from tests.e2e.conftest import wait_rendered
from tests.e2e.test_explore_journey import choose, count_shown


def go_to(page, link: str, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    wait_rendered(page, title)


def task_chips(page) -> str:
    return page.get_by_test_id("stMultiSelect").filter(has_text="Task").first.inner_text()


def test_filters_follow_the_person_between_pages(app_server, page):
    page.goto(f"{app_server.url}/explore")
    wait_rendered(page, "Explore the catalog")
    choose(page, "Task", "Embeddings")
    page.wait_for_function("window.location.search.includes('task=embedding')", timeout=15_000)
    embeddings = count_shown(page)

    go_to(page, "Quality vs cost", "Quality vs cost")
    assert "Embeddings" in task_chips(page)
    assert re.search(r"[?&]task=embedding(&|$)", page.url), page.url  # the new page's URL shares them

    go_to(page, "Wizard", "Which approach fits?")  # no filter widgets on this page
    go_to(page, "Explore", "Explore the catalog")
    assert "Embeddings" in task_chips(page)
    assert count_shown(page) == embeddings
