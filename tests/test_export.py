"""File exports: a header with the snapshot and its sources' dates, then every row."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow.parquet as pq

from llm_atlas import export
from llm_atlas.views import catalog, explore
from llm_atlas.views.explore import Filters


def test_exports_carry_header_and_rows(bundled):
    shown = catalog.table(explore.apply(explore.prepare(bundled), Filters(tasks=("embedding",)), bundled.offers).rows)
    csv = export.to_csv(bundled, shown).decode()
    header, body = csv.split("\n", 1)
    assert header.startswith("# LLM Atlas export:") and bundled.built_at in header and "litellm (2026-07-24)" in header
    assert len(pd.read_csv(io.StringIO(body))) == len(shown)
    tbl = pq.read_table(io.BytesIO(export.to_parquet(bundled, shown)))
    assert tbl.num_rows == len(shown) and b"llm_atlas" in tbl.schema.metadata
