"""st.column_config built from schema.py: a label, a unit and a format are written once."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from llm_atlas import schema

PRICE_FORMAT = "$%.4g"


def _format(col: schema.Column) -> str | None:
    if col.format:
        return col.format
    unit = col.unit
    if unit.startswith("USD"):
        return PRICE_FORMAT
    if unit == "tokens" or col.dtype == schema.INT:
        return "localized"
    if unit == "B":
        return "%.1f"
    if unit == "points":
        return "%.0f"
    if col.dtype == schema.FLOAT:
        return "%.4g"
    return None


def title(name: str, table: str = "models") -> str:
    """'Input price (USD / 1M tokens)' for a declared column, else the name itself."""
    col = schema.column(name, table)
    if col is None:
        return name
    return f"{col.label} ({col.unit})" if col.unit and col.unit not in ("YYYY-MM-DD", "%") else col.label


def config(
    names: Iterable[str],
    table: str = "models",
    pinned: Iterable[str] = (),
    labels: dict[str, str] | None = None,
) -> dict[str, object]:
    """A column_config mapping for the columns `names` of a table; `labels` override a title."""
    pinned, labels = set(pinned), labels or {}
    out: dict[str, object] = {}
    for name in names:
        col = schema.column(name, table)
        label = labels.get(name) or title(name, table)
        helptext = col.help if col and col.help else None
        if name in ("link", "url", "homepage"):
            shown = col.format if col is not None and col.format else "open"
            out[name] = st.column_config.LinkColumn(label, display_text=shown, pinned=name in pinned)
        elif name.endswith("_share") and col is not None:
            out[name] = st.column_config.ProgressColumn(label, format="percent", min_value=0, max_value=1)
        elif col is not None and col.dtype == schema.BOOL:
            out[name] = st.column_config.CheckboxColumn(label, help=helptext, pinned=name in pinned)
        elif col is not None and col.dtype in (schema.FLOAT, schema.INT):
            out[name] = st.column_config.NumberColumn(label, format=_format(col), help=helptext, pinned=name in pinned)
        else:
            width = col.width if col is not None and col.width else None
            out[name] = st.column_config.TextColumn(label, help=helptext, pinned=name in pinned, width=width)
    return out
