"""Fixtures shared by the history views' tests: the bundled history and models, and LMArena's raw
recorded board at one version (tests/fixtures/history/)."""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

from llm_atlas.pipeline import history, snapshot
from tests.conftest import BUNDLED
from tests.pipeline.test_history import HISTORY_FIXTURES


@pytest.fixture(scope="module")
def bundled_history() -> pd.DataFrame:
    return history.load(BUNDLED)


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return snapshot.load(BUNDLED).models


def raw_board(version: str) -> pd.DataFrame:
    with gzip.open(HISTORY_FIXTURES / history.ARENA_HISTORY, "rt", encoding="utf-8") as fh:
        raw = pd.read_csv(fh, dtype={"version_date": str})
    board = raw[(raw["board"] == "text") & (raw["category"] == "full") & (raw["version_date"] == version)]
    return board.sort_values("rating", ascending=False)
