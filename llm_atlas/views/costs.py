"""The Costs page's logic: URL state, and a workload ranked across the models that can serve it.

A model is left out (and counted) when its context cannot hold one request's input + output
(+ reasoning tokens); reasoning models bill their hidden reasoning tokens as output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import pandas as pd

from llm_atlas import urlstate
from llm_atlas.views import eligibility, monthly_cost

SECTIONS = {"tokens": "Token workload on hosted APIs", "units": "Images, audio, speech", "selfhost": "Self-hosting"}
# URL key -> (Workload field, lowest, highest)
WORKLOAD_PARAMS = {
    "rpd": ("requests_per_day", 0.0, 1e9),
    "in": ("input_tokens", 0.0, 1e8),
    "out": ("output_tokens", 0.0, 1e8),
    "cached": ("cached_share", 0.0, 1.0),
    "batch": ("batch_share", 0.0, 1.0),
    "days": ("days_per_month", 1.0, 31.0),
}
FLOORS = {"": "No quality floor", "half": "Top half of the board", "quarter": "Top quarter of the board"}
_FLOOR_QUANTILE = {"half": 0.5, "quarter": 0.75}
UNKNOWN_CONTEXT_LIMIT = 128_000  # tokens per request up to which a model of unstated context is kept
KNOWN_PARAMS = (*WORKLOAD_PARAMS, "reasoning", "metric", "floor", "section")


@dataclass(frozen=True)
class CostsState:
    workload: monthly_cost.Workload = monthly_cost.PRESETS["Chatbot"]
    reasoning_tokens: float = 0.0  # hidden reasoning tokens per request, on reasoning models
    metric: str = ""
    floor: str = ""
    section: str = "tokens"


def parse(params: Mapping[str, str], metrics: set[str], default_metric: str) -> tuple[CostsState, list[str]]:
    """State from the URL's parameters ({key: value}); odd values fall back to defaults with a notice."""
    notices: list[str] = []
    workload = {}
    for key, (name, low, high) in WORKLOAD_PARAMS.items():
        if key in params:
            value = urlstate.number_between(str(params[key]), low, high)
            if value is None:
                notices.append(f"'{key}' must be a number from {low:g} to {high:g}; the default is used.")
            else:
                workload[name] = value
    state = CostsState(metric=default_metric)
    state = replace(state, workload=replace(state.workload, **workload))
    if "reasoning" in params:
        value = urlstate.number_between(str(params["reasoning"]), 0.0, 1e7)
        if value is None:
            notices.append("'reasoning' must be a number of tokens; ignored.")
        else:
            state = replace(state, reasoning_tokens=value)
    for key, allowed in (("metric", metrics), ("floor", set(FLOORS)), ("section", set(SECTIONS))):
        if key in params:
            if params[key] in allowed:
                state = replace(state, **{key: params[key]})
            else:
                notices.append(f"Unknown {key} '{urlstate.echo(params[key], 30)}' ignored.")
    return state, notices


def to_params(state: CostsState) -> dict[str, str]:
    """The URL parameters that reproduce `state` (every workload number, so a shared link prices the same)."""
    out = {key: f"{getattr(state.workload, name):g}" for key, (name, _, _) in WORKLOAD_PARAMS.items()}
    if state.reasoning_tokens:
        out["reasoning"] = f"{state.reasoning_tokens:g}"
    out |= {"metric": state.metric, "section": state.section}
    if state.floor:
        out["floor"] = state.floor
    return out


def workload_fields() -> list[str]:
    return [f.name for f in fields(monthly_cost.Workload)]


def floor_value(scores: pd.DataFrame, metric: str, floor: str) -> float | None:
    """The score a model needs to be in the top half (or quarter) of the whole board for `metric`."""
    if floor not in _FLOOR_QUANTILE:
        return None
    board = scores.loc[scores["benchmark"] == metric].groupby("model_id")["value"].max()
    return float(board.quantile(_FLOOR_QUANTILE[floor])) if len(board) else None


@dataclass
class Ranking:
    cheapest: pd.DataFrame  # one row per model: cheapest offer for the workload, cheapest first
    no_price: pd.DataFrame  # filtered models without a token price
    too_small: pd.DataFrame  # priced models whose context cannot hold one request (or is unstated, for long ones)
    unknown_context: int  # models kept although no source states their context
    below_floor: int  # priced models under the quality floor (or without the metric, when a floor is set)
    free_only: int  # models with only 0/0 offers
    floor: float | None
    needed_tokens: float


def rank(
    models: pd.DataFrame,
    offers: pd.DataFrame,
    scores: pd.DataFrame,
    state: CostsState,
) -> Ranking:
    """Price the workload on every offer of `models`, keep each model's cheapest, drop what cannot serve it."""
    w = state.workload
    # Text models only (an image model's image-token prices never price a chat workload), on routes
    # not yet retired.
    models = eligibility.token_workload_models(models, include_deprecated=True)
    offers = eligibility.current_offers(offers[offers["model_id"].isin(models["model_id"])])
    reasoning_ids = set(models.loc[models["supports_reasoning"].fillna(False).astype(bool), "model_id"])
    is_reasoning = offers["model_id"].isin(reasoning_ids)
    priced = [monthly_cost.price_offers(offers[~is_reasoning], w)]
    if state.reasoning_tokens and is_reasoning.any():
        thinking = replace(w, output_tokens=w.output_tokens + state.reasoning_tokens)
        priced.append(monthly_cost.price_offers(offers[is_reasoning], thinking))
    else:
        priced.append(monthly_cost.price_offers(offers[is_reasoning], w))
    priced = pd.concat([p for p in priced if len(p)]) if any(len(p) for p in priced) else priced[0]
    names = models.set_index("model_id")
    # The route's own context where it states one, else the model's.
    context = pd.to_numeric(priced["context_tokens"], errors="coerce").astype(float)
    context = context.where(context > 0, priced["model_id"].map(names["context_tokens"]).astype(float))
    needed = (
        w.input_tokens + w.output_tokens + is_reasoning.reindex(priced.index).fillna(False) * state.reasoning_tokens
    )
    # Unknown context is kept for ordinary requests (no source says it is too small), but not for
    # long ones, where most models fail: a 2M-token request is priced only where a source says it fits.
    fits = (context >= needed) | (context.isna() & (needed <= UNKNOWN_CONTEXT_LIMIT))
    priced = priced.assign(context_tokens=context)  # the context the check used
    cheapest = monthly_cost.cheapest_per_model(priced[fits])
    too_small = monthly_cost.cheapest_per_model(priced[~fits])
    too_small = too_small[~too_small["model_id"].isin(cheapest["model_id"])]
    quality = scores[scores["benchmark"] == state.metric].groupby("model_id")["value"].max()
    cheapest = cheapest.assign(
        name=cheapest["model_id"].map(names["name"]),
        quality=cheapest["model_id"].map(quality).astype(float),
        reasoning=cheapest["model_id"].isin(reasoning_ids),
    )
    floor = floor_value(scores, state.metric, state.floor)
    below = 0
    if floor is not None:
        keep = cheapest["quality"] >= floor
        below = int((~keep).sum())
        cheapest = cheapest[keep].reset_index(drop=True)
    priced_ids = set(priced["model_id"])
    return Ranking(
        cheapest=cheapest.assign(
            input_share=cheapest["cost_input"] / cheapest["monthly_usd"],
            cached_share=cheapest["cost_cached"] / cheapest["monthly_usd"],
            output_share=cheapest["cost_output"] / cheapest["monthly_usd"],
        ),
        no_price=models[~models["model_id"].isin(priced_ids)],
        too_small=too_small.assign(name=too_small["model_id"].map(names["name"])),
        unknown_context=int(cheapest["context_tokens"].isna().sum()),
        below_floor=below,
        free_only=int(monthly_cost.free_offers(offers)["model_id"].nunique()),
        floor=floor,
        needed_tokens=w.input_tokens + w.output_tokens,
    )


TABLE_COLUMNS = [
    "name",
    "quality",
    "monthly_usd",
    "per_1k_requests_usd",
    "provider",
    "input_share",
    "cached_share",
    "output_share",
    "context_tokens",
    "long_context_tier",
    "model_id",
]
