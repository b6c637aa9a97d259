"""Memory to serve an open model, from its own shape: the ONE function Explore's "fits on N GB"
filter and the Costs page's self-hosting estimate share, so the two never disagree.

KV cache per token = 2 (K and V) × layers × KV heads × head dim × bytes per value. The shape
comes from a bundled table of real config.json values (data/model_shapes.csv, a source per row),
a model's base model in that table, or a Hub config.json; else an assumption, shown as such.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from llm_atlas import BUNDLED_DATA_DIR

SHAPES_FILE = BUNDLED_DATA_DIR / "model_shapes.csv"
PRECISION_BYTES = {"fp16 / bf16": 2.0, "int8": 1.0, "int4": 0.5}
OVERHEAD_SHARE = 0.10  # runtime, activations and fragmentation on top of weights + KV cache
# When a model's shape is unknown: Llama-3-70B's (80 layers × 8 KV heads × 128 × 2 × 2 bytes =
# 327,680 bytes), on the high side for most open models, so an estimate errs towards "needs more".
ASSUMED_KV_BYTES_PER_TOKEN = 2 * 80 * 8 * 128 * 2
# What "fits on N GB" means in Explore: 16-bit weights, one request of this many tokens.
FITS_PRECISION = "fp16 / bf16"
FITS_CONTEXT_TOKENS = 8192
FITS_CONCURRENCY = 1


@dataclass(frozen=True)
class Shape:
    layers: int
    kv_heads: int
    head_dim: int
    source: str  # where the numbers come from (a URL)

    def kv_bytes_per_token(self, bytes_per_value: float = 2.0) -> float:
        return 2 * self.layers * self.kv_heads * self.head_dim * bytes_per_value


def load_shapes(path: Path = SHAPES_FILE) -> dict[str, Shape]:
    """The bundled shapes, keyed by lower-case Hugging Face id."""
    out = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["hf_id"].strip().lower()] = Shape(
                int(row["layers"]), int(row["kv_heads"]), int(row["head_dim"]), row["source_url"].strip()
            )
    return out


def shape_from_config(config: dict, source: str) -> Shape | None:
    """A shape from a Hub config.json (the text config of a multimodal model when nested)."""
    config = config.get("text_config", config) if isinstance(config, dict) else {}
    try:
        layers = int(config["num_hidden_layers"])
        heads = int(config["num_attention_heads"])
        kv_heads = int(config.get("num_key_value_heads") or heads)
        head_dim = int(config.get("head_dim") or int(config["hidden_size"]) // heads)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if min(layers, kv_heads, head_dim) <= 0:
        return None
    return Shape(layers, kv_heads, head_dim, source)


def attach_shapes(models: pd.DataFrame, shapes: dict[str, Shape]) -> pd.DataFrame:
    """`kv_bytes_per_token` (16-bit) and `shape_source` for models whose shape is known: their own
    Hugging Face id in the table, else their base model's. Others stay blank."""
    own = models["hf_id"].astype("string").str.lower()
    base = models["base_model"].astype("string").str.lower() if "base_model" in models else own * pd.NA
    kv, source = [], []
    for o, b in zip(own.fillna(""), base.fillna(""), strict=True):
        shape = shapes.get(o) or shapes.get(b)
        kv.append(shape.kv_bytes_per_token() if shape else np.nan)
        note = "" if not shape else (shape.source if o in shapes else f"{shape.source} (its base model {b})")
        source.append(note or pd.NA)
    return models.assign(
        kv_bytes_per_token=pd.Series(kv, index=models.index, dtype="Float64"),
        shape_source=pd.Series(source, index=models.index, dtype="string"),
    )


@dataclass(frozen=True)
class MemoryEstimate:
    weights_gb: float
    kv_cache_gb: float
    overhead_gb: float

    @property
    def total_gb(self) -> float:
        return self.weights_gb + self.kv_cache_gb + self.overhead_gb


def serving_memory(
    params_b,
    precision: str,
    context_tokens: int,
    concurrency: int,
    kv_bytes_per_token_16bit=ASSUMED_KV_BYTES_PER_TOKEN,
):
    """GB to serve: weights = params × bytes; KV = tokens in flight × KV bytes per token (given at
    16-bit, scaled with the precision like the weights); plus overhead. Numbers or pandas Series."""
    if context_tokens <= 0 or concurrency <= 0:
        raise ValueError("context and concurrency must be positive")
    if np.any(np.asarray(params_b, dtype=float) <= 0):
        raise ValueError("parameters must be positive")
    bytes_per_value = PRECISION_BYTES[precision]
    weights = params_b * bytes_per_value  # 1e9 parameters × bytes / 1e9 bytes per GB
    kv = context_tokens * concurrency * kv_bytes_per_token_16bit * (bytes_per_value / 2) / 1e9
    return MemoryEstimate(weights, kv, (weights + kv) * OVERHEAD_SHARE)


def fits_memory_gb(params_b: pd.Series, kv_bytes_per_token: pd.Series) -> pd.Series:
    """GB each model needs for Explore's "fits on N GB" (FITS_* settings); blank without parameters."""
    params = pd.to_numeric(params_b, errors="coerce").astype(float)
    kv = pd.to_numeric(kv_bytes_per_token, errors="coerce").astype(float).fillna(ASSUMED_KV_BYTES_PER_TOKEN)
    ok = params > 0
    mem = serving_memory(params.where(ok, 1.0), FITS_PRECISION, FITS_CONTEXT_TOKENS, FITS_CONCURRENCY, kv)
    return mem.total_gb.where(ok)


def gpus_needed(memory_gb: float, gpu_memory_gb: float) -> int:
    return max(1, math.ceil(memory_gb / gpu_memory_gb))
