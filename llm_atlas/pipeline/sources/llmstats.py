"""llm-stats (JonathanChavezTamales/llm-leaderboard): curated models, licences, benchmarks, prices."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Mapping

import pandas as pd

from llm_atlas.pipeline.normalise import hf_key, refine_chat_task
from llm_atlas.pipeline.sources.base import (
    FetchError,
    PayloadError,
    Payloads,
    Source,
    SourceFrames,
    get_bytes,
    http_session,
    http_url,
    load_json,
    require_fields,
)

TABLES = ("models", "model_benchmarks", "provider_models", "providers", "organizations", "licenses", "benchmarks")


def parse(payloads: Payloads) -> SourceFrames:
    data = load_json(payloads["data"], "llm-stats")
    if not isinstance(data, dict) or not all(isinstance(data.get(t), list) for t in TABLES):
        raise PayloadError(f"llm-stats: expected tables {', '.join(TABLES)}")
    require_fields(data["models"], ("model_id", "name", "license_id"), "llm-stats models")
    require_fields(data["model_benchmarks"], ("model_id", "benchmark_id", "score"), "llm-stats benchmarks")
    require_fields(
        data["provider_models"], ("model_id", "provider_id", "input_cents_per_million_tokens"), "llm-stats prices"
    )
    orgs = {o["organization_id"]: o.get("name") for o in data["organizations"]}
    licences = {x["license_id"]: x.get("name") for x in data["licenses"]}
    max_score = {b["benchmark_id"]: b.get("max_score") for b in data["benchmarks"]}
    facts = [_fact(m, orgs, licences) for m in data["models"]]
    offers = [
        {
            "source": "llmstats",
            "source_key": p["model_id"],
            "provider": p.get("provider_id"),
            # US cents per 1M tokens -> USD per 1M tokens.
            "price_in_usd_mtok": _cents(p.get("input_cents_per_million_tokens")),
            "price_out_usd_mtok": _cents(p.get("output_cents_per_million_tokens")),
            "context_tokens": p.get("max_input_tokens"),
            "max_output_tokens": p.get("max_output_tokens"),
        }
        for p in data["provider_models"]
        if not p.get("deprecated_at")
    ]
    scores = [_score(b, max_score) for b in data["model_benchmarks"] if isinstance(b.get("score"), (int, float))]
    return SourceFrames(pd.DataFrame(facts), pd.DataFrame(offers), pd.DataFrame(scores))


def _cents(value: object) -> float | None:
    return value / 100 if isinstance(value, (int, float)) else None


def _fact(m: dict, orgs: dict, licences: dict) -> dict:
    licence_id = m.get("license_id")
    weights = m.get("source_weights_link")
    params = m.get("param_count")
    return {
        "source": "llmstats",
        "source_key": m["model_id"],
        "name": m.get("name"),
        "creator": orgs.get(m.get("organization_id"), m.get("organization_id")),
        "release_date": m.get("release_date"),
        "task": refine_chat_task("chat", m.get("model_id")),  # llm-stats lists generative LLMs only
        "input_modalities": "text,image" if m.get("multimodal") else "text",
        "output_modalities": "text",
        "open_weights": None if licence_id in (None, "unknown") else licence_id != "proprietary",
        "license": licences.get(licence_id, licence_id) if licence_id != "unknown" else None,
        "hf_id": _hf_id_from_url(weights),
        # The schema says billions but the data holds absolute counts.
        "params_b": params / 1e9 if isinstance(params, (int, float)) else None,
        "supports_vision": bool(m.get("multimodal")),
        "url": http_url(m.get("source_api_ref")) or http_url(m.get("source_scorecard_blog_link")) or http_url(weights),
        "base_model": m.get("fine_tuned_from_model_id"),
    }


def _hf_id_from_url(url: object) -> str | None:
    if isinstance(url, str) and "huggingface.co/" in url:
        key = hf_key(url.split("huggingface.co/", 1)[1])
        return url.split("huggingface.co/", 1)[1].strip("/").split("/tree/")[0] if key else None
    return None


def _score(b: dict, max_score: dict) -> dict:
    value = float(b["score"])
    fraction = (max_score.get(b["benchmark_id"]) or 0) <= 1 and value <= 1
    date = b.get("verification_date") or b.get("updated_at") or ""
    return {
        "source": "llmstats",
        "source_key": b["model_id"],
        "benchmark": f"llmstats:{b['benchmark_id']}",
        "benchmark_label": b.get("benchmark_name") or b["benchmark_id"],
        "value": value * 100 if fraction else value,
        "unit": "%" if fraction else "points",
        "higher_is_better": True,
        "date": str(date)[:10] or None,
    }


def fetch_live(source: Source, urls: Mapping[str, str], timeout) -> Payloads:
    """The upstream is a repository of ~760 small JSON files: fetch its tarball and
    merge them into the same one-object-per-table shape as the bundled payload."""
    tarball = get_bytes(http_session(), urls["tarball"], timeout)
    tables: dict[str, list] = {t: [] for t in TABLES}
    try:
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
            for member in tar:
                path = member.name.split("/", 1)[-1]
                if not (member.isfile() and path.startswith("data/") and path.endswith(".json")):
                    continue
                table = _table_for(path)
                if table is None:
                    continue
                record = json.loads(tar.extractfile(member).read())
                for row in record if isinstance(record, list) else [record]:
                    if isinstance(row, dict):
                        tables[table].append({**row, "source_path": path})
    except (tarfile.TarError, json.JSONDecodeError, EOFError) as exc:
        raise FetchError(f"llm-stats: unreadable repository archive ({exc})") from exc
    return {"data": json.dumps(tables).encode()}


def _table_for(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    if path.startswith("data/organizations/"):
        return {
            "model.json": "models",
            "benchmarks.json": "model_benchmarks",
            "organization.json": "organizations",
        }.get(name)
    if path.startswith("data/providers/"):
        return {"provider.json": "providers", "models.json": "provider_models"}.get(name)
    for table in ("licenses", "benchmarks"):
        if path.startswith(f"data/{table}/"):
            return table
    return None


SOURCE = Source(
    name="llmstats",
    title="llm-stats",
    homepage="https://llm-stats.com",
    license="CC BY 4.0",
    attribution="Model facts, benchmarks and provider prices from llm-stats.com (JonathanChavezTamales/llm-leaderboard), CC BY 4.0.",
    files={"data": "llm-stats/llm_stats.json"},
    urls={"tarball": "https://codeload.github.com/JonathanChavezTamales/llm-leaderboard/tar.gz/refs/heads/main"},
    parse=parse,
    recorded_as_of="2025-10-16",
    fetch_live=fetch_live,
)
