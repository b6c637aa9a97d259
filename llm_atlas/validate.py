"""Checks a source's parsed frames must pass before they may replace its last good data."""

from __future__ import annotations

import pandas as pd

from llm_atlas.frames import PayloadError, SourceFrames

# Bounds well above any real list price; a value past them is a unit error.
TOKEN_PRICE_MAX = 1_000.0  # USD per 1M tokens (o1-pro output is 600)
PRICE_MAX = {"price_per_image_usd": 100.0, "price_per_audio_min_usd": 100.0, "price_per_mchar_usd": 10_000.0}
TOKEN_PRICE_COLUMNS = (
    "price_in_usd_mtok",
    "price_out_usd_mtok",
    "price_cached_in_usd_mtok",
    "price_in_batch_usd_mtok",
    "price_out_batch_usd_mtok",
    "price_in_above_200k_usd_mtok",
    "price_out_above_200k_usd_mtok",
)
# Up to this share of absurd rows is upstream noise (quarantined and reported);
# more is a unit change or corruption, and the whole payload is refused.
QUARANTINE_MAX_SHARE = 0.05
QUARANTINE_MAX_ROWS = 3  # small payloads: a lone bad row is still noise
MIN_KEEP_SHARE = 0.5  # refuse a payload with fewer than half the previous rows


def validate(source: str, frames: SourceFrames, previous_rows: int | None = None) -> SourceFrames:
    """Return frames with quarantined rows removed, or raise PayloadError saying why."""
    if frames.rows == 0:
        raise PayloadError(f"{source}: payload parsed to zero rows")
    offers = frames.offers
    bounds = {c: TOKEN_PRICE_MAX for c in TOKEN_PRICE_COLUMNS} | PRICE_MAX
    negative = pd.Series(False, index=offers.index)
    absurd = pd.Series(False, index=offers.index)
    for col, bound in bounds.items():
        values = offers[col]
        negative |= (values < 0).fillna(False)
        absurd |= (values > bound).fillna(False)
    if negative.any():
        row = offers.loc[negative.idxmax()]
        raise PayloadError(f"{source}: negative price for '{row['source_key']}' ({negative.sum()} rows)")
    if absurd.sum() > max(QUARANTINE_MAX_ROWS, QUARANTINE_MAX_SHARE * len(offers)):
        raise PayloadError(f"{source}: {absurd.mean():.0%} of prices exceed sane bounds (unit change upstream?)")
    quarantined = [f"{k}: price above sane bound" for k in offers.loc[absurd, "source_key"]]
    scores = frames.scores
    bad_score = ~pd.Series(
        scores["value"].astype("float64").map(pd.notna) & scores["value"].astype("float64").abs().lt(1e7),
        index=scores.index,
    )
    quarantined += [f"{k}: score not a finite number" for k in scores.loc[bad_score, "source_key"]]
    cleaned = SourceFrames(frames.facts, offers[~absurd], scores[~bad_score], [*frames.quarantined, *quarantined])
    if previous_rows and cleaned.rows < MIN_KEEP_SHARE * previous_rows:
        raise PayloadError(
            f"{source}: {cleaned.rows} rows is under half the previous {previous_rows} (truncated upstream?)"
        )
    return cleaned
