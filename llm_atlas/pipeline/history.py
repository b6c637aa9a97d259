"""The `history` table (pipeline step): dated prices and arena ratings, one row per change.

Backfilled once from recorded history (LMArena's committed boards, models.dev's price changes),
joined to catalog models with the catalog's own names, and appended by every refresh: a row only
where a value changed, so a price or a board at any date is the last row at or before it.

    python -m llm_atlas.refresh --history-from ../shared/data      # backfill into data/
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from llm_atlas import BUNDLED_DATA_DIR, schema
from llm_atlas.pipeline import model_ids, snapshot
from llm_atlas.pipeline.normalise import normalise, variant_bases

ARENA_HISTORY = Path("lmarena-history/arena_history.csv.gz")
PRICE_HISTORY = Path("models-dev/price_history.csv")
HISTORY_ALIASES = "history_aliases.csv"
UNMATCHED = "history_unmatched.tsv"
KEY = {
    "price": ["source", "provider", "source_key"],
    "score": ["source", "board", "category", "source_key"],
}
VALUES = {
    "price": ["price_in_usd_mtok", "price_out_usd_mtok", "price_cached_in_usd_mtok"],
    "score": ["rating", "ci_low", "ci_high"],
}
# Stored precision: ratings to 0.01 point (their 95 % bounds are several points wide; 4 decimals
# made the file 2.5x larger), prices to 1e-6 USD per 1M tokens (drops per-token float noise).
DECIMALS = {"price": 6, "score": 2}
# The catalog's LMArena benchmarks ("arena_text:coding") and the history's board names. Only
# boards from the same publication (lmarena/arena-catalog) are appended; the vision CSV is a
# different export with its own names and dates. Extend when another board joins the catalog.
SCORE_BOARDS = {
    "arena_text": "text",
    "arena_text_style": "text_style_control",
    "arena_vision": "vision",
    "arena_vision_style": "vision_style_control",
    "arena_image": "text_to_image",
}
PRICE_SOURCES = ("litellm", "openrouter", "llmstats", "modelsdev")  # lists of prices a provider charges
TOP_EVIDENCE = 300


def empty() -> pd.DataFrame:
    return schema.conform(None, "history")


# ---------------------------------------------------------------- reading recorded history


def read_arena_history(path: Path) -> pd.DataFrame:
    """LMArena's committed boards, one row per version x board x category x model (as recorded)."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        df = pd.read_csv(fh, dtype={"version_date": str, "board": str, "category": str, "model": str})
    missing = {"version_date", "board", "category", "model", "rating", "rating_q025", "rating_q975"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: columns missing: {', '.join(sorted(missing))}")
    return df


def read_price_history(path: Path) -> pd.DataFrame:
    """models.dev's price changes as history rows. A cost of 0 is blank: models.dev lists 0 for
    free tiers and local runners, and for prices it does not know (SOURCES.md section 8)."""
    raw = pd.read_csv(path, dtype={"date": str, "provider": str, "model": str, "event": str})
    missing = {"date", "provider", "model", "input", "output", "cache_read", "event"} - set(raw.columns)
    if missing:
        raise ValueError(f"{path}: columns missing: {', '.join(sorted(missing))}")
    out = pd.DataFrame(
        {
            "kind": "price",
            "source": "modelsdev",
            "source_key": raw["model"],
            "provider": raw["provider"],
            "date": raw["date"],
            "event": raw["event"],
        }
    )
    for col, raw_col in zip(VALUES["price"], ("input", "output", "cache_read"), strict=True):
        value = pd.to_numeric(raw[raw_col], errors="coerce")
        if (value < 0).any():
            raise ValueError(f"{path}: negative {raw_col} price")
        out[col] = value.where(value > 0).round(DECIMALS["price"])
    return schema.conform(out, "history")


# ---------------------------------------------------------------- appending changes


def _state(history: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The last row of every key of `kind` (removed ones included: callers decide)."""
    rows = history[history["kind"] == kind]
    if rows.empty:
        return rows
    # A stable sort by date keeps rows of one date in the order they were appended.
    return rows.sort_values("date", kind="stable").drop_duplicates(KEY[kind], keep="last")


def _same(a: pd.Series, b: pd.Series, decimals: int) -> np.ndarray:
    """Equal within one stored unit: the recorded CSV (4 decimals) and the live JSON (full
    precision) of one rating can round to neighbouring hundredths."""
    x, y = a.astype("float64").to_numpy(), b.astype("float64").to_numpy()
    both_na = np.isnan(x) & np.isnan(y)
    with np.errstate(invalid="ignore"):
        close = np.abs(x - y) <= 1.000001 * 10.0**-decimals
    return both_na | np.nan_to_num(close, nan=0).astype(bool)


def append(history: pd.DataFrame, kind: str, rows: pd.DataFrame, date: str, scope: list[str]) -> pd.DataFrame:
    """`history` plus one row per key of `rows` that is new or whose values changed since its last
    row, and one `removed` row per key that was present in the same scope (same source, or same
    source x board x category: the columns in `scope`) and is no longer in `rows`."""
    key, values = KEY[kind], VALUES[kind]
    rows = schema.conform(rows.assign(kind=kind, date=date), "history").drop_duplicates(key, keep="last")
    rows[values] = rows[values].round(DECIMALS[kind])
    if kind == "price":  # a free tier or a local runner is never a price
        rows[values] = rows[values].where(rows[values] > 0)
    last = _state(history, kind)
    scopes = rows[scope].drop_duplicates()
    last = last.merge(scopes, on=scope, how="inner")
    live = last[last["event"] != "removed"]
    merged = rows.merge(live[key + values], on=key, how="left", suffixes=("", "_was"), indicator=True)
    new = (merged["_merge"] == "left_only").to_numpy()
    changed = ~new & ~np.logical_and.reduce([_same(merged[c], merged[f"{c}_was"], DECIMALS[kind]) for c in values])
    # A key that came back after being removed is "added" again.
    out = rows[new | changed].copy()
    out["event"] = np.where(new[new | changed], "added", "changed")
    gone = live.merge(rows[key], on=key, how="left", indicator=True)
    gone = gone[gone["_merge"] == "left_only"].drop(columns="_merge")
    gone = gone.assign(date=date, event="removed", **{c: pd.NA for c in values})
    parts = [p for p in (history, out, gone) if len(p)]
    if not parts:
        return history
    return schema.conform(pd.concat([schema.conform(p, "history") for p in parts], ignore_index=True), "history")


def append_boards(history: pd.DataFrame, boards: pd.DataFrame, date: str) -> pd.DataFrame:
    """Append a published version of one or more boards (source, board, category, source_key,
    rating, ci_low, ci_high): every category it holds is one board state."""
    return append(history, "score", boards, date, ["source", "board", "category"])


def append_prices(history: pd.DataFrame, prices: pd.DataFrame, date: str) -> pd.DataFrame:
    """Append one source's current token prices (source, provider, source_key, three prices)."""
    return append(history, "price", prices, date, ["source"])


def backfill_arena(history: pd.DataFrame, arena: pd.DataFrame) -> pd.DataFrame:
    """Each recorded version, oldest first, appended as if a refresh had seen it that day."""
    arena = arena.rename(columns={"model": "source_key", "rating_q025": "ci_low", "rating_q975": "ci_high"})
    arena = arena.assign(source="lmarena")
    for date, version in arena.groupby("version_date", sort=True):
        history = append_boards(history, version, str(date))
    return history


def catalog_rows(offers: pd.DataFrame, scores: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The catalog's current token prices (per source) and LMArena boards, in history's shape."""
    cols = ["source", "provider", "source_key", *VALUES["price"]]
    prices = offers[offers["source"].isin(PRICE_SOURCES)][cols]
    prices = prices[prices[VALUES["price"]].notna().any(axis=1)].copy()
    # models.dev's offers are keyed "provider/model" with the provider marked "(gateway)" or "(cloud)";
    # its recorded history is keyed by the bare provider id and model id: one series, one key.
    md = prices["source"] == "modelsdev"
    prices.loc[md, "provider"] = prices.loc[md, "provider"].astype(str).str.split(" (", regex=False).str[0]
    prices.loc[md, "source_key"] = prices.loc[md, "source_key"].astype(str).str.split("/", n=1).str[1]
    arena = scores[scores["source"] == "lmarena"]
    prefix, _, category = arena["benchmark"].str.partition(":").pipe(lambda p: (p[0], p[1], p[2]))
    board = prefix.map(SCORE_BOARDS)
    keep = board.notna() & (category != "")
    boards = pd.DataFrame(
        {
            "source": "lmarena",
            "board": board[keep],
            "category": category[keep],
            "source_key": arena.loc[keep, "source_key"],
            "rating": arena.loc[keep, "value"],
            "ci_low": arena.loc[keep, "ci_low"],
            "ci_high": arena.loc[keep, "ci_high"],
        }
    )
    return prices, boards


def append_catalog(
    history: pd.DataFrame, offers: pd.DataFrame, scores: pd.DataFrame, dates: Mapping[str, str]
) -> pd.DataFrame:
    """Append what a newly built catalog says, each source at its own data date (`dates`:
    source -> YYYY-MM-DD). A source without a date is skipped: a row needs one."""
    prices, boards = catalog_rows(offers, scores)
    for source, rows in prices.groupby("source", sort=True):
        if dates.get(source):
            history = append_prices(history, rows, dates[source])
    if len(boards) and dates.get("lmarena"):
        history = append_boards(history, boards, dates["lmarena"])
    return history


def source_dates(manifest: dict) -> dict[str, str]:
    """source -> the date of its data (YYYY-MM-DD), from a snapshot's manifest."""
    out = {}
    for name, meta in manifest.get("sources", {}).items():
        date = str(meta.get("data_as_of") or "")[:10]
        if len(date) == 10:
            out[name] = date
    return out


# ---------------------------------------------------------------- joining to the catalog

AMBIGUOUS = ""


def load_history_aliases(data_dir: Path | None = None) -> dict[str, str]:
    """Curated alias -> canonical for history names only (data/history_aliases.csv), normalised."""
    path = Path(data_dir or BUNDLED_DATA_DIR) / HISTORY_ALIASES
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {normalise(r["alias"]): normalise(r["canonical"]) for r in csv.DictReader(fh) if r.get("alias")}


class Joiner:
    """Name -> catalog model, built from the built catalog: each source's own names for each model
    (offers and scores), the model ids, and the curated aliases. A name two models claim joins
    neither, unless it is one of the models' own id."""

    def __init__(self, models: pd.DataFrame, offers: pd.DataFrame, scores: pd.DataFrame, aliases: dict[str, str]):
        self.aliases = aliases
        self.exact: dict[tuple[str, str], str] = {}
        named: dict[str, set[str]] = {}
        for table in (offers, scores):
            pairs = table[["source", "source_key", "model_id"]].dropna().drop_duplicates()
            for src, key, model in pairs.itertuples(index=False):
                self.exact.setdefault((src, key), model)
                if src not in model_ids.HF_KEYED:  # as in the catalog: Hub repo ids join only by Hub id
                    named.setdefault(normalise(key), set()).add(model)
        # A model id that is a name ('phi-4'), not a Hub repo id ('unsloth/phi-4').
        own = {m: m for m in models["model_id"] if normalise(m) == m}
        self.by_name = {n: next(iter(ms)) if len(ms) == 1 else AMBIGUOUS for n, ms in named.items()}
        self.by_name.update(own)
        self.by_name.pop("", None)

    def model(self, source: str, key: str) -> str | None:
        hit = self.exact.get((source, key))
        if hit:
            return hit
        name = normalise(key)
        return self.by_name.get(self.aliases.get(name, name)) or None


def join(history: pd.DataFrame, joiner: Joiner) -> pd.DataFrame:
    """`history` with model_id set from the current catalog (ids change when the catalog does)."""
    pairs = history[["source", "source_key"]].drop_duplicates()
    ids = {(s, k): joiner.model(s, k) for s, k in pairs.itertuples(index=False)}
    out = history.copy()
    out["model_id"] = pd.array(
        [ids[(s, k)] for s, k in zip(history["source"], history["source_key"], strict=True)], dtype="string"
    )
    return out


def joiner_for(models: pd.DataFrame, offers: pd.DataFrame, scores: pd.DataFrame, data_dir: Path | None = None):
    aliases = {**model_ids.load_aliases(), **load_history_aliases(data_dir)}
    return Joiner(models, offers, scores, aliases)


def update(
    history: pd.DataFrame, models: pd.DataFrame, offers: pd.DataFrame, scores: pd.DataFrame, dates: Mapping[str, str]
) -> pd.DataFrame:
    """The refresh step: append what changed in the new catalog, then join every row to it."""
    history = append_catalog(history, offers, scores, dates)
    return join(history, joiner_for(models, offers, scores))


# ---------------------------------------------------------------- join report


def join_report(history: pd.DataFrame, models: pd.DataFrame, offers: pd.DataFrame) -> dict:
    """How much of the history joins: LMArena rows of models on each board's latest version, all
    LMArena rows, and price rows for the models with the most evidence (scores + offers)."""
    scores = history[(history["kind"] == "score") & (history["source"] == "lmarena")]
    live = _state(scores[["source", "board", "category", "source_key", "date", "event"]].assign(kind="score"), "score")
    current_names = set(live.loc[(live["event"] != "removed"), "source_key"])
    on_board = scores[scores["source_key"].isin(current_names)]
    prices = history[history["kind"] == "price"]
    m = models.set_index("model_id")
    evidence = m["n_scores"].astype("float64").fillna(0) + offers.groupby("model_id").size().reindex(m.index).fillna(0)
    top = evidence.sort_values(ascending=False, kind="stable").head(TOP_EVIDENCE).index
    # A variant ('gpt-5-high') is priced as its base; models nobody sells have no price to track.
    priced = set(offers.loc[offers["source"].isin(PRICE_SOURCES), "model_id"].dropna())
    # Recorded history (models.dev), not the rows every refresh adds for today's prices.
    tracked = set(prices.loc[prices["source"] == "modelsdev", "model_id"].dropna())
    base = m["variant_of"].reindex(top)
    top_priced = [t for t in top if t in priced or base[t] in priced]
    # As Trends prices them: a dated snapshot no history names ('o3-2025-04-16') by its base name's.
    top_tracked = [
        t for t in top_priced if t in tracked or base[t] in tracked or any(b in tracked for b in variant_bases(t))
    ]
    unmatched = scores[scores["model_id"].isna()].drop_duplicates("source_key")
    return {
        "score_rows": len(scores),
        "score_rows_joined_share": _share(scores["model_id"].notna()),
        "current_board_names": len(current_names),
        "current_board_rows": len(on_board),
        "current_board_rows_joined_share": _share(on_board["model_id"].notna()),
        "score_names_unjoined": int(unmatched["source_key"].nunique()),
        "price_rows": len(prices),
        "price_rows_joined_share": _share(prices["model_id"].notna()),
        "price_keys": int(len(prices.drop_duplicates(["source", "provider", "source_key"]))),
        "top_models": len(top),
        "top_models_sold": len(top_priced),
        "top_models_sold_with_price_history": len(top_tracked),
        "top_models_sold_without_price_history": sorted(set(top_priced) - set(top_tracked)),
        "dates": {
            "scores": [str(scores["date"].min()), str(scores["date"].max())] if len(scores) else [],
            "prices": [str(prices["date"].min()), str(prices["date"].max())] if len(prices) else [],
        },
    }


def _share(mask: pd.Series) -> float:
    return round(float(mask.mean()), 4) if len(mask) else 0.0


def unmatched_tsv(history: pd.DataFrame) -> str:
    """Every history name no catalog model takes: kind, source, name, rows, last date, on the
    latest board (scores) or still priced (prices)."""
    rows = history[history["model_id"].isna()]
    lines = ["kind\tsource\tprovider\tname\trows\tlast_date\tcurrent"]
    state = pd.concat([_state(history, k) for k in KEY])
    current = state[state["event"] != "removed"][["source", "source_key"]].drop_duplicates()
    current_keys = set(zip(current["source"], current["source_key"], strict=True))
    grouped = rows.groupby(["kind", "source", "source_key"], dropna=False)
    for (kind, source, key), g in grouped:
        providers = ",".join(sorted(set(g["provider"].dropna()))) if kind == "price" else ""
        flag = "yes" if (source, key) in current_keys else "no"
        lines.append(f"{kind}\t{source}\t{providers}\t{key}\t{len(g)}\t{g['date'].max()}\t{flag}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- snapshot I/O


def load(data_dir: Path) -> pd.DataFrame:
    """The snapshot's history, or an empty table for a snapshot written before there was one."""
    manifest = snapshot.read_manifest(data_dir)
    if "history" not in manifest.get("files", {}):
        return empty()
    return snapshot.read_table(data_dir, manifest, "history", "history")


def backfill(data_dir: Path, from_dir: Path) -> tuple[pd.DataFrame, dict]:
    """Build the history from the recorded files in `from_dir` (laid out as shared/data) and the
    snapshot in `data_dir`, and write it into that snapshot. The single reproducible step: run
    it again after the catalog is rebuilt."""
    snap = snapshot.load(data_dir)
    history = read_price_history(Path(from_dir) / PRICE_HISTORY)
    history = backfill_arena(history, read_arena_history(Path(from_dir) / ARENA_HISTORY))
    history = append_catalog(history, snap.offers, snap.scores, source_dates(snap.manifest))
    history = join(history, joiner_for(snap.models, snap.offers, snap.scores, data_dir))
    history = sort(history)
    report = join_report(history, snap.models, snap.offers)
    snapshot.put_table(data_dir, "history", history, "history", {"history": report})
    snapshot._write_file_atomic(Path(data_dir) / UNMATCHED, unmatched_tsv(history).encode())
    return history, report


def sort(history: pd.DataFrame) -> pd.DataFrame:
    """Rows grouped so the file compresses well, date order kept within a key."""
    order = ["kind", "source", "board", "category", "provider", "source_key", "date"]
    return history.sort_values(order, kind="stable", na_position="first").reset_index(drop=True)


def format_report(report: dict) -> str:
    d = report["dates"]
    return "\n".join(
        [
            f"History: {report['score_rows']:,} score rows ({' to '.join(d['scores'])}),"
            f" {report['price_rows']:,} price rows ({' to '.join(d['prices'])})",
            f"LMArena rows of models on the latest boards joined: {report['current_board_rows_joined_share']:.1%}"
            f" of {report['current_board_rows']:,} ({report['current_board_names']} names)",
            f"All LMArena rows joined: {report['score_rows_joined_share']:.1%};"
            f" {report['score_names_unjoined']} names unjoined, listed in {UNMATCHED}",
            f"Price rows joined: {report['price_rows_joined_share']:.1%} of {report['price_rows']:,}"
            f" ({report['price_keys']:,} provider models)",
            f"Top {report['top_models']} models by evidence (scores + offers): {report['top_models_sold']} sold by a"
            f" price list, {report['top_models_sold_with_price_history']} of them with a recorded (models.dev) price history"
            " (own or, for a dated snapshot or setting, its base name's)",
        ]
    )
