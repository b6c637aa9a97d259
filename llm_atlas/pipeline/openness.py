"""Openness and licences: curated facts for families no source states (gpt-*, claude-*), and each
model's licence class (permissive, open-restricted, proprietary)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from llm_atlas import BUNDLED_DATA_DIR
from llm_atlas.pipeline.normalise import license_class

LICENSE_NOT_STATED = "not stated"


def load_openness_rules(path: Path | None = None) -> list[tuple[re.Pattern, dict]]:
    """Curated facts for families whose openness no source states (e.g. gpt-*, claude-*)."""
    path = path or BUNDLED_DATA_DIR / "openness_rules.csv"
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return [(re.compile(r["pattern"]), r) for r in csv.DictReader(fh)]


def apply_openness_rules(models: pd.DataFrame, rules: list[tuple[re.Pattern, dict]]) -> pd.DataFrame:
    """Curated openness, licence and creator of the families a rule matches, where no source gives them."""
    models = models.copy()
    for pattern, rule in rules:
        hit = models["model_id"].str.match(pattern)
        # An API-only family's curated facts overrule a source that calls it open (llm-stats lists
        # gemini-2.5-flash-lite under CC BY 4.0, its card's licence, though no weights are published).
        overrule = (rule.get("override") or "").lower() == "yes"
        for col in ("open_weights", "license", "creator"):
            value = rule.get(col) or None
            if value is None:
                continue
            if col == "open_weights":
                value = value.lower() == "true"
            target = hit if overrule and col != "creator" else hit & models[col].isna()
            models.loc[target, col] = value
    return models


def classify_licences(models: pd.DataFrame) -> pd.DataFrame:
    """Each model's licence class; open weights with no licence stated are "not stated", restricted."""
    models = models.copy()
    # Open weights with no licence stated grant no rights by default: say so, and
    # class them as restricted rather than leave them unknown or call them permissive.
    # Only where the Hub's own metadata was read (OLL, Hub) is an empty licence "not stated".
    hub_read = models["sources"].str.contains(r"\b(?:oll|hub)\b", regex=True)
    unstated = (models["open_weights"] == True) & models["license"].isna() & hub_read  # noqa: E712
    models.loc[unstated, "license"] = LICENSE_NOT_STATED
    models["license_class"] = models["license"].map(license_class)
    models.loc[models["license"] == LICENSE_NOT_STATED, "license_class"] = "open-restricted"
    closed = models["license_class"].isna() & (models["open_weights"] == False)  # noqa: E712
    models.loc[closed, "license_class"] = "proprietary"
    return models
