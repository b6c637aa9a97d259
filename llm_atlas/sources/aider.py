"""Aider polyglot coding leaderboard: pass rate and the real dollar cost of the run."""

from __future__ import annotations

import re

import pandas as pd
import yaml

from llm_atlas.sources.base import PayloadError, Payloads, Source, SourceFrames, require_fields

_MODEL_ARG = re.compile(r"--model\s+(\S+)")


def parse(payloads: Payloads) -> SourceFrames:
    try:
        runs = yaml.safe_load(payloads["polyglot"])
    except yaml.YAMLError as exc:
        raise PayloadError(f"Aider polyglot: unreadable YAML ({type(exc).__name__}); truncated?") from exc
    if not isinstance(runs, list):
        raise PayloadError("Aider polyglot: expected a list of runs")
    require_fields(runs, ("model", "pass_rate_2", "command"), "Aider polyglot")
    best: dict[str, dict] = {}
    for run in runs:
        key = model_key(run)
        scored = key and isinstance(run.get("pass_rate_2"), (int, float))
        if scored and (key not in best or run["pass_rate_2"] > best[key]["pass_rate_2"]):
            best[key] = run
    scores, facts = [], []
    for key, run in best.items():
        date = str(run.get("date") or "")[:10] or None
        base = {"source": "aider", "source_key": key, "date": date}
        scores.append(
            {
                **base,
                "benchmark": "aider_polyglot",
                "benchmark_label": "Aider polyglot pass rate",
                "value": run["pass_rate_2"],
                "unit": "%",
                "higher_is_better": True,
            }
        )
        cost = run.get("total_cost")
        if isinstance(cost, (int, float)) and cost > 0:  # 0 or missing means unknown or free
            scores.append(
                {
                    **base,
                    "benchmark": "aider_polyglot_cost",
                    "benchmark_label": "Aider polyglot run cost",
                    "value": cost,
                    "unit": "USD",
                    "higher_is_better": False,
                }
            )
        facts.append({"source": "aider", "source_key": key, "name": run.get("model"), "task": "chat"})
    return SourceFrames(pd.DataFrame(facts), pd.DataFrame(), pd.DataFrame(scores))


def model_key(run: dict) -> str | None:
    """The LiteLLM-style id from the run's command, with its reasoning setting."""
    match = _MODEL_ARG.search(str(run.get("command") or ""))
    if not match:
        return None
    key = match.group(1)
    effort = run.get("reasoning_effort")
    return f"{key}-{effort}" if effort else key


SOURCE = Source(
    name="aider",
    title="Aider polyglot leaderboard",
    homepage="https://aider.chat/docs/leaderboards/",
    license="Apache-2.0",
    attribution="Coding pass rates and run costs from the Aider polyglot leaderboard (Aider-AI/aider, Apache-2.0).",
    files={"polyglot": "aider/polyglot_leaderboard.yml"},
    urls={
        "polyglot": "https://raw.githubusercontent.com/Aider-AI/aider/main/aider/website/_data/polyglot_leaderboard.yml"
    },
    parse=parse,
    recorded_as_of="2025-10-04",
)
