"""The frames one source yields, and the errors a payload can raise.

Kept free of network libraries so that loading a snapshot stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from llm_atlas import schema


class PayloadError(ValueError):
    """A payload that cannot be trusted: truncated, drifted, empty or absurd."""


class FetchError(RuntimeError):
    """The upstream could not be reached or answered with an error."""


@dataclass
class SourceFrames:
    """What one source says, in the declared schema (facts, offers, scores)."""

    facts: pd.DataFrame
    offers: pd.DataFrame
    scores: pd.DataFrame
    quarantined: list[str] = field(default_factory=list)  # rows dropped, with why

    def __post_init__(self) -> None:
        self.facts = schema.conform(self.facts, "facts")
        self.offers = schema.conform(self.offers, "offers")
        self.scores = schema.conform(self.scores, "scores")

    @property
    def rows(self) -> int:
        return len(self.facts) + len(self.offers) + len(self.scores)
