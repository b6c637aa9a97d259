"""Read and write the snapshot atomically.

Table files are content-addressed (`models-<sha>.arrow`) and never overwritten;
`manifest.json` names the files of the current snapshot and is replaced with one
atomic rename, after every file it names is on disk. A reader that opens the
manifest therefore always sees one consistent snapshot; a crash mid-write leaves
the previous one in force.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from llm_atlas import schema
from llm_atlas.pipeline.frames import SourceFrames

MANIFEST = "manifest.json"
SCHEMA_VERSION = 1
CATALOG_TABLES = ("models", "offers", "scores")
SOURCE_TABLES = ("facts", "offers", "scores")


class SnapshotError(RuntimeError):
    """No usable snapshot at a path: missing, corrupt or from another schema."""


@dataclass
class Snapshot:
    models: pd.DataFrame
    offers: pd.DataFrame
    scores: pd.DataFrame
    manifest: dict
    path: Path
    source_frames: dict[str, SourceFrames] = field(default_factory=dict)

    @property
    def built_at(self) -> str:
        return self.manifest.get("built_at", "")


def read_manifest(data_dir: Path) -> dict:
    path = Path(data_dir) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SnapshotError(f"no snapshot at {data_dir} (no {MANIFEST})") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"unreadable {path}: {exc}") from exc
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise SnapshotError(f"{path}: schema version {manifest.get('schema_version')} is not {SCHEMA_VERSION}")
    return manifest


def _read_table(data_dir: Path, manifest: dict, key: str, table: str) -> pd.DataFrame:
    name = manifest.get("files", {}).get(key)
    if not name:
        raise SnapshotError(f"manifest names no file for '{key}'")
    path = Path(data_dir) / name
    try:
        if name.endswith(".arrow"):
            # Arrow IPC: no decoding on every start (bench/README.md, cold load). Older
            # LZ4-compressed catalogs read the same way.
            arrow = ipc.open_file(pa.py_buffer(path.read_bytes())).read_all()
        else:  # Parquet: the per-source frames, and catalogs written before the switch
            import pyarrow.parquet as pq  # only refreshes read these; kept off the start-up path

            arrow = pq.read_table(path)
        df = arrow.to_pandas()
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise SnapshotError(f"unreadable {name}: {exc}") from exc
    return schema.conform(df, table)


def load(data_dir: Path, with_sources: bool = False) -> Snapshot:
    """Load the catalog tables (and, for a refresh, each source's last good frames)."""
    data_dir = Path(data_dir)
    manifest = read_manifest(data_dir)
    tables = {t: _read_table(data_dir, manifest, t, t) for t in CATALOG_TABLES}
    frames = load_source_frames(data_dir, manifest) if with_sources else {}
    return Snapshot(tables["models"], tables["offers"], tables["scores"], manifest, data_dir, frames)


def load_source_frames(data_dir: Path, manifest: dict) -> dict[str, SourceFrames]:
    out = {}
    for src in manifest.get("sources", {}):
        keys = [f"sources/{src}.{t}" for t in SOURCE_TABLES]
        if all(k in manifest.get("files", {}) for k in keys):
            parts = [_read_table(data_dir, manifest, k, t) for k, t in zip(keys, SOURCE_TABLES, strict=False)]
            out[src] = SourceFrames(*parts)
    return out


def _parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, compression="zstd")
    return buf.getvalue()


def _arrow_bytes(df: pd.DataFrame) -> bytes:
    table = pa.Table.from_pandas(df, preserve_index=False)
    sink = pa.BufferOutputStream()
    # Uncompressed: LZ4 cost time and memory on every cold start (decompression threads), and
    # git's zlib packs the plain file to about the same size (bench/README.md).
    with ipc.new_file(sink, table.schema, options=ipc.IpcWriteOptions(compression=None)) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _table_file(key: str, df: pd.DataFrame) -> tuple[bytes, str]:
    """The catalog tables, read on every start, are uncompressed Arrow IPC (a faster cold start than
    Parquet; more bytes on disk, about the same in git's packs; bench/README.md); the per-source
    frames, read only by a refresh, stay Parquet."""
    if key in CATALOG_TABLES:
        return _arrow_bytes(df), "arrow"
    return _parquet_bytes(df), "parquet"


def _write_file_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the snapshot is meant to be read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write(data_dir: Path, tables: dict[str, tuple[pd.DataFrame, str]], manifest: dict) -> dict:
    """Write `tables` ({key: (frame, schema table)}) and then the manifest, atomically.

    Returns the manifest as written. Files of earlier snapshots are removed last.
    """
    data_dir = Path(data_dir)
    files = {}
    for key, (df, table) in tables.items():
        data, suffix = _table_file(key, schema.conform(df, table))
        digest = hashlib.sha256(data).hexdigest()[:16]
        name = f"{key}-{digest}.{suffix}"
        path = data_dir / name
        if not path.exists():
            _write_file_atomic(path, data)
        files[key] = name
    manifest = {**manifest, "schema_version": SCHEMA_VERSION, "files": files}
    _write_file_atomic(data_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True, default=str).encode())
    _remove_unreferenced(data_dir, set(files.values()))
    return manifest


def _remove_unreferenced(data_dir: Path, keep: set[str]) -> None:
    for path in [p for pattern in ("*.parquet", "*.arrow", "sources/*.parquet") for p in data_dir.glob(pattern)]:
        if str(path.relative_to(data_dir)) not in keep:
            path.unlink(missing_ok=True)


def read_table(data_dir: Path, manifest: dict, key: str, table: str) -> pd.DataFrame:
    """One table file the manifest names, conformed to its schema table."""
    return _read_table(Path(data_dir), manifest, key, table)


def put_table(data_dir: Path, key: str, df: pd.DataFrame, table: str, manifest_extra: dict) -> dict:
    """Add or replace one table (e.g. `history`) in the current snapshot without rewriting the
    others: its content-addressed file first, then the manifest (one atomic rename), then the
    file it replaced. Returns the manifest as written."""
    data_dir = Path(data_dir)
    manifest = read_manifest(data_dir)
    data, suffix = _table_file(key, schema.conform(df, table))
    name = f"{key}-{hashlib.sha256(data).hexdigest()[:16]}.{suffix}"
    if not (data_dir / name).exists():
        _write_file_atomic(data_dir / name, data)
    old = manifest.get("files", {}).get(key)
    manifest = {**manifest, **manifest_extra, "files": {**manifest.get("files", {}), key: name}}
    _write_file_atomic(data_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True, default=str).encode())
    if old and old != name:
        (data_dir / old).unlink(missing_ok=True)
    return manifest
