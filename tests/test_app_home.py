"""AppTest for the entry point and Home (rendered in-process, no browser)."""

from __future__ import annotations

import shutil

from llm_atlas import snapshot
from tests.apptest import open_page
from tests.upstream_server import Fault


def run_app():
    return open_page()


def test_home_shows_counts_and_sidebar_date(bundled):
    at = run_app()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Models"] == f"{len(bundled.models):,}"
    assert metrics["Sources"] == str(len(bundled.manifest["sources"]))
    sidebar = " ".join(m.value for m in at.sidebar.markdown) + " ".join(c.value for c in at.sidebar.caption)
    assert bundled.built_at.replace("T", " ")[:16] in sidebar
    assert "litellm" in sidebar and "data 2026-07-24" in sidebar


def test_freshness_lists_every_source_with_licence_and_attribution(snapshot_copy, monkeypatch):
    monkeypatch.setenv("LLM_ATLAS_DATA_DIR", str(snapshot_copy))
    at = run_app()
    table = next(df.value for df in at.dataframe if "attribution" in df.value.columns)
    rows = table.set_index("source")
    assert set(rows.index) == set(snapshot.read_manifest(snapshot_copy)["sources"])
    assert rows.loc["modelsdev", "license"] == "MIT" and "models.dev" in rows.loc["modelsdev", "attribution"]
    assert "CC BY 4.0" in rows.loc["llmstats", "license"]


def test_sidebar_shows_stale_source_with_reason(snapshot_copy, monkeypatch):
    manifest = snapshot.read_manifest(snapshot_copy)
    manifest["sources"]["aider"].update(status="stale", reason="HTTP 500 from http://127.0.0.1/aider")
    (snapshot_copy / "manifest.json").write_text(__import__("json").dumps(manifest))
    monkeypatch.setenv("LLM_ATLAS_DATA_DIR", str(snapshot_copy))
    at = run_app()
    warnings = [w.value for w in at.sidebar.warning]
    assert any("aider is stale: HTTP 500" in w for w in warnings)


def test_refresh_button_keeps_data_and_names_the_failing_source(upstream, fixture_snapshot_dir, tmp_path, monkeypatch):
    bundled = tmp_path / "bundled"
    shutil.copytree(fixture_snapshot_dir, bundled)
    monkeypatch.setenv("LLM_ATLAS_DATA_DIR", str(bundled))
    monkeypatch.setenv("LLM_ATLAS_UPSTREAM_BASE", upstream.base_url)
    monkeypatch.setenv("LLM_ATLAS_READ_TIMEOUT", "2")
    upstream.upstream.faults["/litellm/"] = Fault(status=500)
    at = run_app()
    at.button[0].click().run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "litellm: HTTP 500" in warnings and "previous data is still in use" in warnings
    refreshed = snapshot.load(tmp_path / "cache")
    kept = refreshed.offers.query("source == 'litellm'").reset_index(drop=True)
    original = snapshot.load(bundled).offers.query("source == 'litellm'").reset_index(drop=True)
    assert len(kept) > 0 and kept.equals(original)
    assert refreshed.manifest["sources"]["aider"]["mode"] == "live"  # the others did refresh
    # A new session reads the refreshed snapshot from the cache dir and says litellm is stale.
    fresh = run_app()
    assert any("litellm is stale: HTTP 500" in w.value for w in fresh.sidebar.warning)
    # The bundled snapshot was not written to; the refresh went to the cache dir.
    assert snapshot.read_manifest(bundled)["sources"]["litellm"]["status"] == "ok"
