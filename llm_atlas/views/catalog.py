"""Explore's grid: the columns it shows, search matches first, sort orders (blanks always last), the
opening sort, and what each preset sorts by."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from llm_atlas import urlstate
from llm_atlas.views import explore


class Sort(NamedTuple):
    label: str
    column: str
    ascending: bool  # the natural direction: best first
    positive_only: bool = False  # a zero is not a value here (a free tier is not a price; 0 tokens is no context)


SORTS: dict[str, Sort] = {
    "quality": Sort("Quality (arena score, style control)", "arena_style", False),
    "price": Sort("Price (input, USD / 1M tokens)", "price_in_usd_mtok", True, True),
    "popularity": Sort("Popularity (Hub downloads, 30 days)", "downloads", False),
    "released": Sort("Release date", "release_date", False),
    "context": Sort("Context window", "context_tokens", False, True),
}
DEFAULT_SORT = "quality"
# Presets sort as their names say.
PRESET_SORTS = {"gpu24": "quality", "cheap_tools": "price", "open_embeddings": "popularity", "stt_services": "price"}

TABLE_COLUMNS = [
    "name",
    "model_id",
    "creator",
    "task",
    "openness",
    "license_class",
    "license",
    "params_b",
    "context_tokens",
    "price_in_usd_mtok",
    "price_out_usd_mtok",
    "price_per_image_usd",
    "price_per_audio_min_usd",
    "price_per_mchar_usd",
    *[c for _, c, _ in explore.HEADLINE_SCORES],
    "release_date",
    "downloads",
    "link",
]


def table(rows: pd.DataFrame | explore.FilterResult, search: str = "") -> pd.DataFrame:
    """Only the shown columns, so nothing hidden is sent to the browser; price columns no row uses are
    dropped. With a search, the best matches come first (see `search_rank`), else catalog order."""
    out = rows.source.loc[rows.mask, TABLE_COLUMNS] if isinstance(rows, explore.FilterResult) else rows[TABLE_COLUMNS]
    unused = [
        c for c in ("price_per_image_usd", "price_per_audio_min_usd", "price_per_mchar_usd") if out[c].isna().all()
    ]
    out = out.drop(columns=unused)
    if search.strip():
        out = out.iloc[search_rank(out, search).argsort(kind="stable")]
    return out.reset_index(drop=True)


def search_rank(rows: pd.DataFrame, search: str) -> pd.Series:
    """How well each row matches a search, 0 best: the id itself, then the name itself, an id or a
    name starting with it, a word of either starting with it, anything else ("gpt-4o" finds gpt-4o
    before chatgpt-4o-latest)."""
    query = search.strip().lower()
    # Arrow's string kernels: pandas' own regex path was slower (bench/README.md).
    ids = pc.utf8_lower(pc.fill_null(pa.array(rows["model_id"], type=pa.string()), ""))
    names = pc.utf8_lower(pc.fill_null(pa.array(rows["name"], type=pa.string()), ""))
    word = r"(?:^|[-_/.:\s(])" + re.escape(query)
    tests = [
        lambda: pc.equal(ids, query),
        lambda: pc.equal(names, query),
        lambda: pc.starts_with(ids, query),
        lambda: pc.starts_with(names, query),
        lambda: pc.or_(pc.match_substring_regex(ids, word), pc.match_substring_regex(names, word)),
    ]
    ranks = np.full(len(rows), len(tests))
    for rank, test in reversed(list(enumerate(tests))):  # the best rank a row meets wins
        ranks[test().to_numpy(zero_copy_only=False)] = rank
    return pd.Series(ranks, index=rows.index)


def sort_rows(rows: pd.DataFrame, key: str, reverse: bool = False, search: str = "") -> pd.DataFrame:
    """Rows ordered by a sort key, in its natural direction or reversed; blanks last either way.

    Ties (and blanks) keep name order. With a search, the best matches stay first and the sort
    orders rows within each match rank.
    """
    sort = SORTS[key]
    ascending = sort.ascending != reverse
    values = rows[sort.column]
    if sort.positive_only:
        values = values.where(pd.to_numeric(values, errors="coerce") > 0)
    blank = values.isna().to_numpy()
    if values.dtype.kind in "OUS" or str(values.dtype) in ("string", "category"):
        order_values = values.astype("string").fillna("")
        codes = pd.Series(pd.factorize(order_values, sort=True)[0], index=rows.index).astype(float)
    else:
        codes = pd.to_numeric(values, errors="coerce").astype(float)
    sort_value = codes.to_numpy() * (1 if ascending else -1)
    sort_value = np.where(blank, np.inf, sort_value)
    names = rows["name"].astype("string").fillna("").str.lower().to_numpy()
    keys = [names, sort_value, blank]
    if search.strip():
        keys.append(search_rank(rows, search).to_numpy())
    order = np.lexsort(keys)  # last key is the primary one
    return rows.iloc[order].reset_index(drop=True)


def parse_sort(params: Mapping[str, str | None]) -> tuple[str, bool, list[str]]:
    """(sort key, reversed, notices) from the URL's `sort` and `dir`; odd values fall back."""
    notices = []
    key = params.get("sort") or DEFAULT_SORT
    if key not in SORTS:
        notices.append(f"Unknown sort '{urlstate.echo(key, 30)}' ignored; sorted by quality.")
        key = DEFAULT_SORT
    direction = params.get("dir") or "best"
    if direction not in ("best", "reversed"):
        notices.append("'dir' must be 'best' or 'reversed'; ignored.")
        direction = "best"
    return key, direction == "reversed", notices


def sort_params(key: str, reverse: bool) -> dict[str, str]:
    return {"sort": key, **({"dir": "reversed"} if reverse else {})}


def with_sort_column_first(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    """The name, then the column the table is sorted by, then the rest: the figure that orders the
    rows is in view, on a phone too."""
    column = SORTS[key].column
    first = ["name", column] if column in rows.columns else ["name"]
    return rows[first + [c for c in rows.columns if c not in first]]
