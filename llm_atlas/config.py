"""Where the app reads its data, where refreshes write, and where upstreams live."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from llm_atlas import BUNDLED_DATA_DIR


# A refresh at run time writes here, never into the repository (read-only on
# Community Cloud). Override with LLM_ATLAS_CACHE_DIR.
def cache_dir() -> Path:
    return Path(os.environ.get("LLM_ATLAS_CACHE_DIR") or Path(tempfile.gettempdir()) / "llm_atlas")


def bundled_dir() -> Path:
    return Path(os.environ.get("LLM_ATLAS_DATA_DIR") or BUNDLED_DATA_DIR)


def upstream_base() -> str | None:
    """LLM_ATLAS_UPSTREAM_BASE points every source at one server (tests, drills)."""
    return os.environ.get("LLM_ATLAS_UPSTREAM_BASE") or None


def timeout() -> tuple[float, float]:
    read = float(os.environ.get("LLM_ATLAS_READ_TIMEOUT", "30"))
    return (min(5.0, read), read)


def hub_endpoint() -> str:
    """The Hub the Hub page searches: the loopback server under LLM_ATLAS_UPSTREAM_BASE, else
    HF_ENDPOINT (huggingface_hub's own variable, e.g. a mirror), else huggingface.co."""
    base = upstream_base()
    if base:
        return f"{base.rstrip('/')}/hub"
    return os.environ.get("HF_ENDPOINT") or "https://huggingface.co"


def hub_deadline() -> float:
    """Seconds the Hub page waits for one Hub answer (retries included) before saying so."""
    return float(os.environ.get("LLM_ATLAS_HUB_DEADLINE", "15"))
