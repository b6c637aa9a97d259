"""LLM Atlas: choose a generative model and an approach, from real data."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
BUNDLED_DATA_DIR = REPO_DIR / "data"
