"""The curated CSV files in data/ (aliases, pointers, overrides, fixes): each row carries its reason."""

from __future__ import annotations

import csv
from pathlib import Path

from llm_atlas import BUNDLED_DATA_DIR


def rows(name: str | Path) -> list[dict[str, str]]:
    """Rows of a curated CSV (a file name in data/, or a path); none when the file is absent."""
    path = Path(name) if isinstance(name, Path) else BUNDLED_DATA_DIR / name
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
