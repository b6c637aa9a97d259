"""Checks a source's parsed frames must pass before they may replace its last good data."""

from __future__ import annotations

import pandas as pd

from llm_atlas.pipeline.frames import PayloadError, SourceFrames
from llm_atlas.pipeline.headline import TOKEN_PRICES

# Bounds around every real list price, per unit; a value outside them is a unit error upstream
# (a per-step or per-image-token price in a per-image or per-token field, dollars for cents).
TOKEN_PRICE_MAX = 1_000.0  # USD per 1M tokens (o1-pro output is 600)
TOKEN_PRICE_MIN = 0.002  # USD per 1M tokens (the cheapest real ones: Workers AI's bge reranker 0.0031)
CACHED_PRICE_MIN = 0.0005  # a cache read is a tenth or less of the input price
TOKEN_PRICE_COLUMNS = TOKEN_PRICES
# column -> (lowest, highest, unit). Per image: SDXL-class models from $0.002, premium 4K ~$0.25.
# Per audio minute: batch transcription ~$0.0003 to premium voices. Per 1M characters: Vertex's
# per-character chat prices ($0.025) to premium voices (ElevenLabs ~$300).
UNIT_BOUNDS: dict[str, tuple[float, float, str]] = {
    **{c: (TOKEN_PRICE_MIN, TOKEN_PRICE_MAX, "USD / 1M tokens") for c in TOKEN_PRICE_COLUMNS},
    "price_cached_in_usd_mtok": (CACHED_PRICE_MIN, TOKEN_PRICE_MAX, "USD / 1M tokens"),
    "price_per_image_usd": (0.0005, 1.0, "USD / image"),
    "price_per_audio_min_usd": (0.0001, 5.0, "USD / audio minute"),
    "price_per_mchar_usd": (0.01, 1_000.0, "USD / 1M characters"),
}
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
    negative = pd.Series(False, index=offers.index)
    absurd = pd.Series(False, index=offers.index)
    reasons: dict[int, list[str]] = {}
    for col, (low, high, unit) in UNIT_BOUNDS.items():
        values = offers[col].astype("float64")
        negative |= (values < 0).fillna(False)
        out = ((values > 0) & ((values < low) | (values > high))).fillna(False)
        absurd |= out
        for i in offers.index[out.to_numpy()]:
            side = "above" if values[i] > high else "below"
            reasons.setdefault(i, []).append(f"{col} {values[i]:.6g} {side} sane bounds [{low:g}, {high:g}] {unit}")
    if negative.any():
        row = offers.loc[negative.idxmax()]
        raise PayloadError(f"{source}: negative price for '{row['source_key']}' ({negative.sum()} rows)")
    if absurd.sum() > max(QUARANTINE_MAX_ROWS, QUARANTINE_MAX_SHARE * len(offers)):
        raise PayloadError(f"{source}: {absurd.mean():.0%} of prices outside sane bounds (unit change upstream?)")
    quarantined = [f"{offers.at[i, 'source_key']}: {'; '.join(r)}" for i, r in sorted(reasons.items())]
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
