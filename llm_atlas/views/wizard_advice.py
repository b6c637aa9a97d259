"""The Wizard's advice beyond the approach: how each answer shaped it, what to do with the labelled
examples the person has, and, for RAG, the pair of models it needs (an embedding and a chat model)."""

from __future__ import annotations

import pandas as pd

from llm_atlas.pipeline.snapshot import Snapshot
from llm_atlas.views import home, wizard

EXAMPLE_CHOICES = {
    "none": "None yet",
    "few": "A few dozen",
    "hundreds": "Hundreds (e.g. 500)",
    "thousands": "Thousands or more",
}
TEXT_APPROACHES = ("prompt", "rag", "fine-tune", "scratch")


def parse_examples(raw: str | None) -> tuple[str | None, str | None]:
    """(level, notice) from the URL's `examples`; unknown values are ignored with a notice."""
    if raw is None or raw == "":
        return None, None
    if raw in EXAMPLE_CHOICES:
        return raw, None
    return None, "'examples' must be none, few, hundreds or thousands; ignored."


def example_advice(tree: wizard.Tree, rec: wizard.Recommendation, level: str | None) -> str | None:
    if level is None or rec.approach not in TEXT_APPROACHES:
        return None
    return tree.examples.get(level)


def _use_case(key: str) -> home.UseCase:
    return next(u for u in home.USE_CASES if u.key == key)


def rag_pair(snap: Snapshot, prepared: pd.DataFrame, rec: wizard.Recommendation) -> pd.DataFrame:
    """For a RAG answer: an embedding model that finds the passages and a chat model that writes the
    answer, at a sensible cost (the best value, not the most expensive), open ones when self-hosting."""
    if rec.approach != "rag":
        return pd.DataFrame(columns=["role", "name", "model_id", "why"])
    self_host = rec.hosting == "self-host"
    embed = home.picks(snap, prepared, _use_case("rag"))
    chat = home.picks(snap, prepared, _use_case("selfhost" if self_host else "chat"))
    want_embed = "Open weights" if self_host else "Cheapest"
    want_chat = "Best permissive open model that fits 24 GB" if self_host else "Best value"
    rows = []
    for role, picks, kind in (
        ("Embedding model (finds the passages)", embed, want_embed),
        ("Chat model (writes the answer)", chat, want_chat),
    ):
        pick = next((p for p in picks if p.kind == kind), picks[0] if picks else None)
        if pick:
            rows.append({"role": role, "name": pick.name, "model_id": pick.model_id, "why": f"{pick.kind}: {pick.why}"})
    return pd.DataFrame(rows, columns=["role", "name", "model_id", "why"])
