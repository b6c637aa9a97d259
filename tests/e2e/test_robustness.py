"""Robustness in the browser: every page under a battery of hostile query parameters, and a
refresh drill against failing upstreams."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from llm_atlas.pipeline.sources import SOURCES
from tests.e2e.conftest import PAGES, StreamlitServer, wait_rendered
from tests.upstream_server import Fault, UpstreamServer

XSS = "<img src=x id=pwned onerror=window.__pwned=1>"
SCRIPT = "<script>window.__pwned=1</script>"
MD_LINK = "[click](javascript:window.__pwned=1)"
BATTERY = {
    # unknown keys, one of them markup itself
    "utm_source": "newsletter",
    SCRIPT: "1",
    # known keys of the pages, with the wrong types, huge values, markup and control characters
    "q": XSS,
    "task": SCRIPT,
    "model": MD_LINK,
    "models": f"{XSS},{MD_LINK}",
    "params_min": "abc",
    "price_max": "1e308",
    "context_min": "-5",
    "from": "2024-13-45",
    "ratio": "NaN",
    "metric": XSS,
    "path": "9.9.9.9.9.9",
    "page": "99999999999999999999",
    "params": "\x1b[31m",
    "license": "a\x00b",
    "x" * 300: "y" * 3000,
}


def injected(page) -> list[str]:
    """Anything the battery could have put into the page as live markup."""
    return page.evaluate(
        """() => [
            window.__pwned ? 'script ran' : null,
            document.getElementById('pwned') ? 'img element' : null,
            ...[...document.querySelectorAll('a[href]')]
                // A link with a scheme other than http(s) or mailto (javascript:, data:, ...). Relative
                // links to the app's own pages (Home's cards: "quality_cost?task=chat") carry no scheme.
                .filter(a => /^\\s*[a-z][a-z0-9+.-]*:/i.test(a.getAttribute('href')) && !/^(https?|mailto):/i.test(a.getAttribute('href')))
                .map(a => 'link ' + a.getAttribute('href')),
            ...[...document.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned')).map(() => 'script tag'),
        ].filter(Boolean)"""
    )


@pytest.mark.parametrize("path", list(PAGES))
def test_hostile_query_parameters_give_notices_not_markup(app_server, page, path):
    page.goto(f"{app_server.url}/{path}?{urlencode(BATTERY)}")
    wait_rendered(page, PAGES[path])
    assert page.get_by_test_id("stException").count() == 0
    notices = page.get_by_test_id("stAlertContentInfo").all_inner_texts()
    assert any("ignored" in n for n in notices), notices
    assert injected(page) == []
    assert not page.page_errors


FAULTS = {
    "litellm": Fault(status=500),
    "openrouter": Fault(truncate=True),
    "lmarena": Fault(mutate=lambda body: b"[]"),
    "aider": Fault(hang_s=30),
    "hub": Fault(status=401),
}


@pytest.fixture
def drill(fixture_snapshot_dir, tmp_path):
    """The app on a snapshot of the recorded payloads, its live sources on a faulty loopback."""
    upstream = UpstreamServer()
    for name, fault in FAULTS.items():
        upstream.upstream.faults[f"/{name}/"] = fault
    with upstream:
        app = StreamlitServer(
            {
                "LLM_ATLAS_DATA_DIR": str(fixture_snapshot_dir),
                "LLM_ATLAS_CACHE_DIR": str(tmp_path / "cache"),
                "LLM_ATLAS_UPSTREAM_BASE": upstream.base_url,
                "LLM_ATLAS_READ_TIMEOUT": "2",
            }
        )
        try:
            app.wait()
            yield app, tmp_path / "cache"
        finally:
            app.stop()


def models_shown(page) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text="Models").first
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_refresh_drill_keeps_serving_and_names_each_failing_source(drill, page):
    app, cache = drill
    page.goto(f"{app.url}/sources")
    wait_rendered(page, "Sources")
    before = models_shown(page)

    page.get_by_role("button", name="Refresh data from the live sources").click()
    ok = len(SOURCES) - len(FAULTS)
    page.get_by_text(f"Refreshed {ok} of {len(SOURCES)} sources; the others keep their last good data").wait_for(
        timeout=60_000
    )
    warnings = page.get_by_test_id("stAlertContentWarning").all_inner_texts()
    for name in FAULTS:
        assert any(w.startswith(f"{name}: ") and "previous data is still in use" in w for w in warnings), (
            name,
            warnings,
        )

    # A new visit reads the refreshed snapshot: same models, and the sidebar says who is stale and why.
    manifest = json.loads((cache / "manifest.json").read_text())
    page.goto(f"{app.url}/sources")
    wait_rendered(page, "Sources")
    assert models_shown(page) == before
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    for name in FAULTS:
        meta = manifest["sources"][name]
        assert meta["status"] == "stale" and meta["reason"]
        assert f"{name} is stale: {meta['reason']}" in sidebar
    for name in set(SOURCES) - set(FAULTS):
        assert manifest["sources"][name]["status"] == "ok"
    assert page.get_by_test_id("stException").count() == 0
