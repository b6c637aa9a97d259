"""Variants: a name that only adds a setting or a snapshot date to a priced model's name is that
model's variant, and borrows what it lacks (its price, saying so, and the facts a setting does not change)."""

from __future__ import annotations

import pandas as pd

from llm_atlas.pipeline import identity
from llm_atlas.pipeline.headline import PRICE_COLUMNS, has_price
from llm_atlas.pipeline.normalise import variant_bases


def price_listed(models: pd.DataFrame, offers: pd.DataFrame) -> set[str]:
    """Models a price list (LiteLLM, OpenRouter, llm-stats) prices under their own name. LMArena's
    list prices are real but come with the ratings, so they do not make a rating joined."""
    listed = offers[(offers["source"] != "lmarena") & has_price(offers)]
    return set(listed["model_id"]) & set(models["model_id"])


# What a setting or a snapshot date does not change, so a variant no source describes has its base's:
# 'gpt-5-high' has gpt-5's context window and tools. Not the release date or the parameter count.
VARIANT_FACTS = (
    "creator", "open_weights", "license", "context_tokens", "max_output_tokens", "input_modalities",
    "output_modalities", "supports_tools", "supports_vision", "supports_reasoning", "supports_json",
    "deprecated_on",
)  # fmt: skip


def link_variants(models: pd.DataFrame, offers: pd.DataFrame, groups, model_of_group, rec_keys) -> pd.DataFrame:
    """A model no price list sells under its own name (or whose name only adds a setting: o3-mini-high),
    whose name reduces to a priced model's, is
    that model's variant ('gpt-5-high' of 'gpt-5'). It borrows the base's price only when it has
    none of its own (LMArena's list price for the exact variant is more specific), and the facts in
    VARIANT_FACTS no source gives for it."""
    listed = price_listed(models, offers)
    models = models.set_index("model_id")
    priced = set(models.index[has_price(models.reset_index()).to_numpy()])
    name_to_model: dict[str, str] = {}
    for root, recs in groups.items():
        for rec in recs:
            for k in rec_keys[rec]:
                if k.startswith("n:"):
                    name_to_model.setdefault(k[2:], model_of_group[root])
    models["variant_of"] = pd.NA
    models["setting"] = pd.NA
    for model_id in models.index:
        setting = identity.setting_of(model_id)
        if model_id in listed and not setting:
            continue  # a name a price list sells is a model, unless it only names a setting
        for base in variant_bases(model_id):
            target = name_to_model.get(base)
            if target in priced and target != model_id:
                models.loc[model_id, "variant_of"] = target
                models.loc[model_id, "setting"] = setting
                if model_id not in priced:
                    for col in (*PRICE_COLUMNS, "price_rule", "cheapest_in_usd_mtok", "cheapest_out_usd_mtok"):
                        models.loc[model_id, col] = models.loc[target, col]
                    models.loc[model_id, "price_source"] = f"{models.loc[target, 'price_source']} (price of {target})"
                for col in VARIANT_FACTS:
                    if pd.isna(models.loc[model_id, col]):
                        models.loc[model_id, col] = models.loc[target, col]
                break
    return models.reset_index()
