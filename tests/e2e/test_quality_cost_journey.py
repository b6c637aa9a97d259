"""Browser journey: RAG token mix, colour by creator, click points, compare two models."""

from __future__ import annotations

import re

from tests.e2e.conftest import wait_rendered


def pick(page, label: str, option: str, done) -> None:
    """Choose in a selectbox folded under the chart, typed as its menu can open below the viewport, until
    `done()` (the choice's effect) holds: a rerun can redraw or fold the controls while they are used."""
    for attempt in range(4):
        try:
            unfold = page.get_by_text(re.compile(r"^Change the metric"))
            box = page.get_by_test_id("stSelectbox").filter(has_text=label).first
            if not box.is_visible():
                unfold.click(timeout=5_000)
            box.scroll_into_view_if_needed(timeout=5_000)
            box.locator("input").click(timeout=5_000)
            page.keyboard.type(option)
            page.get_by_role("option", name=option, exact=True).first.click(timeout=5_000)
            page.wait_for_function(done, timeout=10_000)
            return
        except Exception:
            if attempt == 3:
                raise
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)  # let the rerun that redrew the controls finish


def click_point_and_add(page, index: int) -> str:
    points = page.locator(".js-plotly-plot .scatterlayer .trace .points path")
    points.nth(index).click(force=True)
    caption = page.get_by_text(re.compile(r" · .+ · .+: [\d.]+ · x: ")).first
    caption.wait_for(timeout=15_000)
    name = caption.inner_text().split(" · ")[0]
    page.get_by_role("button", name="Add to Compare").click()
    page.wait_for_timeout(800)
    return name


def test_rag_mix_colour_click_compare(app_server, page):
    page.goto(f"{app_server.url}/quality_cost")
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    wait_rendered(page, "Quality vs cost")
    page.get_by_text(re.compile(r"^Change the metric")).click()  # the view controls, folded under the chart
    pick(page, "Token mix preset", "RAG 10:1", "() => location.search.includes('ratio=10')")
    page.get_by_text("input:output 10:1").first.wait_for(timeout=15_000)
    pick(page, "Colour by", "Creator", "() => location.search.includes('colour=creator')")
    page.locator(".legend").get_by_text("OpenAI").first.wait_for(timeout=15_000)
    assert "ratio=10" in page.url and "colour=creator" in page.url

    first = click_point_and_add(page, 0)
    second = click_point_and_add(page, 7)
    link = page.get_by_role("link", name=re.compile(r"^Compare 2 selected"))
    link.click()
    page.get_by_role("heading", name="Compare models").wait_for(timeout=30_000)
    chosen = page.get_by_test_id("stMultiSelect").first.inner_text()
    assert first in chosen and second in chosen
    legend = page.locator(".js-plotly-plot .legend").first.text_content()
    assert first in legend and second in legend
    assert page.page_errors == []
