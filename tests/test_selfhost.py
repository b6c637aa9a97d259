"""Self-hosting memory from a model's own shape, and Explore's "fits on N GB" agreeing with Costs."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from llm_atlas import selfhost
from llm_atlas.views import explore, monthly_cost


def test_every_bundled_shape_has_a_source_and_sane_numbers():
    with selfhost.SHAPES_FILE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 10
    for row in rows:
        assert row["source_url"].startswith("https://huggingface.co/") and row["source_url"].endswith("config.json")
        assert row["verified_from"].strip()
        assert 1 <= int(row["layers"]) <= 200 and 1 <= int(row["kv_heads"]) <= 128
        assert int(row["head_dim"]) in (64, 80, 96, 128, 256)


def test_qwen25_7b_kv_cache_is_its_grouped_query_shape():
    shape = selfhost.load_shapes()["qwen/qwen2.5-7b-instruct"]
    # Qwen2.5-7B's config.json: 28 layers, 4 KV heads, hidden 3584 / 28 heads = 128.
    assert shape.kv_bytes_per_token() == 2 * 28 * 4 * 128 * 2 == 57_344


def test_shape_from_a_hub_config():
    config = {"num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "hidden_size": 4096}
    assert selfhost.shape_from_config(config, "x").kv_bytes_per_token() == 2 * 32 * 8 * 128 * 2
    nested = {"text_config": {**config, "head_dim": 64}}
    assert selfhost.shape_from_config(nested, "x").head_dim == 64
    assert selfhost.shape_from_config({"num_hidden_layers": 2}, "x") is None


def test_fine_tunes_take_their_base_models_shape():
    shapes = selfhost.load_shapes()
    models = pd.DataFrame(
        {"hf_id": ["someone/qwen-tune", "x/unknown"], "base_model": ["Qwen/Qwen2.5-7B-Instruct", None]}
    )
    out = selfhost.attach_shapes(models, shapes)
    assert out["kv_bytes_per_token"].iloc[0] == 57_344
    assert "base model" in out["shape_source"].iloc[0]
    assert pd.isna(out["kv_bytes_per_token"].iloc[1])


def test_explore_fits_filter_and_costs_estimate_agree(bundled):
    table = explore.prepare(bundled)
    qwen = table[table["hf_id"].str.lower() == "qwen/qwen2.5-7b-instruct"].iloc[0]
    # The Costs page's estimate for the same settings, computed through monthly_cost.serving_memory (KB = 1,000 bytes).
    mem = monthly_cost.serving_memory(
        float(qwen["params_b"]),
        selfhost.FITS_PRECISION,
        selfhost.FITS_CONTEXT_TOKENS,
        selfhost.FITS_CONCURRENCY,
        57_344 / 1e3,
    )
    assert qwen["fits_memory_gb"] == pytest.approx(mem.total_gb)
    assert monthly_cost.gpus_needed(mem.total_gb, 24) == 1  # one RTX 4090
    fits = explore.apply(table, explore.Filters(fits_gb=24.0), bundled.offers).rows
    assert qwen["model_id"] in set(fits["model_id"])
    # Every kept model's own estimate is within 24 GB; none without parameters is kept.
    assert (fits["fits_memory_gb"] <= 24).all() and fits["params_b"].notna().all()
