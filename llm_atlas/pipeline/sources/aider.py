"""Aider polyglot coding leaderboard: pass rate and the real dollar cost of the run."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from llm_atlas.pipeline import curated
from llm_atlas.pipeline.sources.base import PayloadError, Payloads, Source, SourceFrames, require_fields

_MODEL_ARG = re.compile(r"--model\s+(\S+)")


_EFFORT_ARG = re.compile(r"--reasoning-effort\s+(\w+)")
_THINKING_ARG = re.compile(r"--thinking-tokens\s+(\d+)k", re.I)
_LABEL_SETTING = re.compile(r"\((high|medium|low|minimal|no thinking|no think)\)\s*$", re.I)
_LABEL_THINKING = re.compile(r"\((\d+)k think", re.I)


def load_curated_runs(path: str | Path = "aider_runs.csv") -> dict[str, tuple[str, str]]:
    """Run label -> (model, setting) for runs whose --model is a moving pointer or an alias."""
    return {r["label"]: (r["model"], r["setting"]) for r in curated.rows(path) if r.get("label")}


def parse(payloads: Payloads) -> SourceFrames:
    try:
        runs = yaml.safe_load(payloads["polyglot"])
    except yaml.YAMLError as exc:
        raise PayloadError(f"Aider polyglot: unreadable YAML ({type(exc).__name__}); truncated?") from exc
    if not isinstance(runs, list):
        raise PayloadError("Aider polyglot: expected a list of runs")
    require_fields(runs, ("model", "pass_rate_2", "command"), "Aider polyglot")
    mapped = load_curated_runs()
    best: dict[str, tuple[dict, str]] = {}
    skipped: list[str] = []
    for run in runs:
        if "--architect" in str(run.get("command")) or " + " in str(run.get("model")):
            skipped.append(f"{run.get('model')}: two models in one run (architect mode), not one model's score")
            continue
        key, setting = model_key(run, mapped)
        scored = key and isinstance(run.get("pass_rate_2"), (int, float))
        # Several runs of one model at one setting (edit formats): the best is the model's score.
        if scored and (key not in best or run["pass_rate_2"] > best[key][0]["pass_rate_2"]):
            best[key] = (run, setting)
    scores, facts = [], []
    for key, (run, setting) in best.items():
        date = str(run.get("date") or "")[:10] or None
        base = {"source": "aider", "source_key": key, "date": date, "setting": setting or None}
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
    return SourceFrames(pd.DataFrame(facts), pd.DataFrame(), pd.DataFrame(scores), skipped)


def model_key(run: dict, curated: dict[str, tuple[str, str]] | None = None) -> tuple[str | None, str]:
    """(key, setting): the LiteLLM-style id from the run's command (or the curated model for a moving
    pointer), with the setting the run used as a suffix the catalog reads ('o3-high', '-thinking-32k')."""
    label = str(run.get("model") or "")
    if curated and label in curated:
        model, setting = curated[label]
    else:
        match = _MODEL_ARG.search(str(run.get("command") or ""))
        if not match:
            return None, ""
        model, setting = match.group(1), run_setting(run)
    if setting == "no thinking":  # the model as it is, without a thinking budget
        return model, ""
    return (model + "-" + setting.replace(" ", "-") if setting else model), setting


def run_setting(run: dict) -> str:
    """The reasoning effort or thinking budget a run used: its fields, its command, then its label."""
    command, label = str(run.get("command") or ""), str(run.get("model") or "")
    effort = run.get("reasoning_effort") or (_EFFORT_ARG.search(command) or [None, None])[1]
    if effort:
        return str(effort).lower()
    tokens = run.get("thinking_tokens")
    if isinstance(tokens, (int, float)):
        kilo = 1024 if tokens % 1024 == 0 else 1000  # 32768 and 32000 are both "32k"
        return f"thinking {round(tokens / kilo)}k" if tokens > 0 else "no thinking"
    arg = _THINKING_ARG.search(command) or _LABEL_THINKING.search(label)
    if arg:
        return f"thinking {arg.group(1)}k"
    named = _LABEL_SETTING.search(label)
    if named:
        word = named.group(1).lower()
        return "no thinking" if word.startswith("no think") else word
    return ""


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
