"""The opinionated opening view of the pages that rank models: chat models on the board's own default."""

from __future__ import annotations

from llm_atlas.views.explore import Filters

# LMArena shows the style-controlled overall score by default; so do we.
DEFAULT_METRIC = "arena_text_style:full"
# A token workload or a text-quality metric means chat models: image or speech models ranked
# beside them answer another question.
OPENING_FILTERS = Filters(tasks=("chat",))


def default_metric(available) -> str:
    """The default metric when the snapshot has it, else the first available one."""
    available = list(available)
    return DEFAULT_METRIC if DEFAULT_METRIC in available else (available[0] if available else DEFAULT_METRIC)


def opening_filters(metric: str | None) -> Filters:
    """Chat models, unless the link asks for a board that rates another kind: the text-to-image board
    opens on image models (a chat filter would leave its chart empty)."""
    if metric and str(metric).startswith("arena_image"):
        return Filters(tasks=("image-generation",))
    return OPENING_FILTERS
