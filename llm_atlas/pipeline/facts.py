"""Which source wins when sources disagree about a model's fact."""

from __future__ import annotations

import pandas as pd

from llm_atlas import schema

# Which source wins when two disagree about a fact: curated first, then the Hub.
FACT_PRIORITY = ("llmstats", "modelsdev", "hub", "oll", "openrouter", "litellm", "lmarena", "aider")
# Measured parameter counts (safetensors, the leaderboard) beat rounded ones.
COLUMN_PRIORITY = {
    "params_b": ("hub", "oll", "llmstats", "openrouter"),
    # The Hub names its repos as they are now (Meta renamed Meta-Llama-3.1-8B-Instruct to Llama-3.1-8B-Instruct).
    "hf_id": ("hub", "oll", "openrouter", "llmstats", "modelsdev"),
}
# Facts one source repeats on many routes of a model: the value most routes give wins, so
# one odd route (a Bedrock entry with 1M tokens of context for Claude 3.5 Sonnet) does not.
ROUTE_CONSENSUS = ("context_tokens", "max_output_tokens")


def _first_by_priority(facts: pd.DataFrame, cols: list[str], priority: tuple[str, ...]) -> pd.DataFrame:
    rank = {s: i for i, s in enumerate(priority)}
    ranked = facts.assign(_rank=facts["source"].map(rank).fillna(len(rank))).sort_values("_rank", kind="stable")
    return ranked.groupby("model_id", sort=False)[cols].first()  # first non-missing value


def _consensus_by_priority(facts: pd.DataFrame, col: str, priority: tuple[str, ...]) -> pd.Series:
    """Per model, the most common value of `col` in the highest-priority source that has one;
    ties go to the value seen first."""
    rank = {s: i for i, s in enumerate(priority)}
    known = facts.loc[facts[col].notna(), ["model_id", "source", col]]
    known = known.assign(_rank=known["source"].map(rank).fillna(len(rank)))
    known = known[known["_rank"] == known.groupby("model_id")["_rank"].transform("min")]
    votes = known.groupby(["model_id", col], sort=False).size().rename("n").reset_index()
    votes = votes.sort_values("n", ascending=False, kind="stable")
    return votes.drop_duplicates("model_id").set_index("model_id")[col]


def merge_facts(facts: pd.DataFrame, model_ids) -> pd.DataFrame:
    """One row of facts per model id, each fact from the source that wins it."""
    cols = [c for c in schema.FACTS if c not in ("source", "source_key")]
    merged = _first_by_priority(facts, cols, FACT_PRIORITY)
    for col, priority in COLUMN_PRIORITY.items():
        merged[col] = _first_by_priority(facts, [col], priority)[col].reindex(merged.index)
    for col in ROUTE_CONSENSUS:
        merged[col] = _consensus_by_priority(facts, col, FACT_PRIORITY).reindex(merged.index)
    return merged.reindex(sorted(set(model_ids))).rename_axis("model_id").reset_index()
