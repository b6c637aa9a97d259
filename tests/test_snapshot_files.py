"""The snapshot's file formats: catalog tables as Arrow IPC, per-source frames as Parquet, and a
snapshot written before the switch (Parquet catalog) still loads."""

from __future__ import annotations

import json

import pandas as pd

from llm_atlas import snapshot
from tests.conftest import BUNDLED


def test_catalog_tables_are_arrow_ipc_and_source_frames_parquet(tmp_path):
    bundled = snapshot.load(BUNDLED, with_sources=True)
    tables = {t: (getattr(bundled, t), t) for t in snapshot.CATALOG_TABLES}
    src = "litellm"
    frames = bundled.source_frames[src]
    tables |= {f"sources/{src}.{t}": (getattr(frames, t), t) for t in snapshot.SOURCE_TABLES}
    written = snapshot.write(tmp_path, tables, {"sources": {}})
    for key, name in written["files"].items():
        magic = (tmp_path / name).read_bytes()[:6]
        if key in snapshot.CATALOG_TABLES:
            assert name.endswith(".arrow") and magic == b"ARROW1", (key, name)
        else:
            assert name.endswith(".parquet") and magic[:4] == b"PAR1", (key, name)
    again = snapshot.load(tmp_path)
    for table in snapshot.CATALOG_TABLES:
        pd.testing.assert_frame_equal(getattr(again, table), getattr(bundled, table))


def test_a_snapshot_with_a_parquet_catalog_still_loads_and_is_replaced_on_write(tmp_path):
    bundled = snapshot.load(BUNDLED)
    manifest = json.loads((BUNDLED / snapshot.MANIFEST).read_text())
    files = {}
    for table in snapshot.CATALOG_TABLES:
        files[table] = f"{table}-0000000000000000.parquet"
        getattr(bundled, table).to_parquet(tmp_path / files[table], index=False)
    (tmp_path / snapshot.MANIFEST).write_text(json.dumps({**manifest, "files": files}))

    old = snapshot.load(tmp_path)
    for table in snapshot.CATALOG_TABLES:
        pd.testing.assert_frame_equal(getattr(old, table), getattr(bundled, table))

    snapshot.write(tmp_path, {t: (getattr(old, t), t) for t in snapshot.CATALOG_TABLES}, manifest)
    assert sorted(p.suffix for p in tmp_path.glob("*-*.*")) == [".arrow"] * 3  # the Parquet ones removed
