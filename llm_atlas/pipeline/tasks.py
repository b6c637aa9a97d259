"""A model's task (chat, code, embedding, image generation…): what most of its records say, then
stronger evidence (a board that rates one kind of model, the output modality), then curated overrides."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from llm_atlas.pipeline import curated
from llm_atlas.pipeline.facts import FACT_PRIORITY

# Boards that rate only text-generating models: a model rated there is a chat model at least.
TEXT_BOARDS = frozenset(
    {"arena_text", "arena_text_style", "arena_vision", "arena_vision_style", "aider_polyglot", "aa_intelligence",
     "aa_coding", "aa_agentic", "oll_average"}
)  # fmt: skip


def load_task_overrides(path: Path | None = None) -> dict[str, str]:
    """Curated model id -> task, for models no rule classes right (each row has its reason)."""
    return {r["model_id"]: r["task"] for r in curated.rows(path or "task_overrides.csv") if r.get("model_id")}


def _majority_task(facts: pd.DataFrame) -> pd.Series:
    """Most frequent task per model; ties go to the higher-priority source."""
    rank = {s: i for i, s in enumerate(FACT_PRIORITY)}
    # models.dev files every text-out model as text -> text, embeddings too: its "chat" is no vote.
    weak = (facts["source"] == "modelsdev") & (facts["task"] == "chat")
    others = set(facts.loc[~weak & facts["task"].notna(), "model_id"])
    votes = (
        facts[~(weak & facts["model_id"].isin(others))]
        .dropna(subset=["task"])
        .assign(_rank=lambda d: d["source"].map(rank).fillna(len(rank)))
    )
    tally = votes.groupby(["model_id", "task"]).agg(n=("task", "size"), best=("_rank", "min")).reset_index()
    tally = tally.sort_values(["model_id", "n", "best"], ascending=[True, False, True])
    return tally.drop_duplicates("model_id").set_index("model_id")["task"]


def assign_tasks(models: pd.DataFrame, scores: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """The strongest evidence first: a board that only rates one kind of model, then the output
    modality, then what the sources say; `data/task_overrides.csv` last, each row with its reason."""
    models = models.copy()
    # A model's task is what most of its records say (many routes, one odd mode)...
    models["task"] = models["model_id"].map(_majority_task(facts)).astype("string")
    # ...unless stronger evidence says otherwise.
    board = scores["benchmark"].astype(str).str.split(":").str[0]
    image_rated = models["model_id"].isin(set(scores.loc[board == "arena_image", "model_id"]))
    text_rated = models["model_id"].isin(set(scores.loc[board.isin(TEXT_BOARDS), "model_id"]))
    outputs = models["output_modalities"].fillna("")
    image_out = outputs.str.contains("image") & ~outputs.str.contains("text")
    # A route that outputs pictures or video (LiteLLM's mode, OpenRouter's output modality) outweighs
    # a gateway's "chat" label, unless a text board rates the model.
    only_media = ~facts["output_modalities"].fillna("").str.contains("text")  # "text,image" is a chat model
    for media in ("image-generation", "video-generation"):
        stated = models["model_id"].isin(set(facts.loc[(facts["task"] == media) & only_media, "model_id"]))
        models.loc[stated & ~text_rated, "task"] = media
    models.loc[image_rated | image_out, "task"] = "image-generation"
    unknown = models["task"].isna() | (models["task"] == "other")
    models.loc[unknown & text_rated & ~image_rated, "task"] = "chat"
    models["task"] = models["task"].fillna("other")
    overrides = load_task_overrides()
    hit = models["model_id"].isin(overrides)
    models.loc[hit, "task"] = models.loc[hit, "model_id"].map(overrides)
    return models
