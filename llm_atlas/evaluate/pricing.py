"""The catalog price of the route a model is called through, and the cost of one answer.

Cost comes only from the usage the endpoint returned times a price the catalog states;
anything missing gives None ("cost unknown"), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TEMPLATE_TOKENS = 64  # role markers and the chat template, per request (a margin, not a measurement)


@dataclass(frozen=True)
class Price:
    input_usd_mtok: float | None
    output_usd_mtok: float | None
    cached_input_usd_mtok: float | None = None
    route: str = ""  # where the price comes from, e.g. "OpenRouter · qwen/qwen3-8b"

    @property
    def known(self) -> bool:
        return self.input_usd_mtok is not None and self.output_usd_mtok is not None


def as_number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def openrouter_routes(offers: pd.DataFrame, models: pd.DataFrame) -> pd.DataFrame:
    """One row per OpenRouter route: the id to send (`request_id`), the catalog model and its
    name, and the route's prices. Sorted by name."""
    rows = offers[offers["source"] == "openrouter"][
        ["model_id", "source_key", "price_in_usd_mtok", "price_out_usd_mtok", "price_cached_in_usd_mtok"]
    ].rename(columns={"source_key": "request_id"})
    names = models.set_index("model_id")["name"]
    rows = rows.assign(name=rows["model_id"].map(names).fillna(rows["model_id"]))
    return rows.sort_values(["name", "request_id"]).reset_index(drop=True)


def hub_routes(models: pd.DataFrame) -> pd.DataFrame:
    """Catalog models with a Hugging Face id (what Inference Providers are called with)."""
    rows = models[models["hf_id"].notna()][["model_id", "name", "hf_id"]].rename(columns={"hf_id": "request_id"})
    return rows.sort_values("name").reset_index(drop=True)


def route_price(offers: pd.DataFrame, source: str, source_key: str) -> Price | None:
    """The stated price of one route (e.g. source "openrouter", key "qwen/qwen3-8b"), or None."""
    hit = offers[(offers["source"] == source) & (offers["source_key"] == source_key)]
    if hit.empty:
        return None
    row = hit.iloc[0]
    price = Price(
        as_number(row["price_in_usd_mtok"]),
        as_number(row["price_out_usd_mtok"]),
        as_number(row["price_cached_in_usd_mtok"]),
        route=f"{'OpenRouter' if source == 'openrouter' else source} · {source_key}",
    )
    return price if price.known else None


def answer_cost(price: Price | None, input_tokens: int | None, output_tokens: int | None, cached: int | None = None):
    """USD for one answer from its returned usage; None when the usage or the price is unknown.

    OpenAI-style usage counts cached tokens inside prompt_tokens; they are billed at the cached
    price where the catalog states one, else at the input price.
    """
    if price is None or not price.known or input_tokens is None or output_tokens is None:
        return None
    cached = min(cached or 0, input_tokens)
    cached_rate = price.cached_input_usd_mtok if price.cached_input_usd_mtok is not None else price.input_usd_mtok
    usd = (input_tokens - cached) * price.input_usd_mtok + cached * cached_rate + output_tokens * price.output_usd_mtok
    return usd / 1e6


def worst_case_cost(price: Price | None, input_chars: int, max_tokens: int) -> float | None:
    """An upper estimate of one request's cost before sending it: every input character counted
    as a token (real tokenisers give fewer), plus a margin for the chat template, plus the full
    max_tokens of output."""
    if price is None or not price.known:
        return None
    in_rate = max(price.input_usd_mtok, price.cached_input_usd_mtok or 0)
    return ((input_chars + TEMPLATE_TOKENS) * in_rate + max_tokens * price.output_usd_mtok) / 1e6
