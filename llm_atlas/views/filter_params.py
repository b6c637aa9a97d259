"""The catalog filters <-> URL query parameters: the sidebar filters Explore, Quality vs cost and Costs
share, written to and read back from a link (screened by `llm_atlas.urlstate`)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields

import pandas as pd

from llm_atlas import urlstate
from llm_atlas.views.explore import ARCHITECTURES, CAPABILITIES, FILTER_LABELS, OPENNESS, PRESETS, Filters

_LIST_PARAMS = {
    "task": "tasks",
    "open": "openness",
    "license_class": "license_classes",
    "license": "licenses",
    "creator": "creators",
    "provider": "providers",
    "arch": "architectures",
    "cap": "capabilities",
}
_NUMBER_PARAMS = {
    "params_min": "params_min",
    "params_max": "params_max",
    "context_min": "context_min",
    "price_min": "price_min",
    "price_max": "price_max",
    "fits_gb": "fits_gb",
}
_DATE_PARAMS = {"from": "date_from", "to": "date_to"}
_FLAG_PARAMS = {"moe": "moe_only", "scored": "scored_only", "deprecated": "include_deprecated"}
KNOWN_PARAMS = {*_LIST_PARAMS, *_NUMBER_PARAMS, *_DATE_PARAMS, *_FLAG_PARAMS, "q", "model", "preset"}


def vocabularies(df: pd.DataFrame, offers: pd.DataFrame) -> dict[str, set[str]]:
    """What each list filter may hold: anything else in a URL is ignored."""
    return {
        "tasks": set(df["task"].dropna()),
        "openness": set(OPENNESS),
        "license_classes": set(df["license_class"].dropna()),
        "licenses": set(df["license"].dropna()),
        "creators": set(df["creator"].dropna()),
        "providers": set(offers["provider"].dropna()),
        "architectures": set(ARCHITECTURES),
        "capabilities": set(CAPABILITIES),
    }


def to_query_params(filters: Filters, model: str | None = None) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, name in _LIST_PARAMS.items():
        if getattr(filters, name):
            out[key] = ",".join(getattr(filters, name))
    for key, name in _NUMBER_PARAMS.items():
        value = getattr(filters, name)
        if value is not None:
            out[key] = f"{value:g}"
    for key, name in _DATE_PARAMS.items():
        if getattr(filters, name):
            out[key] = getattr(filters, name)
    for key, name in _FLAG_PARAMS.items():
        if getattr(filters, name):
            out[key] = "1"
    if filters.search:
        out["q"] = filters.search
    if model:
        out["model"] = model
    return out


def from_query_params(
    params: Mapping[str, list[str]], vocab: dict[str, set[str]]
) -> tuple[Filters, str | None, list[str]]:
    """Parse URL parameters ({key: [values]}) into filters, a model id and notices.

    Anything unknown, repeated, over-long, with control characters, or out of range is
    ignored with a short notice; nothing here raises.
    """
    notices: list[str] = []
    values: dict[str, object] = {}
    model = None
    if "preset" in params and len(params["preset"]) == 1 and params["preset"][0] in PRESETS:
        values.update({f.name: getattr(PRESETS[params["preset"][0]][1], f.name) for f in fields(Filters)})
    for key, raw, notice in urlstate.screened(params, KNOWN_PARAMS):
        if notice:
            notices.append(notice)
            continue
        if key == "preset":
            if raw not in PRESETS:
                notices.append(f"Unknown preset ignored: '{raw[:40]}'.")
            continue
        problem = _parse_one(key, raw, vocab, values)
        if problem:
            notices.append(problem)
        if key == "model":
            model = raw
    return Filters(**values), model, notices


def _parse_one(key: str, raw: str, vocab: dict[str, set[str]], values: dict) -> str | None:
    if key in _LIST_PARAMS:
        name = _LIST_PARAMS[key]
        items = urlstate.split_list(raw)
        unknown = [x for x in items if x not in vocab[name]]
        known = tuple(x for x in items if x in vocab[name])
        if known:
            values[name] = known
        if unknown:
            return f"Unknown {FILTER_LABELS[name].lower()} value(s) ignored: {', '.join(u[:30] for u in unknown[:3])}."
        return None
    if key in _NUMBER_PARAMS:
        try:
            number = float(raw)
        except ValueError:
            return f"'{key}' must be a number; ignored."
        if not math.isfinite(number) or number < 0 or number > 1e12:
            return f"'{key}' is out of range; ignored."
        values[_NUMBER_PARAMS[key]] = int(number) if key == "context_min" else number
        return None
    if key in _DATE_PARAMS:
        if not urlstate.is_date(raw):
            return f"'{key}' must be a date YYYY-MM-DD; ignored."
        values[_DATE_PARAMS[key]] = raw
        return None
    if key in _FLAG_PARAMS:
        if raw not in ("0", "1", "true", "false"):
            return f"'{key}' must be 1 or 0; ignored."
        values[_FLAG_PARAMS[key]] = raw in ("1", "true")
        return None
    if key == "q":
        values["search"] = raw
    return None
