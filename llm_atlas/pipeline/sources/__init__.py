"""One adapter per upstream. SOURCES is the registry, in join-priority order."""

from llm_atlas.pipeline.sources import aider, hfhub, litellm, llmstats, lmarena, modelsdev, oll, openrouter
from llm_atlas.pipeline.sources.base import FetchError, PayloadError, Source, SourceFrames

SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        llmstats.SOURCE,
        litellm.SOURCE,
        openrouter.SOURCE,
        lmarena.SOURCE,
        aider.SOURCE,
        oll.SOURCE,
        hfhub.SOURCE,
        modelsdev.SOURCE,
    )
}

__all__ = ["SOURCES", "FetchError", "PayloadError", "Source", "SourceFrames"]
