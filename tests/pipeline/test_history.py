"""The history table: backfill from recorded files, join, and append-only-what-changed on refresh.

tests/fixtures/history/ holds real rows of shared/data's recorded history, trimmed: LMArena's text
board (full) at two versions complete, the fixture board's models on text/full and coding at
every version, and models.dev's price changes for those models and for Gemini 2.5 Pro / 3 Pro.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from llm_atlas.pipeline import history, refresh, snapshot
from llm_atlas.pipeline.sources import SOURCES
from tests.conftest import BUNDLED
from tests.upstream_server import Fault

FAST = (2.0, 2.0)
HISTORY_FIXTURES = Path(__file__).parents[1] / "fixtures" / "history"


def _raw_arena() -> pd.DataFrame:
    with gzip.open(HISTORY_FIXTURES / history.ARENA_HISTORY, "rt", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={"version_date": str})


@pytest.fixture
def backfilled(snapshot_copy) -> Path:
    assert refresh.main(["--out", str(snapshot_copy), "--history-from", str(HISTORY_FIXTURES)]) == 0
    return snapshot_copy


def test_backfill_cli_writes_history_into_the_snapshot(backfilled):
    manifest = snapshot.read_manifest(backfilled)
    name = manifest["files"]["history"]
    assert name.startswith("history-") and name.endswith(".parquet") and (backfilled / name).exists()
    h = history.load(backfilled)
    raw_prices = pd.read_csv(HISTORY_FIXTURES / history.PRICE_HISTORY)
    recorded = h[(h["source"] == "modelsdev") & h["date"].isin(set(raw_prices["date"]))]
    # Every recorded price change kept; the catalog's own prices continue the same series (bare
    # provider id and model id), adding a row only where a price differs from the last recorded one.
    assert len(recorded) >= len(raw_prices)
    key = set(zip(raw_prices["provider"], raw_prices["model"], strict=True))
    assert key <= set(zip(h["provider"], h["source_key"], strict=True))
    assert not h.loc[h["source"] == "modelsdev", "provider"].str.contains(r"\(", regex=True).any()
    scores = h[h["kind"] == "score"]
    # A version that changed nothing stores no row; the snapshot's own board adds its data date.
    catalog_date = manifest["sources"]["lmarena"]["data_as_of"]
    assert set(scores["date"]) - {catalog_date} <= set(_raw_arena()["version_date"])
    assert {"2025-03-07", "2025-12-11"} <= set(scores["date"])
    # The fixture board's own names join their catalog models (exact names of the built catalog).
    board = set(
        json.loads((Path(__file__).parents[1] / "fixtures/upstream/lmarena/leaderboard-text.json").read_text())["full"]
    )
    on_board = scores[scores["source_key"].isin(board)]
    assert on_board["model_id"].notna().mean() >= 0.9
    assert manifest["history"]["current_board_rows_joined_share"] >= 0.9
    unmatched = (backfilled / history.UNMATCHED).read_text().splitlines()  # rewritten by the backfill
    assert (
        unmatched[0].startswith("kind\tsource")
        and len(unmatched) - 1 == h[h["model_id"].isna()].drop_duplicates(["kind", "source", "source_key"]).shape[0]
    )
    snapshot.load(backfilled)  # the catalog still loads as before


def test_a_snapshot_without_history_still_loads(snapshot_copy):
    manifest = snapshot.read_manifest(snapshot_copy)
    files = {k: v for k, v in manifest["files"].items() if k != "history"}
    (snapshot_copy / snapshot.MANIFEST).write_text(json.dumps({**manifest, "files": files}))
    assert len(snapshot.load(snapshot_copy).models) > 0
    assert history.load(snapshot_copy).empty


def test_board_at_each_version_is_the_recorded_board(backfilled):
    """Only changes are stored; the board rebuilt at a version is exactly the recorded one."""
    from llm_atlas.views import boards

    raw = _raw_arena()
    raw = raw[(raw["board"] == "text") & (raw["category"] == "full")]
    states = boards.board_states(history.load(backfilled), "text", "full")
    for version in ("2025-03-07", "2025-12-11"):
        want = raw[raw["version_date"] == version].set_index("model")["rating"].round(2).sort_index()
        got = states[states["date"] == version].set_index("source_key")["rating"].astype(float).sort_index()
        assert list(got.index) == list(want.index)
        assert (got - want).abs().max() <= 0.01


def _history_rows(data_dir: Path) -> pd.DataFrame:
    return history.load(data_dir)


def _cheaper_gpt4o(body: bytes) -> bytes:
    data = json.loads(body)
    data["gpt-4o"]["input_cost_per_token"] = 2.0e-06  # was 2.5e-06: $2.50 -> $2.00 per 1M
    return json.dumps(data).encode()


def test_refresh_appends_one_row_for_one_changed_price_then_none(upstream, snapshot_copy):
    first = refresh.refresh(snapshot_copy, base_url=upstream.base_url, timeout=FAST)
    assert not first.failed
    before = _history_rows(snapshot_copy)
    upstream.upstream.faults["/litellm/"] = Fault(mutate=_cheaper_gpt4o)
    assert not refresh.refresh(snapshot_copy, base_url=upstream.base_url, timeout=FAST).failed
    after = _history_rows(snapshot_copy)
    assert len(after) == len(before) + 1
    new = after.merge(before, how="left", indicator=True).query("_merge == 'left_only'")
    assert len(new) == 1
    row = new.iloc[0]
    assert (row["kind"], row["source"], row["source_key"], row["event"]) == ("price", "litellm", "gpt-4o", "changed")
    assert row["price_in_usd_mtok"] == 2.0 and row["model_id"] == "gpt-4o"
    # The same data again: nothing changed, nothing appended.
    assert not refresh.refresh(snapshot_copy, base_url=upstream.base_url, timeout=FAST).failed
    assert len(_history_rows(snapshot_copy)) == len(after)


def test_failed_refresh_appends_nothing(upstream, snapshot_copy):
    before = _history_rows(snapshot_copy)
    assert len(before) > 0  # the fixture snapshot's build recorded its prices and boards
    for name in SOURCES:
        upstream.upstream.faults[f"/{name}/"] = Fault(status=403 if name == "hub" else 500, times=None)
    result = refresh.refresh(snapshot_copy, base_url=upstream.base_url, timeout=FAST)
    assert not result.refreshed
    pd.testing.assert_frame_equal(_history_rows(snapshot_copy), before)


def test_append_removes_a_key_its_source_no_longer_lists(snapshot_copy):
    h = _history_rows(snapshot_copy)
    prices = h[(h["kind"] == "price") & (h["source"] == "litellm")]
    current = prices.drop_duplicates(["source", "provider", "source_key"], keep="last")
    dropped = current.iloc[0]
    rest = current.iloc[1:]
    out = history.append_prices(h, rest, "2099-01-01")
    new = out.iloc[len(h) :]
    assert len(new) == 1 and new.iloc[0]["event"] == "removed" and new.iloc[0]["source_key"] == dropped["source_key"]
    assert new[history.VALUES["price"]].isna().all(axis=None)


def test_bundled_history_joins_the_current_boards():
    """Issue 19's target: >= 90 % of LMArena history rows of models on the current boards join."""
    manifest = snapshot.read_manifest(BUNDLED)
    h = history.load(BUNDLED)
    report = history.join_report(h, snapshot.load(BUNDLED).models, snapshot.load(BUNDLED).offers)
    assert report["current_board_rows_joined_share"] >= 0.9
    # Price history for the models with the most evidence that a price list sells (issue 19: top 300).
    assert (
        report["top_models"] == 300 and report["top_models_sold_with_price_history"] >= 0.8 * report["top_models_sold"]
    )
    assert manifest["history"]["current_board_rows_joined_share"] == report["current_board_rows_joined_share"]


def test_backfill_is_reproducible(backfilled, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(backfilled, again)
    history.backfill(again, HISTORY_FIXTURES)
    assert snapshot.read_manifest(again)["files"]["history"] == snapshot.read_manifest(backfilled)["files"]["history"]
