"""Join every source's frames into models, offers and scores.

The build is a sequence of named steps: curated record fixes, which records are one model
(`model_ids`), which source wins each fact (`facts`), the task (`tasks`), the headline price
(`headline`), variants of priced models (`variants`), openness and licences (`openness`), dated
snapshots (`identity`), then the coverage report (`coverage`) and the audit. Everything unmatched is
reported, never guessed.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from llm_atlas import schema
from llm_atlas.pipeline import audit, headline, identity, model_ids
from llm_atlas.pipeline.coverage import coverage_report
from llm_atlas.pipeline.facts import merge_facts
from llm_atlas.pipeline.frames import SourceFrames
from llm_atlas.pipeline.normalise import normalise
from llm_atlas.pipeline.openness import apply_openness_rules, classify_licences, load_openness_rules
from llm_atlas.pipeline.tasks import assign_tasks
from llm_atlas.pipeline.variants import link_variants


@dataclass
class Catalog:
    models: pd.DataFrame
    offers: pd.DataFrame
    scores: pd.DataFrame
    report: dict = field(default_factory=dict)


def _fix_records(frames: dict[str, SourceFrames]) -> dict[str, SourceFrames]:
    """Curated corrections of single upstream records (`data/record_fixes.csv`, each with its reason)."""
    fixes = model_ids.load_curated("record_fixes.csv", "source_key")
    for key, fix in fixes.items():
        f = frames.get(fix["source"])
        if f is None:
            continue
        f.facts, f.offers = f.facts.copy(), f.offers.copy()  # the source's own frames stay as it sent them
        for table in (f.facts, f.offers):
            hit = table["source_key"] == key
            if fix.get("task") and "task" in table:
                table.loc[hit, "task"] = fix["task"]
            if fix.get("context_tokens") == "blank":
                table.loc[hit, "context_tokens"] = pd.NA
    return frames


def build(
    frames: dict[str, SourceFrames], aliases: dict[str, str] | None = None, rules=None, as_of: str | None = None
) -> Catalog:
    """`as_of` (YYYY-MM-DD, default today) decides which routes are deprecated by then."""
    aliases = model_ids.load_aliases() if aliases is None else aliases
    rules = load_openness_rules() if rules is None else rules
    as_of = as_of or pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d")
    # Sources in name order, not the order a parallel refresh finished in: ties break the same way every build.
    frames = _fix_records({name: copy.copy(frames[name]) for name in sorted(frames)})
    hub_links = model_ids.hub_links(frames)
    rec_keys = model_ids.record_keys(frames, aliases, hub_links)
    groups = model_ids.group_records(rec_keys)
    model_of_group = model_ids.canonical_ids(groups, rec_keys)
    model_of_record = {rec: model_of_group[root] for root, recs in groups.items() for rec in recs}

    offers = _blank_zero_limits(headline.clean_offers(model_ids.with_model_ids(frames, "offers", model_of_record)))
    scores = model_ids.with_model_ids(frames, "scores", model_of_record)
    facts = _blank_zero_limits(_own_hub_links(model_ids.with_model_ids(frames, "facts", model_of_record), hub_links))
    models = merge_facts(facts, model_of_group.values())
    models = assign_tasks(models, scores, facts)
    models = headline.headline(models, offers, as_of)
    models = link_variants(models, offers, groups, model_of_group, rec_keys)
    models = _with_sources(models, groups, model_of_group)
    models = classify_licences(apply_openness_rules(models, rules))
    models = _multimodal(_display_names(models))
    models = identity.link_snapshots(models, _gateway_pointers(facts), identity.load_pointers())
    scores = identity.borrow_snapshot_scores(schema.conform(scores, "scores"), models)
    models = _count_scores(models, scores)
    catalog = Catalog(
        schema.conform(models, "models").sort_values("model_id").reset_index(drop=True),
        schema.conform(offers, "offers"),
        schema.conform(scores, "scores"),
    )
    catalog.report = coverage_report(catalog, frames, model_of_record)
    catalog.report["duplicates"] = audit.duplicates(catalog.models, catalog.offers, catalog.scores)
    catalog.report["disagreements"] = audit.disagreements(facts, offers)
    return catalog


def _own_hub_links(facts: pd.DataFrame, hub_links: dict[tuple[str, str], str]) -> pd.DataFrame:
    """A Hub link `model_ids.hub_links` left out (a sibling's or a base's repo) is not shown either."""
    not_own = [(s, str(k)) not in hub_links for s, k in zip(facts["source"], facts["source_key"], strict=True)]
    facts.loc[not_own, "hf_id"] = None
    return facts


def _blank_zero_limits(table: pd.DataFrame) -> pd.DataFrame:
    """0 tokens of context or output is a blank field, not a limit."""
    for col in ("context_tokens", "max_output_tokens"):
        table.loc[table[col] <= 0, col] = pd.NA
    return table


def _with_sources(models: pd.DataFrame, groups: dict, model_of_group: dict[str, str]) -> pd.DataFrame:
    """Each model's `sources`: the comma-separated names of the sources that know it."""
    models = models.copy()
    sources = defaultdict(set)
    for root, recs in groups.items():
        sources[model_of_group[root]].update(src for src, _ in recs)
    models["sources"] = models["model_id"].map(lambda m: ",".join(sorted(sources.get(m, ()))))
    return models


def _display_names(models: pd.DataFrame) -> pd.DataFrame:
    """A name for every model (its id when no source names it), with its setting: "o3 (high)"."""
    models["name"] = models["name"].fillna(models["model_id"])
    models["name"] = identity.name_with_setting(models)
    return models


def _multimodal(models: pd.DataFrame) -> pd.DataFrame:
    """Multimodal: it reads images, audio or video besides text."""
    vision = models["supports_vision"].fillna(False).astype(bool)
    extra_in = models["input_modalities"].fillna("").str.contains("image|audio|video")
    models["multimodal"] = vision | extra_in
    return models


def _count_scores(models: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """`n_scores` per model; a model shown a chat board's borrowed scores is a chat model at least."""
    models["n_scores"] = models["model_id"].map(scores.groupby("model_id").size()).fillna(0)
    borrowed_text = models["model_id"].isin(set(scores.loc[scores["measured_on"].notna(), "model_id"]))
    models.loc[borrowed_text & (models["task"] == "other"), "task"] = "chat"  # it shows a chat board's scores
    return models


def _gateway_pointers(facts: pd.DataFrame) -> dict[str, str]:
    """model id -> the normalised snapshot name a gateway says it serves."""
    said = facts.loc[facts["points_to"].notna(), ["model_id", "points_to"]]
    return {m: normalise(p) for m, p in zip(said["model_id"], said["points_to"], strict=True)}
