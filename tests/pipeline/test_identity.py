"""Which names carry a snapshot date, and what the undated name then serves."""

from __future__ import annotations

import pandas as pd
import pytest

from llm_atlas.pipeline import identity


@pytest.mark.parametrize(
    ("model_id", "family"),
    [
        ("o3-2025-04-16", "o3"),
        ("claude-sonnet-4-20250514", "claude-sonnet-4"),
        ("step-2-16k-exp-202412", "step-2-16k-exp"),  # year and month, as StepFun dates them
        ("grok-4-0709", "grok-4"),
        ("grok-2-mini-2024-08-13", "grok-2-mini"),
        ("gpt-4o", None),
        ("llama-3.3-70b", None),
        ("model-202413", None),  # no 13th month
    ],
)
def test_dated_family(model_id, family):
    assert identity.dated_family(model_id) == family


def test_the_only_snapshot_is_served_and_lends_its_scores_labelled():
    models = pd.DataFrame({"model_id": ["step-2-16k-exp", "step-2-16k-exp-202412"]})
    linked = identity.link_snapshots(models, {}, {}).set_index("model_id")
    assert linked.loc["step-2-16k-exp-202412", "snapshot_of"] == "step-2-16k-exp"
    assert linked.loc["step-2-16k-exp", "points_to"] == "step-2-16k-exp-202412"
    scores = pd.DataFrame(
        {
            "model_id": ["step-2-16k-exp-202412"],
            "benchmark": ["arena_text:full"],
            "value": [1321.2],
            "measured_on": [None],
        }
    )
    borrowed = identity.borrow_snapshot_scores(scores, linked.reset_index())
    row = borrowed[borrowed["model_id"] == "step-2-16k-exp"].iloc[0]
    assert (row["value"], row["measured_on"]) == (1321.2, "step-2-16k-exp-202412")
