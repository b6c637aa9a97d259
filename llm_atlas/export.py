"""File exports of a table: CSV and Parquet bytes, each headed by the snapshot and its sources' dates."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from llm_atlas.pipeline.snapshot import Snapshot


def export_header(snap: Snapshot, n_rows: int) -> str:
    sources = ", ".join(f"{n} ({m.get('data_as_of', '?')})" for n, m in snap.manifest.get("sources", {}).items())
    return f"# LLM Atlas export: {n_rows} models; snapshot built {snap.built_at}; sources: {sources}"


def to_csv(snap: Snapshot, rows: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    buf.write(export_header(snap, len(rows)) + "\n")
    rows.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")


def to_parquet(snap: Snapshot, rows: pd.DataFrame) -> bytes:
    tbl = pa.Table.from_pandas(rows, preserve_index=False)
    tbl = tbl.replace_schema_metadata(
        {**(tbl.schema.metadata or {}), b"llm_atlas": export_header(snap, len(rows)).encode()}
    )
    buf = io.BytesIO()
    pq.write_table(tbl, buf)
    return buf.getvalue()
