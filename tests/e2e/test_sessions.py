"""Many sessions on one server at once, over Streamlit's own protocol (the client the
concurrency benchmark uses): every session gets each page's content with no exception, and the
snapshot is loaded once per process, not once per session."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from tests.e2e.conftest import StreamlitServer
from tests.e2e.protocol_client import WALK, walk_many


def test_concurrent_sessions_each_get_every_page_and_share_one_load(tmp_path):
    server = StreamlitServer({"LLM_ATLAS_CACHE_DIR": str(tmp_path / "cache")})
    try:
        server.wait()
        # A thread of its own: the browser tests' sync Playwright keeps an event loop on this one.
        with ThreadPoolExecutor(1) as pool:
            walks = pool.submit(lambda: asyncio.run(walk_many(server.url, 8))).result()
    finally:
        server.stop()
    for walk in walks:
        assert walk.exceptions == []
        assert set(walk.to_content) == {page for page, _ in WALK}  # dataframe, chart, wizard button
        assert walk.received_bytes > 100_000  # Explore's grid data came along
    assert server.output().count("llm_atlas: loaded snapshot") == 1, server.output()
