"""A workload priced per month across offers, and a self-hosting estimate for open models.

All arithmetic is here, in plain numbers and pandas, so it can be checked by hand.
Prices are USD per 1M tokens (or per image, per audio minute, per 1M characters).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from llm_atlas import selfhost

MAX_TOKENS_PER_MONTH = 1e12  # beyond this a workload is almost surely a typo
LONG_CONTEXT_THRESHOLD = 200_000  # tokens: LiteLLM's "above 200k" price tier


@dataclass(frozen=True)
class Workload:
    requests_per_day: float
    input_tokens: float  # average per request
    output_tokens: float
    cached_share: float = 0.0  # of input tokens, served from the provider's prompt cache
    batch_share: float = 0.0  # of requests, sent through a batch API where one exists
    days_per_month: float = 30.0

    @property
    def requests_per_month(self) -> float:
        return self.requests_per_day * self.days_per_month


PRESETS: dict[str, Workload] = {
    "Chatbot": Workload(1_000, 800, 300, cached_share=0.3),
    "RAG over documents": Workload(2_000, 6_000, 400, cached_share=0.5),
    "Summarisation": Workload(500, 8_000, 500, batch_share=0.5),
    "Code assistant": Workload(3_000, 3_000, 600, cached_share=0.6),
    "Classification": Workload(20_000, 400, 5, batch_share=0.8),
}


def problems(w: Workload) -> list[str]:
    """What is wrong with a workload, in words; empty when it can be priced."""
    out = []
    if w.requests_per_day <= 0:
        out.append("Requests per day must be more than zero.")
    if w.input_tokens < 0 or w.output_tokens < 0:
        out.append("Token counts cannot be negative.")
    if w.input_tokens + w.output_tokens <= 0:
        out.append("A request needs some input or output tokens.")
    if not 0 <= w.cached_share <= 1 or not 0 <= w.batch_share <= 1:
        out.append("Cached and batch shares must be between 0 and 1.")
    if not 1 <= w.days_per_month <= 31:
        out.append("Days per month must be between 1 and 31.")
    monthly = w.requests_per_month * (w.input_tokens + w.output_tokens)
    if monthly > MAX_TOKENS_PER_MONTH:
        out.append(f"That is {monthly:.3g} tokens a month, more than {MAX_TOKENS_PER_MONTH:.0e}: check the numbers.")
    return out


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(df[name], errors="coerce").astype(float)


def price_offers(offers: pd.DataFrame, w: Workload) -> pd.DataFrame:
    """Monthly cost of the workload on every token-priced offer (rows without both prices are dropped).

    Per request, input tokens are split into cached and fresh; a batch share of requests
    pays batch prices where the offer has them. If the average input crosses the
    long-context threshold and the offer has tier prices, the whole request pays them.
    """
    df = offers.copy()
    p_in, p_out = _col(df, "price_in_usd_mtok"), _col(df, "price_out_usd_mtok")
    long = w.input_tokens > LONG_CONTEXT_THRESHOLD
    if long:
        p_in = _col(df, "price_in_above_200k_usd_mtok").fillna(p_in)
        p_out = _col(df, "price_out_above_200k_usd_mtok").fillna(p_out)
    p_cached = _col(df, "price_cached_in_usd_mtok").fillna(p_in)
    b_in = _col(df, "price_in_batch_usd_mtok").fillna(p_in)
    b_out = _col(df, "price_out_batch_usd_mtok").fillna(p_out)
    n = w.requests_per_month
    fresh_in = n * w.input_tokens * (1 - w.cached_share) / 1e6
    cached_in = n * w.input_tokens * w.cached_share / 1e6
    out_tok = n * w.output_tokens / 1e6
    batch, live = w.batch_share, 1 - w.batch_share
    # Cached input is billed at the cached price whether or not the request is batched.
    df["cost_input"] = fresh_in * (live * p_in + batch * b_in)
    df["cost_cached"] = cached_in * p_cached
    df["cost_output"] = out_tok * (live * p_out + batch * b_out)
    df["monthly_usd"] = df["cost_input"] + df["cost_cached"] + df["cost_output"]
    df["per_1k_requests_usd"] = df["monthly_usd"] / n * 1000
    df["long_context_tier"] = long & offers["price_in_above_200k_usd_mtok"].notna()
    # 0/0 offers are local runners or free promotional tiers, not a price to plan on.
    return df[p_in.notna() & p_out.notna() & ((p_in > 0) | (p_out > 0))]


def free_offers(offers: pd.DataFrame) -> pd.DataFrame:
    """Offers priced zero for both input and output (free tiers, local runners)."""
    return offers[(_col(offers, "price_in_usd_mtok") == 0) & (_col(offers, "price_out_usd_mtok") == 0)]


def cheapest_per_model(priced: pd.DataFrame) -> pd.DataFrame:
    """One row per model: its cheapest offer for this workload."""
    return priced.sort_values("monthly_usd").drop_duplicates("model_id").reset_index(drop=True)


UNIT_PRICES = {
    "image-generation": ("price_per_image_usd", "images per month"),
    "speech-to-text": ("price_per_audio_min_usd", "audio minutes per month"),
    "text-to-speech": ("price_per_mchar_usd", "million characters per month"),
}


def price_units(offers: pd.DataFrame, task: str, units_per_month: float) -> pd.DataFrame:
    """Monthly cost for non-token tasks: units × the offer's unit price."""
    if units_per_month < 0:
        raise ValueError("units per month cannot be negative")
    column, _ = UNIT_PRICES[task]
    df = offers[_col(offers, column).gt(0)].copy()
    df["unit_price"] = _col(df, column)
    df["monthly_usd"] = df["unit_price"] * units_per_month
    return df.sort_values("monthly_usd").drop_duplicates("model_id").reset_index(drop=True)


# --- self-hosting -------------------------------------------------------------------------

# The memory arithmetic lives in selfhost.py, shared with Explore's "fits on N GB" filter.
PRECISION_BYTES = selfhost.PRECISION_BYTES
OVERHEAD_SHARE = selfhost.OVERHEAD_SHARE
# KV cache per token at 16-bit when the model's shape is unknown: Llama-3-70B's, 327,680 bytes.
DEFAULT_KV_KB_PER_TOKEN = selfhost.ASSUMED_KV_BYTES_PER_TOKEN / 1e3  # KB = 1,000 bytes
GPU_PRICES_AS_OF = "2026-11"
DEFAULT_GPUS = pd.DataFrame(
    {
        "gpu": ["H100 80GB", "A100 80GB", "L40S 48GB", "A10G 24GB", "RTX 4090 24GB"],
        "memory_gb": [80.0, 80.0, 48.0, 24.0, 24.0],
        "usd_per_hour": [2.50, 1.60, 1.00, 0.75, 0.40],  # illustrative on-demand cloud prices, not quotes
    }
)
MemoryEstimate = selfhost.MemoryEstimate


def serving_memory(
    params_b: float,
    precision: str,
    context_tokens: int,
    concurrency: int,
    kv_kb_per_token: float = DEFAULT_KV_KB_PER_TOKEN,
) -> MemoryEstimate:
    """GB to serve a model (selfhost.serving_memory), with the KV cache per token given in KB (1,000 bytes)."""
    if kv_kb_per_token < 0:
        raise ValueError("KV cache per token cannot be negative")
    return selfhost.serving_memory(params_b, precision, context_tokens, concurrency, kv_kb_per_token * 1e3)


gpus_needed = selfhost.gpus_needed


def self_host_cost_per_mtok(n_gpus: int, usd_per_hour: float, tokens_per_second: float) -> float:
    """USD per 1M generated tokens at a sustained throughput."""
    if tokens_per_second <= 0:
        raise ValueError("throughput must be positive")
    return n_gpus * usd_per_hour / (tokens_per_second * 3600) * 1e6


def break_even_tokens_per_month(
    n_gpus: int, usd_per_hour: float, hosted_usd_per_mtok: float, hours_per_month: float = 730.0
) -> float | None:
    """Monthly tokens above which GPUs running all month cost less than the hosted price."""
    if hosted_usd_per_mtok <= 0:
        return None
    return n_gpus * usd_per_hour * hours_per_month / hosted_usd_per_mtok * 1e6
