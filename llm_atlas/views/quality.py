"""Quality vs cost: the page's URL state (screened) and its axis titles."""

from __future__ import annotations

from collections.abc import Mapping

from llm_atlas import charts, urlstate
from llm_atlas.views import analysis

VIEW_KEYS = {
    "metric": "qc_metric",
    "ratio": "qc_ratio",
    "cached": "qc_cached",
    "colour": "qc_colour",
    "size": "qc_size",
    "x": "qc_x",
    "linx": "qc_linear_x",
    "logy": "qc_log_y",
}
X_LABELS = {
    "price": "Blended price per 1M tokens",
    "image_price": "Price per image",
    "aider_cost": "Aider: real cost of the benchmark run",
    "params": "Parameters (open models)",
}


def parse(params: Mapping[str, str], metrics, default_metric: str) -> tuple[dict[str, object], list[str]]:
    """Session-state values for the view from the URL; odd values fall back with a notice."""
    notices = []
    metric = params.get("metric") if params.get("metric") in metrics else default_metric
    x = params.get("x") if params.get("x") in analysis.X_MODES else None
    if x is None:  # image boards are read against a price per image
        x = "image_price" if metric.startswith("arena_image") else "price"
    state = {
        "qc_metric": metric,
        "qc_colour": params.get("colour") if params.get("colour") in charts.COLOUR_BY else "openness",
        "qc_size": params.get("size") if params.get("size") in charts.SIZE_BY else "none",
        "qc_x": x,
        "qc_linear_x": params.get("linx") == "1",
        "qc_log_y": params.get("logy") == "1",
    }
    try:
        state["qc_ratio"] = min(max(float(params.get("ratio", 3)), 0.25), 20.0)
        state["qc_cached"] = min(max(float(params.get("cached", 0)), 0.0), 0.9)
    except ValueError:
        state["qc_ratio"], state["qc_cached"] = 3.0, 0.0
        notices.append("'ratio' and 'cached' must be numbers; defaults used.")
    if "metric" in params and params["metric"] not in metrics:
        notices.append(f"Unknown metric '{urlstate.echo(params['metric'], 40)}'; the default is shown.")
    return state, notices


def to_params(state: Mapping[str, object]) -> dict[str, str]:
    out = {k: str(state[v]) for k, v in VIEW_KEYS.items() if k in ("metric", "colour", "size", "x")}
    out |= {"ratio": f"{state['qc_ratio']:g}", "cached": f"{state['qc_cached']:g}"}
    return out | {k: "1" for k in ("linx", "logy") if state[VIEW_KEYS[k]]}


def x_title(x_mode: str, ratio: float, cached: float) -> tuple[str, str]:
    """(axis title in words and units, the unit alone for the hover)."""
    return {
        "price": (analysis.blend_label(ratio, cached), "USD per 1M tokens"),
        "image_price": ("Price per image (USD)", "USD per image"),
        "aider_cost": ("Real cost of the Aider polyglot run (USD)", "USD for the run"),
        "params": ("Parameters (billions)", "billion parameters"),
    }[x_mode]
