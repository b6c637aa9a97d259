"""Workload pricing and self-hosting arithmetic, checked against hand-computed values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from llm_atlas.views import monthly_cost
from llm_atlas.views.monthly_cost import Workload


def offer(**prices) -> pd.DataFrame:
    base = dict(
        model_id="m",
        provider="p",
        price_in_usd_mtok=None,
        price_out_usd_mtok=None,
        price_cached_in_usd_mtok=None,
        price_in_batch_usd_mtok=None,
        price_out_batch_usd_mtok=None,
        price_in_above_200k_usd_mtok=None,
        price_out_above_200k_usd_mtok=None,
        price_per_image_usd=None,
        price_per_audio_min_usd=None,
        price_per_mchar_usd=None,
    )
    return pd.DataFrame([{**base, **prices}])


def test_plain_monthly_cost():
    # 1,000 req/day × 30 days = 30,000 requests; 1,000 in and 200 out each:
    # input 30M tokens × $2.50 = $75; output 6M × $10 = $60; total $135; per 1k requests $4.50.
    row = monthly_cost.price_offers(
        offer(price_in_usd_mtok=2.5, price_out_usd_mtok=10.0), Workload(1000, 1000, 200)
    ).iloc[0]
    assert (row.cost_input, row.cost_cached, row.cost_output, row.monthly_usd) == pytest.approx(
        (75.0, 0.0, 60.0, 135.0)
    )
    assert row.per_1k_requests_usd == pytest.approx(4.5)


def test_cache_and_batch_discounts():
    w = Workload(1000, 1000, 200, cached_share=0.5, batch_share=0.5)
    o = offer(
        price_in_usd_mtok=2.5,
        price_out_usd_mtok=10.0,
        price_cached_in_usd_mtok=1.25,
        price_in_batch_usd_mtok=1.25,
        price_out_batch_usd_mtok=5.0,
    )
    row = monthly_cost.price_offers(o, w).iloc[0]
    # fresh input 15M: half live at 2.5, half batch at 1.25 -> 15 × 1.875 = 28.125
    # cached input 15M at 1.25 = 18.75; output 6M: half at 10, half at 5 -> 6 × 7.5 = 45
    assert (row.cost_input, row.cost_cached, row.cost_output) == pytest.approx((28.125, 18.75, 45.0))
    assert row.monthly_usd == pytest.approx(91.875)
    # Without cached or batch prices, those shares pay the normal price.
    plain = monthly_cost.price_offers(offer(price_in_usd_mtok=2.5, price_out_usd_mtok=10.0), w).iloc[0]
    assert plain.monthly_usd == pytest.approx(135.0)


def test_long_context_tier():
    o = offer(
        price_in_usd_mtok=1.25,
        price_out_usd_mtok=10.0,
        price_in_above_200k_usd_mtok=2.5,
        price_out_above_200k_usd_mtok=15.0,
    )
    short = monthly_cost.price_offers(o, Workload(10, 100_000, 1000, days_per_month=30)).iloc[0]
    long = monthly_cost.price_offers(o, Workload(10, 300_000, 1000, days_per_month=30)).iloc[0]
    # 300 requests: short 30M in × 1.25 + 0.3M out × 10 = 37.5 + 3; long 90M × 2.5 + 0.3M × 15 = 225 + 4.5
    assert short.monthly_usd == pytest.approx(40.5) and not short.long_context_tier
    assert long.monthly_usd == pytest.approx(229.5) and long.long_context_tier


def test_unpriced_and_free_offers_are_not_free_winners():
    both = pd.concat(
        [
            offer(price_in_usd_mtok=0.0, price_out_usd_mtok=0.0),
            offer(model_id="x", price_in_usd_mtok=None, price_out_usd_mtok=None),
        ]
    )
    assert monthly_cost.price_offers(both, Workload(1, 1, 1)).empty
    assert len(monthly_cost.free_offers(both)) == 1


def test_units_priced_in_their_own_unit():
    o = pd.concat([offer(price_per_audio_min_usd=0.006), offer(model_id="n", price_per_audio_min_usd=None)])
    out = monthly_cost.price_units(o, "speech-to-text", 1000)
    assert out["monthly_usd"].tolist() == pytest.approx([6.0]) and out["model_id"].tolist() == ["m"]
    with pytest.raises(ValueError):
        monthly_cost.price_units(o, "speech-to-text", -1)


@pytest.mark.parametrize(
    ("w", "fragment"),
    [
        (Workload(0, 100, 100), "more than zero"),
        (Workload(-5, 100, 100), "more than zero"),
        (Workload(10, -1, 100), "cannot be negative"),
        (Workload(10, 0, 0), "some input or output"),
        (Workload(1e9, 1e6, 1e3), "check the numbers"),
        (Workload(10, 10, 10, cached_share=1.5), "between 0 and 1"),
        (Workload(10, 10, 10, days_per_month=45), "between 1 and 31"),
    ],
)
def test_bad_workloads_get_a_message(w, fragment):
    assert any(fragment in p for p in monthly_cost.problems(w))


def test_good_workload_has_no_problem():
    assert monthly_cost.problems(monthly_cost.PRESETS["RAG over documents"]) == []


def test_memory_for_a_known_model():
    m = monthly_cost.serving_memory(70.6, "fp16 / bf16", 8192, 1)
    assert m.weights_gb == pytest.approx(141.2)  # 70.6e9 params × 2 bytes
    # Unknown shape: Llama-3-70B's KV cache, 2 × 80 layers × 8 KV heads × 128 × 2 bytes per token.
    assert m.kv_cache_gb == pytest.approx(8192 * 327_680 / 1e9)  # 2.68 GB
    assert m.total_gb == pytest.approx((141.2 + 8192 * 327_680 / 1e9) * 1.1)
    int4 = monthly_cost.serving_memory(70.6, "int4", 8192, 1)
    assert int4.weights_gb == pytest.approx(35.3) and int4.kv_cache_gb == pytest.approx(m.kv_cache_gb / 4)
    assert monthly_cost.gpus_needed(m.total_gb, 80) == 2 and monthly_cost.gpus_needed(10, 80) == 1
    with pytest.raises(ValueError):
        monthly_cost.serving_memory(0, "int8", 1, 1)


def test_self_host_cost_and_break_even():
    # 2 GPUs × $2.50 / h at 1,000 tokens/s: $5 per 3.6M tokens = $1.3889 per 1M.
    assert monthly_cost.self_host_cost_per_mtok(2, 2.5, 1000) == pytest.approx(5 / 3.6)
    # $5/h × 730 h = $3,650 a month; at a hosted $0.73 per 1M tokens that is 5,000M tokens.
    assert monthly_cost.break_even_tokens_per_month(2, 2.5, 0.73) == pytest.approx(5e9)
    assert monthly_cost.break_even_tokens_per_month(2, 2.5, 0) is None
    assert math.isclose(monthly_cost.self_host_cost_per_mtok(1, 0.4, 100), 0.4 / 0.36)
