"""The Hub page's query parameters <-> its search, screened (odd values fall back and are named)."""

from __future__ import annotations

import re

from llm_atlas.hub.search import LIBRARIES, LICENCES, MAX_PAGES, SORTS, TASKS, HubQuery
from llm_atlas.urlstate import screened

# --- URL state -----------------------------------------------------------------------------------

URL_KEYS = ("q", "task", "license", "library", "params", "gated", "sort", "page", "model")
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}(/[\w.-]{1,96})?$")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)?-(\d+(?:\.\d+)?)?$")


def valid_repo_id(text: str) -> bool:
    return bool(_REPO_ID.match(text or ""))


def to_query_params(query: HubQuery, model: str | None = None) -> dict[str, str]:
    out = {
        "q": query.search.strip(),
        "task": query.task or "",
        "license": query.licence or "",
        "library": query.library or "",
        "params": _range_text(query.params_min_b, query.params_max_b),
        "gated": {True: "yes", False: "no"}.get(query.gated, ""),
        "sort": query.sort if query.sort != HubQuery.sort else "",
        "page": str(query.page) if query.page > 1 else "",
        "model": model or "",
    }
    return {k: v for k, v in out.items() if v}


def _range_text(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    return ("" if low is None else f"{low:g}") + "-" + ("" if high is None else f"{high:g}")


def from_query_params(params: dict[str, list[str]]) -> tuple[HubQuery, str | None, list[str]]:
    """URL parameters to a query, a model id and notices; anything odd is ignored with a
    notice (nothing here raises, nothing is echoed back unescaped or unbounded)."""
    values: dict[str, object] = {}
    model, notices = None, []
    for key, raw, notice in screened(params, URL_KEYS):
        if notice:
            notices.append(notice)
            continue
        if key == "model":
            if _REPO_ID.match(raw):
                model = raw
            else:
                notices.append("'model' is not a Hub repo id (owner/name); ignored.")
            continue
        problem = _parse_one(key, raw.strip(), values)
        if problem:
            notices.append(problem)
    return HubQuery(**values), model, notices


def _parse_one(key: str, raw: str, values: dict) -> str | None:
    choices = {"task": (TASKS, "task"), "license": (LICENCES, "licence"), "library": (LIBRARIES, "library")}
    if key in choices:
        allowed, name = choices[key]
        if raw not in allowed:
            return f"Unknown {name} ignored: '{raw[:40]}'."
        values[name] = raw
    elif key == "q":
        values["search"] = raw
    elif key == "params":
        match = _RANGE.match(raw)
        low, high = (float(g) if g else None for g in match.groups()) if match else (None, None)
        if not match or (low is not None and high is not None and low > high) or max(low or 0, high or 0) > 1e5:
            return "'params' must be a range in billions like 3-8, 70- or -1; ignored."
        values["params_min_b"], values["params_max_b"] = low, high
    elif key == "gated":
        if raw not in ("yes", "no"):
            return "'gated' must be yes or no; ignored."
        values["gated"] = raw == "yes"
    elif key == "sort":
        if raw not in SORTS:
            return f"Unknown sort ignored: '{raw[:40]}'."
        values["sort"] = raw
    elif key == "page":
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGES:
            return f"'page' must be 1 to {MAX_PAGES}; ignored."
        values["page"] = int(raw)
    return None
