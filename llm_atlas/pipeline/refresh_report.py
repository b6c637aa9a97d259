"""What a refresh reports: the coverage report for a person (text, or Markdown for a pull request),
and the curation files written beside the snapshot (unmatched, duplicate and disagreeing names)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from llm_atlas.pipeline import history, snapshot

if TYPE_CHECKING:
    from llm_atlas.pipeline.refresh import RefreshResult


def write_curation_files(out_dir: Path, report: dict, hist: pd.DataFrame) -> None:
    """unmatched.tsv, duplicates.tsv, disagreements.tsv and the history's unmatched names."""
    _write_text(out_dir / "unmatched.tsv", "source\tname\n" + "\n".join(report["unmatched"]) + "\n")
    _write_text(out_dir / "duplicates.tsv", _duplicates_tsv(report["duplicates"]))
    _write_text(out_dir / "disagreements.tsv", _disagreements_tsv(report["disagreements"]))
    _write_text(out_dir / history.UNMATCHED, history.unmatched_tsv(hist))


def manifest_coverage(report: dict) -> dict:
    """The build's report as the manifest keeps it: counts instead of the long lists."""
    out = {k: v for k, v in report.items() if k not in ("unmatched", "duplicates", "disagreements")}
    out["duplicate_groups"] = len(report["duplicates"])
    out["duplicate_groups_top300"] = sum(g["in_top"] for g in report["duplicates"])
    out["disagreements"] = len(report["disagreements"])
    return out


def _duplicates_tsv(groups: list[dict]) -> str:
    rows = [f"{g['kind']}\t{g['key']}\t{'yes' if g['in_top'] else 'no'}\t{', '.join(g['models'])}" for g in groups]
    return "kind\tkey\tin_top_300\tmodels\n" + "\n".join(rows) + "\n"


def _disagreements_tsv(items: list[dict]) -> str:
    rows = [f"{d['model_id']}\t{d['field']}\t" + "; ".join(f"{k}={v}" for k, v in d["values"].items()) for d in items]
    return "model_id\tfield\tvalues by source\n" + "\n".join(rows) + "\n"


def _write_text(path: Path, text: str) -> None:
    snapshot._write_file_atomic(path, text.encode())


def format_report(result: RefreshResult) -> str:
    """The coverage report as text, for a terminal."""
    r = result.report
    if not r:
        return "No catalog was rebuilt."
    lines = [f"Catalog: {r['models']} models, {r['offers']} offers, {r['scores']} scores"]
    lines.append("Per source (rows, names, joined to another source):")
    for n, s in r["per_source"].items():
        lines.append(
            f"  {n:<11} {s['rows']:>7} rows  {s['names']:>5} names  join rate {s['join_rate']:.1%}  quarantined {s['quarantined']}"
        )
    lines.append("Models per task: " + ", ".join(f"{k} {v}" for k, v in r["models_per_task"].items()))
    lines.append(f"Models with a price and a quality score: {r['models_with_price_and_score']}")
    lines.append(
        f"LMArena overall board joined to a price: {r['arena_full_priced_share']:.1%} of {r['arena_full_models']}"
        f" ({r.get('arena_full_price_list_share', 0.0):.1%} by a price list, the rest by LMArena's own list prices)"
    )
    lines.append(f"Licence class known, models with a score: {r['licence_class_known_share_scored']:.1%}")
    lines.append(f"Unmatched score names (no price list reaches them): {len(r['unmatched'])}, listed in unmatched.tsv")
    dups = r.get("duplicates", [])
    lines.append(
        f"Duplicate groups (look like one model): {len(dups)}, {sum(g['in_top'] for g in dups)} among the 300 with the"
        " most evidence; listed in duplicates.tsv"
    )
    lines.append(f"Disagreements between sources: {len(r.get('disagreements', []))}, listed in disagreements.tsv")
    return "\n".join(lines)


def markdown_report(result: RefreshResult) -> str:
    """The run for a person reviewing the data: per-source outcome, then the coverage report."""
    lines = ["## Data refresh", "", "| source | outcome | reason |", "|---|---|---|"]
    for name, outcome in sorted(result.outcomes.items()):
        status = "refreshed" if name in result.refreshed else "FAILED, kept last good data"
        lines.append(f"| {name} | {status} | {(outcome.reason or '').replace('|', '/')} |")
    lines += ["", "```", format_report(result), "```", ""]
    return "\n".join(lines)
