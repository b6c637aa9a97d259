"""Real browser journeys: `streamlit run` on 127.0.0.1, Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    def __init__(
        self,
        env: dict[str, str] | None = None,
        script: Path | None = None,
        python: str = sys.executable,
        cwd: Path = REPO,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # A file, not a pipe: a chatty server must never block on a full pipe.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the server; closed in stop)
        cmd = [
            python, "-m", "streamlit", "run", str(script or REPO / "app.py"),
            "--server.address", "127.0.0.1", "--server.port", str(self.port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.output()}")
            try:
                if requests.get(f"{self.url}/_stcore/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise TimeoutError("streamlit did not start")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    server = StreamlitServer({"LLM_ATLAS_CACHE_DIR": str(tmp_path_factory.mktemp("e2e_cache"))})
    try:
        server.wait()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.page_errors = errors
    yield pg
    context.close()


PAGES = {  # url path -> the title every visit must reach
    "home": "LLM Atlas",
    "explore": "Explore the catalog",
    "quality_cost": "Quality vs cost",
    "compare": "Compare models",
    "costs": "What will it cost?",
    "evaluate": "Evaluate on your own prompts",
    "trends": "Trends",
    "wizard": "Which approach fits?",
    "sources": "Sources",
    "hub": "Hub: open models, live",  # last: test_deploy reads the Hub's offline notice after the loop
}


def wait_rendered(page, title: str, timeout_ms: int = 60_000) -> None:
    """The page's title (or an exception) is shown and the script run has finished."""
    heading = page.get_by_role("heading", name=title, exact=True)
    heading.or_(page.get_by_test_id("stException")).first.wait_for(timeout=timeout_ms)
    page.wait_for_function(
        "document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout_ms,
    )
