"""Browser journey: filter Explore, open a model, share the URL, download the CSV."""

from __future__ import annotations

import io
import re

import pandas as pd

from llm_atlas.pipeline import snapshot
from llm_atlas.views import explore
from tests.conftest import BUNDLED
from tests.e2e.conftest import StreamlitServer


def choose(page, label: str, option: str) -> None:
    box = page.get_by_test_id("stMultiSelect").filter(has_text=label).first
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def count_shown(page) -> int:
    text = page.get_by_text(re.compile(r"^\d[\d,]* of [\d,]+ models$")).first.inner_text()
    return int(text.split(" of ")[0].replace(",", ""))


def test_filter_open_share_download(app_server, page, browser, tmp_path):
    snap = snapshot.load(BUNDLED)
    prepared = explore.prepare(snap)
    expected = explore.apply(
        prepared, explore.Filters(tasks=("embedding",), license_classes=("permissive",)), snap.offers
    ).rows

    page.goto(f"{app_server.url}/explore")
    page.get_by_text(re.compile(r"^[\d,]+ of [\d,]+ models$")).first.wait_for(timeout=30_000)
    choose(page, "Task", "Embeddings")
    page.get_by_text(re.compile(r"^[\d,]+ of ")).first.wait_for()
    choose(page, "Licence class", "permissive")
    page.wait_for_function(f"document.body.innerText.includes('{len(expected)} of ')", timeout=15_000)
    assert count_shown(page) == len(expected)

    # Select the first row (the grid is a canvas: click its selection checkbox cell).
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)
    first = expected.sort_index().iloc[0]  # the table keeps the catalog order
    page.get_by_role("heading", name=first["name"]).wait_for(timeout=15_000)
    page.wait_for_function("window.location.search.includes('model=')", timeout=10_000)
    url = page.url
    assert "task=embedding" in url and "license_class=permissive" in url

    # The copied URL reproduces the view in a new page.
    other = browser.new_context().new_page()
    other.goto(url)
    other.get_by_role("heading", name=first["name"]).wait_for(timeout=30_000)
    assert count_shown(other) == len(expected)
    other.context.close()

    # The CSV holds the filtered rows under a header naming the snapshot.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    text = (tmp_path / "x.csv").write_bytes(download.value.path().read_bytes()) and (tmp_path / "x.csv").read_text()
    header, body = text.split("\n", 1)
    assert header.startswith("# LLM Atlas export") and snap.built_at in header
    assert sorted(pd.read_csv(io.StringIO(body))["model_id"]) == sorted(expected["model_id"])
    assert page.page_errors == []


def test_deep_link_on_a_fresh_server_uses_the_app_shell(page, tmp_path):
    """The first request a fresh server sees is a shared deep link: it still gets the sidebar and nav."""
    server = StreamlitServer({"LLM_ATLAS_CACHE_DIR": str(tmp_path / "cache")})
    try:
        server.wait()
        page.goto(f"{server.url}/explore?task=speech-to-text")
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_text("Snapshot built").wait_for(timeout=30_000)
        assert sidebar.get_by_role("link", name="Explore").count() == 1
        assert sidebar.get_by_role("link", name="Home").count() == 1
    finally:
        server.stop()


def test_more_filters_popover_filters_the_table(app_server, page):
    """The less used filters live in a popover (mounted only when opened): setting one there
    filters the table, and the popover's label then says a filter is set."""
    snap = snapshot.load(BUNDLED)
    want = explore.apply(explore.prepare(snap), explore.Filters(params_min=60.0), snap.offers).count

    page.goto(f"{app_server.url}/explore")
    page.get_by_text(re.compile(r"^[\d,]+ of [\d,]+ models$")).first.wait_for(timeout=30_000)
    page.get_by_role("button", name="More filters").click()
    field = page.get_by_label("Min params (B)")
    field.fill("60")
    field.press("Enter")
    page.wait_for_function(f"document.body.innerText.includes('{want:,} of ')", timeout=15_000)
    assert count_shown(page) == want

    # A date picked in the calendar, which opens inside the popover.
    both = explore.apply(
        explore.prepare(snap), explore.Filters(params_min=60.0, date_from="2025-01-01"), snap.offers
    ).count
    for segment, value in (("year", "2025"), ("month", "01"), ("day", "01")):
        page.get_by_role("spinbutton", name=f"{segment}, Released from").click()
        page.keyboard.type(value)
    page.get_by_role("button", name=re.compile(r"January 1.*2025")).first.click()
    page.wait_for_function(f"document.body.innerText.includes('{both:,} of ')", timeout=15_000)
    assert count_shown(page) == both < want

    page.keyboard.press("Escape")
    page.get_by_role("button", name="More filters (2 set)").wait_for(timeout=10_000)
    assert "params_min=60" in page.url and "from=2025-01-01" in page.url


def test_a_search_opens_its_best_match_from_the_first_row(app_server, page):
    page.goto(f"{app_server.url}/explore?q=gpt-4o")
    page.get_by_text(re.compile(r"^[\d,]+ of [\d,]+ models$")).first.wait_for(timeout=30_000)
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)  # the first row's selection cell
    page.wait_for_function("window.location.search.includes('model=')", timeout=15_000)
    assert "model=gpt-4o&" in page.url + "&" and "chatgpt" not in page.url, page.url
