"""Open LLM Leaderboard v2, final contents (retired 2025): open models, six benchmarks."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from llm_atlas.pipeline.normalise import architecture_from_class, refine_chat_task
from llm_atlas.pipeline.sources.base import PayloadError, Payloads, Source, SourceFrames, to_float

BENCHMARKS = ("ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro")
REQUIRED = ("model_name", "model_average_score", "metadata_params_billions", "metadata_hub_license")
_MERGE_NOTE = re.compile(r"\s*\(.*\)\s*$")


def parse(payloads: Payloads) -> SourceFrames:
    try:
        rows = list(csv.DictReader(io.StringIO(payloads["csv"].decode("utf-8"))))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PayloadError(f"Open LLM Leaderboard: unreadable CSV ({exc})") from exc
    if not rows:
        raise PayloadError("Open LLM Leaderboard: no rows")
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        raise PayloadError(f"Open LLM Leaderboard: column(s) {', '.join(missing)} missing (renamed upstream?)")
    best: dict[str, dict] = {}
    for row in rows:
        name, avg = row.get("model_name"), to_float(row.get("model_average_score"))
        if name and avg is not None and (name not in best or avg > to_float(best[name]["model_average_score"])):
            best[name] = row  # one row per repo: its best evaluated precision
    facts, scores = [], []
    for hf_id, row in best.items():
        facts.append(_fact(hf_id, row))
        date = row.get("metadata_submission_date") or None
        base = {"source": "oll", "source_key": hf_id, "unit": "0-100", "higher_is_better": True, "date": date}
        scores.append(
            {
                **base,
                "benchmark": "oll_average",
                "benchmark_label": "Open LLM Leaderboard average",
                "value": to_float(row["model_average_score"]),
            }
        )
        for b in BENCHMARKS:
            value = to_float(row.get(f"evaluations_{b}_normalized_score"))
            if value is not None:
                label = row.get(f"evaluations_{b}_name") or b
                scores.append({**base, "benchmark": f"oll_{b}", "benchmark_label": f"OLL {label}", "value": value})
    return SourceFrames(pd.DataFrame(facts), pd.DataFrame(), pd.DataFrame(scores))


def _fact(hf_id: str, row: dict) -> dict:
    base = _MERGE_NOTE.sub("", row.get("metadata_base_model") or "").strip()
    return {
        "source": "oll",
        "source_key": hf_id,
        "name": hf_id.split("/", 1)[-1],
        "creator": hf_id.split("/", 1)[0],
        "task": refine_chat_task("chat", hf_id),
        "input_modalities": "text",
        "output_modalities": "text",
        "open_weights": True,
        "license": row.get("metadata_hub_license") or None,
        "hf_id": hf_id,
        "architecture": architecture_from_class(row.get("model_architecture")),
        "moe": row.get("features_is_moe"),
        "params_b": to_float(row.get("metadata_params_billions")),
        "likes": to_float(row.get("metadata_hub_hearts")),
        "base_model": base if base and base != hf_id else None,
        "release_date": row.get("metadata_upload_date") or None,
        "url": f"https://huggingface.co/{hf_id}",
        # Uploaded by the model's maker (the leaderboard's own flag): its name may join priced rows.
        "official_repo": row.get("features_is_official_provider"),
    }


SOURCE = Source(
    name="oll",
    title="Open LLM Leaderboard v2 (final)",
    homepage="https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard",
    license="MPL-2.0 (CSV export by fboulnois/llm-leaderboard-csv)",
    attribution="Open LLM Leaderboard v2 final results, via fboulnois/llm-leaderboard-csv (MPL-2.0). The leaderboard is retired; its contents no longer change.",
    files={"csv": "open-llm-leaderboard/huggingface_v2.csv"},
    # Retired: pinned to the last commit that held the file.
    urls={
        "csv": "https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/0f4e5c69c6fb6515afa31ae61f4d699649bc9503/csv/huggingface_v2.csv"
    },
    parse=parse,
    recorded_as_of="2025-03-21",
)
