"""The self-hosting estimate for one open model: memory from its shape, GPUs needed, break-even."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from llm_atlas import selfhost
from llm_atlas.views import monthly_cost


@dataclass
class Estimate:
    memory: selfhost.MemoryEstimate
    kv_bytes_per_token: float
    shape_note: str  # where the KV size comes from, or the assumption
    gpus: pd.DataFrame  # per GPU class: GPUs needed, USD/hour, break-even, optional USD per 1M tokens
    hosted_price: float | None  # cheapest hosted output price, USD / 1M tokens


def estimate(
    model: pd.Series,
    offers: pd.DataFrame,
    gpus: pd.DataFrame,
    precision: str,
    context: int,
    concurrency: int,
    throughput: float | None,
) -> Estimate:
    """Memory to serve `model` (a prepared catalog row) and what each GPU class costs for it."""
    known = pd.notna(model.get("kv_bytes_per_token"))
    kv = float(model["kv_bytes_per_token"]) if known else float(selfhost.ASSUMED_KV_BYTES_PER_TOKEN)
    note = (
        f"KV cache {kv:,.0f} bytes per token at 16-bit, from the model's config.json ({model['shape_source']})"
        if known
        else f"Shape unknown: assumed {kv:,.0f} bytes per token at 16-bit (Llama-3-70B's shape, on the high side)"
    )
    mem = selfhost.serving_memory(float(model["params_b"]), precision, context, concurrency, kv)
    hosted = offers[(offers["model_id"] == model["model_id"]) & offers["price_out_usd_mtok"].gt(0)]
    hosted_price = float(hosted["price_out_usd_mtok"].min()) if len(hosted) else None
    rows = []
    for g in gpus.dropna(subset=["memory_gb", "usd_per_hour"]).itertuples():
        if g.memory_gb <= 0 or g.usd_per_hour < 0:
            continue
        n = selfhost.gpus_needed(mem.total_gb, g.memory_gb)
        even = monthly_cost.break_even_tokens_per_month(n, g.usd_per_hour, hosted_price) if hosted_price else None
        rows.append(
            {
                "gpu": g.gpu,
                "gpus": n,
                "usd_per_hour": n * g.usd_per_hour,
                "usd_per_mtok": monthly_cost.self_host_cost_per_mtok(n, g.usd_per_hour, throughput)
                if throughput
                else None,
                "break_even_mtok_per_month": even / 1e6 if even else None,
            }
        )
    return Estimate(mem, kv, note, pd.DataFrame(rows), hosted_price)
