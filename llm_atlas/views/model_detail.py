"""One model's detail in Explore: its offers and dated scores, and the lines of text that explain
its facts, price and dates."""

from __future__ import annotations

import math

import pandas as pd

from llm_atlas.pipeline.snapshot import Snapshot


def detail(snap: Snapshot, prepared: pd.DataFrame, model_id: str) -> dict | None:
    hit = prepared[prepared["model_id"] == model_id]
    if hit.empty:
        return None
    offers = snap.offers[snap.offers["model_id"] == model_id]
    scores = snap.scores[snap.scores["model_id"] == model_id].sort_values(["source", "benchmark"])
    manifest = snap.manifest.get("sources", {})
    scores = scores.assign(
        as_of=scores["date"].fillna(scores["source"].map(lambda s: manifest.get(s, {}).get("data_as_of")))
    )
    return {"model": hit.iloc[0], "offers": offers.reset_index(drop=True), "scores": scores.reset_index(drop=True)}


def _known(value) -> bool:
    return not pd.isna(value)  # None, NaN and pd.NA alike


def variant_note(m: pd.Series) -> str:
    """What a variant's price is: its base model's, or LMArena's list price for the variant itself."""
    base = m["variant_of"]
    if f"(price of {base})" in str(m["price_source"]):
        return f"Priced as its base model **{base}** ({m['price_source']})."
    return f"A variant of **{base}**; the price shown is listed for this variant itself ({m['price_source']})."


def headline_facts(m: pd.Series) -> dict[str, str]:
    """The four facts at the top of a model's detail, as display text ('unknown' when missing)."""
    return {
        "Openness": str(m["openness"]),
        "Licence": str(m["license"]) if _known(m["license"]) else "unknown",
        "Parameters": f"{float(m['params_b']):,.1f} B" if _known(m["params_b"]) else "unknown",
        "Context (tokens)": f"{int(m['context_tokens']):,}" if _known(m["context_tokens"]) else "unknown",
    }


def _usd(value: float) -> str:
    return f"${value:,.4g}"  # four figures: a route at $2.499 is cheaper than one at $2.50


def price_lines(m: pd.Series) -> list[str]:
    """How the headline price was chosen, and the cheapest paid route beside it ("from $X at Y")."""
    out = []
    if _known(m.get("price_in_usd_mtok")) and _known(m.get("price_out_usd_mtok")):
        rule = m.get("price_rule") if _known(m.get("price_rule")) else "as listed"
        out.append(
            f"Price {_usd(float(m['price_in_usd_mtok']))} in / {_usd(float(m['price_out_usd_mtok']))} out per 1M "
            f"tokens: {rule} ({m['price_source']})."
        )
        cheap_in, cheap_out = m.get("cheapest_in_usd_mtok"), m.get("cheapest_out_usd_mtok")
        cheaper = _known(cheap_in) and _known(cheap_out)
        cheaper = cheaper and not (
            math.isclose(float(cheap_in), float(m["price_in_usd_mtok"]))
            and math.isclose(float(cheap_out), float(m["price_out_usd_mtok"]))
        )
        if cheaper:
            out.append(f"From {_usd(float(cheap_in))} in / {_usd(float(cheap_out))} out at {m['cheapest_source']}.")
    return out


def status_lines(m: pd.Series, today: str | None = None) -> list[str]:
    """Dates a person must not misread: retirement, a gateway's listing date, the snapshot a name serves."""
    out = []
    if _known(m.get("deprecated_on")):
        when = str(m["deprecated_on"])[:10]
        passed = when <= (today or pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d"))
        out.append(
            f"{'Deprecated since' if passed else 'Scheduled for retirement on'} {when} (its maker's route says so)."
        )
    if not _known(m.get("release_date")) and _known(m.get("listed_on")):
        out.append(f"Release date unknown; listed on a gateway (OpenRouter) on {m['listed_on']}.")
    if _known(m.get("points_to")):
        out.append(f"This name serves the dated snapshot {m['points_to']}; scores measured on it say so.")
    if _known(m.get("snapshot_of")):
        out.append(f"A dated snapshot of {m['snapshot_of']}.")
    return out


def hub_facts(m: pd.Series) -> str | None:
    """Downloads, likes and base model of an open model, or None for others."""
    if not _known(m["open_weights"]) or not bool(m["open_weights"]):  # unknown or proprietary
        return None
    parts = []
    if _known(m["downloads"]):
        parts.append(f"downloads (30 d): {int(m['downloads']):,}")
    if _known(m["likes"]):
        parts.append(f"likes: {int(m['likes']):,}")
    if _known(m["base_model"]):
        parts.append(f"base model: {m['base_model']}")
    if _known(m["hf_id"]):
        parts.append(f"Hub id: {m['hf_id']}")
    return " · ".join(parts) if parts else "no Hub facts in this snapshot"


LICENSE_NOTES = {
    "permissive": "Permissive: commercial use, changes and redistribution allowed, usually with attribution.",
    "open-restricted": "Open weights with conditions: read the licence for limits on commercial use, user counts, or acceptable use.",
    "proprietary": "Proprietary: use through the owner's API under its terms; weights are not available.",
}
