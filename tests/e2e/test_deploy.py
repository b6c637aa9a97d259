"""Deploys as Community Cloud would: a fresh virtual environment from requirements.txt alone,
the repository's tracked files only (nothing from ../shared, nothing untracked), no secrets,
no network. Every page must render without an exception, and nothing may be written into
the app's directory."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import PAGES, REPO, StreamlitServer, wait_rendered


def tracked_copy(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        if (REPO / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, dest / rel)
    return dest


def tree_state(root: Path) -> dict[str, tuple[int, int]]:
    """Every file's size and mtime; Python's own bytecode cache is not the app writing."""
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    root = tmp_path_factory.mktemp("deploy")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "install", "-q", "-r", str(REPO / "requirements.txt")],
        capture_output=True,
        text=True,
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    app_dir = tracked_copy(root / "app")
    server = StreamlitServer(
        {
            "HF_ENDPOINT": "http://127.0.0.1:9",  # no network: the Hub page must fall back
            "HF_TOKEN": "",
            "LLM_ATLAS_UPSTREAM_BASE": "",
            "LLM_ATLAS_CACHE_DIR": str(root / "cache"),
        },
        script=app_dir / "app.py",
        python=str(venv / "bin/python"),
        cwd=app_dir,
    )
    try:
        server.wait(120)
        yield server, venv, app_dir
    finally:
        server.stop()


def test_runtime_requirements_alone_hold_no_test_tools(deployed):
    _, venv, _ = deployed
    freeze = subprocess.run([str(venv / "bin/python"), "-m", "pip", "freeze"], capture_output=True, text=True).stdout
    names = {line.split("==")[0].lower() for line in freeze.splitlines()}
    assert {"streamlit", "plotly", "pandas", "pyarrow", "requests", "huggingface_hub"} <= names | {"huggingface-hub"}
    assert not {"pytest", "playwright", "hypothesis", "ruff"} & names


def test_every_page_renders_from_a_fresh_runtime_venv(deployed, page):
    server, _, app_dir = deployed
    before = tree_state(app_dir)
    for path, title in PAGES.items():
        page.goto(f"{server.url}/{path}")
        wait_rendered(page, title)
        assert page.get_by_test_id("stException").count() == 0, (
            f"{path}: {page.get_by_test_id('stException').first.inner_text()}"
        )
    # The Hub page said it is offline and served the snapshot.
    assert page.get_by_text("The Hugging Face Hub is unreachable (no network?).").count() == 1
    assert not page.page_errors
    assert "Traceback" not in server.output()
    assert tree_state(app_dir) == before, "the app wrote into its own directory"
