from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from llm_atlas.pipeline import refresh as refresh_mod
from llm_atlas.pipeline import snapshot
from llm_atlas.pipeline.sources import SOURCES
from tests.upstream_server import FIXTURES, Upstream, UpstreamServer

REPO = Path(__file__).parents[1]
BUNDLED = REPO / "data"


@pytest.fixture
def upstream():
    """A fresh loopback upstream (recorded real payloads) for one test."""
    with UpstreamServer(Upstream()) as server:
        yield server


@pytest.fixture(scope="session")
def fixture_frames():
    """Every source parsed from the trimmed fixtures."""
    return {name: src.parse(src.read_dir(FIXTURES)) for name, src in SOURCES.items()}


@pytest.fixture(scope="session")
def fixture_snapshot_dir(tmp_path_factory) -> Path:
    """A snapshot built from the fixtures with the real refresh (files mode)."""
    out = tmp_path_factory.mktemp("fixture_snapshot")
    result = refresh_mod.refresh(out, from_dir=FIXTURES)
    assert not result.failed, {n: result.outcomes[n].reason for n in result.failed}
    return out


@pytest.fixture
def snapshot_copy(fixture_snapshot_dir, tmp_path) -> Path:
    """A private copy of the fixture snapshot that a test may refresh into."""
    dest = tmp_path / "snap"
    shutil.copytree(fixture_snapshot_dir, dest)
    return dest


@pytest.fixture(scope="session")
def bundled():
    return snapshot.load(BUNDLED)


@pytest.fixture(autouse=True)
def _fresh_streamlit_cache():
    """Each test starts without cached data (AppTest runs share the process cache)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """Never touch a real cache dir or a real upstream from a test."""
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LLM_ATLAS_UPSTREAM_BASE", raising=False)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    # A page that reaches for the real Hub gets "connection refused" instead (port 9: discard).
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("LLM_ATLAS_HUB_DEADLINE", "4")
