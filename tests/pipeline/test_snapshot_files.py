"""The snapshot's file formats: catalog tables as uncompressed Arrow IPC, per-source frames as
Parquet, and snapshots written in the earlier formats (Parquet or LZ4 IPC catalogs) still load."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc
import pytest

from llm_atlas.pipeline import snapshot
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
            arrow = ipc.open_file(pa.memory_map(str(tmp_path / name))).read_all()
            # Uncompressed (no decompression on every start, bench/README.md): the file holds every
            # buffer as is, so it is at least as large as the table's buffers.
            assert (tmp_path / name).stat().st_size >= arrow.nbytes, key
        else:
            assert name.endswith(".parquet") and magic[:4] == b"PAR1", (key, name)
    again = snapshot.load(tmp_path)
    for table in snapshot.CATALOG_TABLES:
        pd.testing.assert_frame_equal(getattr(again, table), getattr(bundled, table))


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    df.to_parquet(path, index=False)


def _write_lz4_ipc(df: pd.DataFrame, path: Path) -> None:
    arrow = pa.Table.from_pandas(df, preserve_index=False)
    with ipc.new_file(str(path), arrow.schema, options=ipc.IpcWriteOptions(compression="lz4")) as writer:
        writer.write_table(arrow)
    assert path.stat().st_size < arrow.nbytes  # really compressed


@pytest.mark.parametrize(
    ("suffix", "write_old"),
    [(".parquet", _write_parquet), (".arrow", _write_lz4_ipc)],
    ids=["parquet catalog", "lz4 ipc catalog"],
)
def test_a_snapshot_in_an_earlier_format_still_loads_and_is_replaced_on_write(tmp_path, suffix, write_old):
    bundled = snapshot.load(BUNDLED)
    manifest = json.loads((BUNDLED / snapshot.MANIFEST).read_text())
    files = {t: f"{t}-0000000000000000{suffix}" for t in snapshot.CATALOG_TABLES}
    for table, name in files.items():
        write_old(getattr(bundled, table), tmp_path / name)
    (tmp_path / snapshot.MANIFEST).write_text(json.dumps({**manifest, "files": files}))

    old = snapshot.load(tmp_path)
    for table in snapshot.CATALOG_TABLES:
        pd.testing.assert_frame_equal(getattr(old, table), getattr(bundled, table))

    written = snapshot.write(tmp_path, {t: (getattr(old, t), t) for t in snapshot.CATALOG_TABLES}, manifest)
    on_disk = sorted(p.name for p in tmp_path.glob("*-*.*"))
    assert on_disk == sorted(written["files"].values())  # the old files removed
    assert all(name.endswith(".arrow") and name not in files.values() for name in on_disk)
