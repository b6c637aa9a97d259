"""LMArena: text and vision arenas (plain and style control), text-to-image; every category, 95 % bounds."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from llm_atlas.pipeline.sources.base import PayloadError, Payloads, Source, SourceFrames, http_url, load_json, to_float

BOARDS = {
    "text": ("arena_text", "Arena text"),
    "text_style": ("arena_text_style", "Arena text (style control)"),
    # The JSON vision board (Dec 2025, ten categories) replaces the CSV export's (Aug 2025, overall only).
    "vision": ("arena_vision", "Arena vision"),
    "vision_style": ("arena_vision_style", "Arena vision (style control)"),
    "image": ("arena_image", "Arena text-to-image"),
}
# The text-to-image board names models by display name, some with a nickname in brackets:
# "gemini-3-pro-image-preview (nano-banana-pro)". data/aliases.csv joins them to the bare name.
_NICKNAME = re.compile(r"\s*\(([^)]*)\)\s*$")
_CI = re.compile(r"^\+?(-?\d+(?:\.\d+)?)\s*/\s*-?(\d+(?:\.\d+)?)$")


def parse(payloads: Payloads) -> SourceFrames:
    scores: list[dict] = []
    for key, (prefix, label) in BOARDS.items():
        board = load_json(payloads[key], f"LMArena {key}")
        if not isinstance(board, dict) or "full" not in board:
            raise PayloadError(f"LMArena {key}: expected {{category: {{model: rating}}}} with a 'full' category")
        for category, models in board.items():
            if not isinstance(models, dict):
                raise PayloadError(f"LMArena {key}: category '{category}' is not an object")
            for model, r in models.items():
                if not isinstance(r, dict) or not isinstance(r.get("rating"), (int, float)):
                    raise PayloadError(
                        f"LMArena {key}: '{model}' in '{category}' has no numeric 'rating' (renamed upstream?)"
                    )
                scores.append(
                    {
                        "source": "lmarena",
                        "source_key": model,
                        "benchmark": f"{prefix}:{category}",
                        "benchmark_label": f"{label}: {category.replace('_', ' ')}",
                        "value": r["rating"],
                        "unit": "points",
                        "higher_is_better": True,
                        "ci_low": r.get("rating_q025"),
                        "ci_high": r.get("rating_q975"),
                    }
                )
    facts: list[dict] = []
    offers: list[dict] = []
    _csv_board(payloads["vision_csv"], None, None, facts)  # licence and maker of vision models
    _csv_board(payloads["text_csv"], None, None, facts)
    image_names = {s["source_key"] for s in scores if s["benchmark"].startswith("arena_image:")}
    facts += [_image_fact(name) for name in sorted(image_names)]
    vision_names = {
        s["source_key"] for s in scores if s["benchmark"].startswith(("arena_vision:", "arena_vision_style:"))
    }
    facts += [_vision_fact(name) for name in sorted(vision_names - image_names)]
    _scatterplot(payloads["scatterplot"], facts, offers, image_names | {bare_name(n) for n in image_names})
    return SourceFrames(pd.DataFrame(facts), pd.DataFrame(offers), pd.DataFrame(scores))


def bare_name(name: str) -> str:
    """A text-to-image board name without its bracketed nickname."""
    return _NICKNAME.sub("", name)


def _vision_fact(name: str) -> dict:
    """A model rated on the vision board reads an image and a prompt and answers in text: a chat model
    with vision (so a vision-only model known to no other source is not "other")."""
    return {
        "source": "lmarena",
        "source_key": name,
        "name": name,
        "task": "chat",
        "input_modalities": "text,image",
        "output_modalities": "text",
        "supports_vision": True,
    }


def _image_fact(name: str) -> dict:
    """A model rated on the text-to-image board makes images, whatever else it is called."""
    return {
        "source": "lmarena",
        "source_key": name,
        "name": name,
        "task": "image-generation",
        "input_modalities": "text",
        "output_modalities": "image",
    }


def _csv_rows(payload: bytes, what: str) -> list[dict]:
    try:
        rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8"))))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PayloadError(f"{what}: unreadable CSV ({exc})") from exc
    if not rows or not {"model", "arena_score", "license"} <= set(rows[0]):
        raise PayloadError(f"{what}: expected columns model, arena_score, license")
    return rows


def _csv_board(payload: bytes, bench: str | None, label: str | None, facts: list[dict]) -> list[dict]:
    scores = []
    for row in _csv_rows(payload, f"LMArena {label or 'text CSV'}"):
        facts.append(
            {
                "source": "lmarena",
                "source_key": row["model"],
                "name": row["model"],
                "creator": row.get("organization") or None,
                "license": row.get("license") or None,
                "open_weights": _open_from_license(row.get("license")),
                "url": http_url(row.get("url")),
                "task": "chat",  # the text and vision boards rate only models that answer in text
            }
        )
        value = to_float(row.get("arena_score"))
        if bench is None or value is None:
            continue
        low, high = _bounds(value, row.get("95_pct_ci", ""))
        scores.append(
            {
                "source": "lmarena",
                "source_key": row["model"],
                "benchmark": bench,
                "benchmark_label": label,
                "value": value,
                "unit": "points",
                "higher_is_better": True,
                "ci_low": low,
                "ci_high": high,
            }
        )
    return scores


def _bounds(value: float, ci: str) -> tuple[float | None, float | None]:
    match = _CI.match(ci.strip())
    if not match:
        return None, None
    return value - float(match.group(2)), value + float(match.group(1))


def _open_from_license(licence: object) -> bool | None:
    if not isinstance(licence, str) or not licence.strip():
        return None
    return licence.strip().lower() != "proprietary"


def _scatterplot(payload: bytes, facts: list[dict], offers: list[dict], image_models: set[str]) -> None:
    """Facts and list prices. The prices are strings in USD per 1M tokens, except for models on the
    text-to-image board, where the same two fields hold one price per image."""
    items = load_json(payload, "LMArena scatterplot")
    if not isinstance(items, list):
        raise PayloadError("LMArena scatterplot: expected a list")
    for item in items:
        key = item.get("model_api_name") if isinstance(item, dict) else None
        if not key:
            continue
        image = key in image_models
        facts.append(
            {
                "source": "lmarena",
                "source_key": key,
                "name": item.get("name"),
                "creator": item.get("organization"),
                "license": item.get("license"),
                "open_weights": _open_from_license(item.get("license")),
                "url": http_url(item.get("model_source")),
                "task": "image-generation" if image else None,
            }
        )
        price_in, price_out = to_float(item.get("input_token_price")), to_float(item.get("output_token_price"))
        if image:
            per_image = price_out if price_out is not None else price_in
            if per_image is not None and per_image > 0:
                offers.append(
                    {
                        "source": "lmarena",
                        "source_key": key,
                        "provider": "list price (LMArena)",
                        "price_per_image_usd": per_image,
                    }
                )
        elif price_in is not None or price_out is not None:
            offers.append(
                {
                    "source": "lmarena",
                    "source_key": key,
                    "provider": "list price (LMArena)",
                    "price_in_usd_mtok": price_in,  # already USD per 1M tokens, as strings
                    "price_out_usd_mtok": price_out,
                }
            )


_CATALOG = "https://raw.githubusercontent.com/lmarena/arena-catalog/main/data"
_CSV = "https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/main/csv"

SOURCE = Source(
    name="lmarena",
    title="LMArena (Chatbot Arena)",
    homepage="https://lmarena.ai/leaderboard",
    license="arena-catalog has no LICENSE file (no explicit grant); CSV export MPL-2.0",
    attribution="Arena scores (text, vision, text-to-image) from LMArena (lmarena/arena-catalog); "
    "licences of rated models via fboulnois/llm-leaderboard-csv (MPL-2.0).",
    files={
        "text": "lmarena/leaderboard-text.json",
        "text_style": "lmarena/leaderboard-text-style-control.json",
        "scatterplot": "lmarena/scatterplot-data.json",
        "vision": "lmarena/leaderboard-vision.json",
        "vision_style": "lmarena/leaderboard-vision-style-control.json",
        "image": "lmarena/leaderboard-image.json",
        "vision_csv": "lmarena-csv/lmarena_vision.csv",
        "text_csv": "lmarena-csv/lmarena_text.csv",
    },
    urls={
        "text": f"{_CATALOG}/leaderboard-text.json",
        "text_style": f"{_CATALOG}/leaderboard-text-style-control.json",
        "scatterplot": f"{_CATALOG}/scatterplot-data.json",
        "vision": f"{_CATALOG}/leaderboard-vision.json",
        "vision_style": f"{_CATALOG}/leaderboard-vision-style-control.json",
        "image": f"{_CATALOG}/leaderboard-image.json",
        "vision_csv": f"{_CSV}/lmarena_vision.csv",
        "text_csv": f"{_CSV}/lmarena_text.csv",
    },
    parse=parse,
    recorded_as_of="2025-12-17",
)
