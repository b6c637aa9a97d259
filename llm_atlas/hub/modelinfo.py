"""What a Hub ModelInfo says about licence and base model (read by the Hub page and the refresh alike)."""

from __future__ import annotations

from huggingface_hub.hf_api import ModelInfo


def license_of(info: ModelInfo) -> str | None:
    card = info.card_data or {}
    licence = card.get("license") if hasattr(card, "get") else None
    if isinstance(licence, list):
        licence = licence[0] if licence else None
    if not licence:
        licence = next((t.split(":", 1)[1] for t in info.tags or [] if t.startswith("license:")), None)
    return licence


def base_model_of(info: ModelInfo) -> str | None:
    card = info.card_data or {}
    base = card.get("base_model") if hasattr(card, "get") else None
    if isinstance(base, list):
        base = base[0] if base else None
    return base or None
