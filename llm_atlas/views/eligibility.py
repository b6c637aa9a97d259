"""Which models and routes may answer a question: a token workload is priced only on text models,
and a retired model or route is left out of rankings unless the person asks for it."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

# What a chat-style token workload (input tokens in, output tokens out) can run on.
TOKEN_WORKLOAD_TASKS = frozenset({"chat", "code"})


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def is_deprecated(df: pd.DataFrame, as_of: str | None = None) -> pd.Series:
    """Rows whose `deprecated_on` date has passed by `as_of` (default today)."""
    if "deprecated_on" not in df:
        return pd.Series(False, index=df.index)
    dates = df["deprecated_on"].astype("string")
    return (dates.notna() & (dates <= (as_of or today()))).fillna(False).astype(bool)


def token_workload_models(
    models: pd.DataFrame, as_of: str | None = None, include_deprecated: bool = False
) -> pd.DataFrame:
    """Text models a token workload can be priced on: an image, video or speech model never is,
    whatever token prices a gateway lists for it."""
    keep = models["task"].isin(TOKEN_WORKLOAD_TASKS)
    if not include_deprecated:
        keep &= ~is_deprecated(models, as_of)
    return models[keep]


def current_offers(offers: pd.DataFrame, as_of: str | None = None) -> pd.DataFrame:
    """Routes not retired by `as_of`."""
    return offers[~is_deprecated(offers, as_of)]
