"""AppTest for the entry point and Home (rendered in-process, no browser)."""

from __future__ import annotations

import shutil

from llm_atlas.pipeline import snapshot
from llm_atlas.text import escape_markdown
from tests.apptest import open_page
from tests.upstream_server import Fault


def run_app():
    return open_page()


def run_sources():
    return open_page("app_pages/sources.py")


def test_home_cards_show_top_picks_with_figures_and_links(bundled):
    at = run_app()
    cards = " ".join(m.value for m in at.markdown)
    # The chatbot card's best quality: the top style-controlled arena score among chat models.
    chat = set(bundled.models.loc[bundled.models["task"] == "chat", "model_id"])
    arena = bundled.scores[
        (bundled.scores["benchmark"] == "arena_text_style:full") & bundled.scores["model_id"].isin(chat)
    ]
    top = arena.sort_values("value").iloc[-1]
    name = bundled.models.set_index("model_id").loc[top["model_id"], "name"]
    assert f"Best quality: {escape_markdown(name)}" in cards
    assert f"{top['value']:.4g}" in cards and "2025\\-12\\-17" in cards  # the figure and its date
    # Transcription: the cheapest price per audio minute among speech-to-text models.
    stt = bundled.models[(bundled.models["task"] == "speech-to-text") & (bundled.models["price_per_audio_min_usd"] > 0)]
    cheapest = stt.sort_values("price_per_audio_min_usd").iloc[0]
    assert f"Cheapest: {escape_markdown(cheapest['name'])}" in cards
    assert f"${cheapest['price_per_audio_min_usd']:.3g}".replace(".", "\\.") in cards
    links = {p.proto.label: (p.proto.page, p.proto.query_string) for p in at.get("page_link")}
    assert links["Open: chatbot or assistant"] == ("quality_cost", "task=chat&metric=arena_text_style%3Afull")
    assert links["Open: self-hosting on my gpu"] == ("explore", "preset=gpu24&sort=quality")
    assert links["Fine-tune or RAG? Ask the wizard"] == ("wizard", "path=0.0")
    assert len(links) == 9  # seven use cases, the wizard and Sources


def test_sources_page_shows_counts_and_sidebar_date(bundled):
    at = run_sources()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Models"] == f"{len(bundled.models):,}"
    assert metrics["Sources"] == str(len(bundled.manifest["sources"]))
    sidebar = " ".join(m.value for m in at.sidebar.markdown) + " ".join(c.value for c in at.sidebar.caption)
    assert bundled.built_at.replace("T", " ")[:16] in sidebar
    assert "litellm" in sidebar and "data 2026-07-24" in sidebar


def test_sources_page_lists_every_source_with_licence_and_attribution(snapshot_copy, monkeypatch):
    monkeypatch.setenv("LLM_ATLAS_DATA_DIR", str(snapshot_copy))
    at = open_page("app_pages/sources.py")
    assert not at.exception
    table = next(df.value for df in at.dataframe if "attribution" in df.value.columns)
    manifest = snapshot.read_manifest(snapshot_copy)["sources"]
    assert len(table) == len(manifest)
    rows = table.set_index("license")
    assert "MIT" in rows.index and any("models.dev" in str(a) for a in table["attribution"])
    assert any("CC BY 4.0" in str(lic) for lic in table["license"])


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
    at = run_sources()
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


def test_sources_page_warns_about_sources_older_than_six_months(bundled):
    at = run_sources()
    warning = next(w.value for w in at.warning if w.value.startswith("**Older than six months**"))
    # The Open LLM Leaderboard's final data (2025-03-21) is far older than six months by now.
    assert "Open LLM Leaderboard v2 (final) data is from 2025-03-21" in warning
    assert at.dataframe[0].value["gives"].notna().all()
