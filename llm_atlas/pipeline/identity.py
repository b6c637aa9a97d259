"""How catalog rows relate: dated snapshots, the undated names that serve them, and settings.

A dated snapshot (`o3-2025-04-16`, `grok-4-0709`, `mistral-large-2411`) has weights of its own, so it
stays a model, linked to its family's undated model (`snapshot_of`). The undated name is what a person
means; it serves one snapshot (`points_to`) and shows that snapshot's scores, labelled with it
(`measured_on`). Which snapshot it serves is taken from evidence only, in this order:
1. `data/snapshot_pointers.csv` (curated, with a reason per row);
2. OpenRouter's `canonical_slug`, where it names a snapshot the catalog has;
3. the family has exactly one dated snapshot.
Otherwise the name points nowhere and keeps only its own scores (reported, never guessed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from llm_atlas.pipeline import curated
from llm_atlas.pipeline.normalise import normalise

# A snapshot date at the end of a name: 20250514, 2025-04-16, 202412 (year and month), 0709, 2411, 08-13.
_DATED = re.compile(
    r"^(?P<family>.+?)-(?P<date>20\d{6}|20\d{2}-\d{2}-\d{2}|20\d{2}(?:0[1-9]|1[0-2])|\d{2}-\d{2}|[0-3]\d[0-3]\d)$"
)
# What a variant's suffix says about its setting, in words a person reads: "o3 (high)".
_SETTINGS = (
    (re.compile(r"-(?:no-thinking|nothinking|non-reasoning)$"), "no thinking"),
    (re.compile(r"-thinking-(\d+)k$"), "thinking {0}k"),
    (re.compile(r"-thinking$"), "thinking"),
    (re.compile(r"-reasoning$"), "reasoning"),
    (re.compile(r"-(high|medium|low|minimal)$"), "{0}"),
)


def load_pointers(path: Path | None = None) -> dict[str, str]:
    """Curated undated name -> the dated snapshot it serves (normalised)."""
    rows = curated.rows(path or "snapshot_pointers.csv")
    return {normalise(r["name"]): normalise(r["snapshot"]) for r in rows if r.get("name")}


def dated_family(model_id: str) -> str | None:
    """'o3-2025-04-16' -> 'o3'; None when the name carries no snapshot date."""
    match = _DATED.match(model_id)
    return match.group("family") if match else None


def setting_of(model_id: str) -> str | None:
    """'o3-high' -> 'high'; 'claude-opus-4-thinking-16k' -> 'thinking 16k'; None for a plain name."""
    for pattern, words in _SETTINGS:
        match = pattern.search(model_id)
        if match:
            return words.format(*match.groups())
    return None


def link_snapshots(models: pd.DataFrame, gateway_pointers: dict[str, str], curated: dict[str, str]) -> pd.DataFrame:
    """Set `snapshot_of` on dated snapshots and `points_to` on the undated names that serve one."""
    models = models.copy()
    ids = set(models["model_id"])
    family = models["model_id"].map(dated_family)
    models["snapshot_of"] = family.where(family.isin(ids))
    snapshots: dict[str, list[str]] = {}
    for mid, fam in zip(models["model_id"], family, strict=True):
        if isinstance(fam, str):
            snapshots.setdefault(fam, []).append(mid)
    points: dict[str, str] = {}
    for name, dated in snapshots.items():
        if name not in ids:
            continue
        for evidence in (curated.get(name), gateway_pointers.get(name)):
            if evidence in dated:
                points[name] = evidence
                break
        else:
            if len(dated) == 1:
                points[name] = dated[0]
    models["points_to"] = models["model_id"].map(points)
    return models


def borrow_snapshot_scores(scores: pd.DataFrame, models: pd.DataFrame) -> pd.DataFrame:
    """An undated name shows the scores of the snapshot it serves, on the benchmarks it has none of
    its own for, each labelled with the snapshot it was measured on."""
    pairs = models.loc[models["points_to"].notna(), ["model_id", "points_to"]]
    if pairs.empty:
        return scores
    own = set(zip(scores["model_id"], scores["benchmark"], strict=False))
    borrowed = scores.merge(pairs, left_on="model_id", right_on="points_to", suffixes=("_snap", ""))
    borrowed = borrowed.assign(measured_on=borrowed["model_id_snap"])
    borrowed = borrowed[[(m, b) not in own for m, b in zip(borrowed["model_id"], borrowed["benchmark"], strict=False)]]
    borrowed = borrowed[scores.columns]
    return pd.concat([scores, borrowed], ignore_index=True)


def name_with_setting(models: pd.DataFrame) -> pd.Series:
    """'o3 (high)': a setting variant's display name is its base's name and the setting."""
    base_name = models["variant_of"].map(models.set_index("model_id")["name"])
    labelled = base_name.notna() & models["setting"].notna()
    out = models["name"].copy()
    out[labelled] = base_name[labelled] + " (" + models.loc[labelled, "setting"] + ")"
    return out
