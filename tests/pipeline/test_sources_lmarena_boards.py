"""LMArena's vision and text-to-image boards and its per-image list prices, against the raw JSON."""

from __future__ import annotations

import json

import pytest

from llm_atlas.pipeline.model_ids import load_aliases
from llm_atlas.pipeline.normalise import normalise
from llm_atlas.pipeline.sources import SOURCES
from llm_atlas.pipeline.sources.lmarena import bare_name
from tests.upstream_server import FIXTURES

RAW = FIXTURES / "lmarena"


def board(name: str) -> dict:
    return json.loads((RAW / name).read_bytes())


@pytest.fixture(scope="module")
def frames():
    return SOURCES["lmarena"].parse(SOURCES["lmarena"].read_dir(FIXTURES))


def score(frames, benchmark: str, key: str):
    hits = frames.scores[(frames.scores["benchmark"] == benchmark) & (frames.scores["source_key"] == key)]
    assert len(hits) == 1, (benchmark, key, len(hits))
    return hits.iloc[0]


@pytest.mark.parametrize(
    ("payload", "prefix"),
    [
        ("leaderboard-image.json", "arena_image"),
        ("leaderboard-vision.json", "arena_vision"),
        ("leaderboard-vision-style-control.json", "arena_vision_style"),
    ],
)
def test_every_rating_and_bound_is_the_payloads(frames, payload, prefix):
    raw = board(payload)
    n = 0
    for category, models in raw.items():
        for model, r in models.items():
            s = score(frames, f"{prefix}:{category}", model)
            assert (s.value, s.ci_low, s.ci_high) == pytest.approx((r["rating"], r["rating_q025"], r["rating_q975"]))
            assert s.unit == "points" and s.higher_is_better == True  # noqa: E712
            n += 1
    assert n == (frames.scores["benchmark"].str.split(":").str[0] == prefix).sum()


def test_image_board_display_names_are_kept_and_join_by_alias(frames):
    raw = board("leaderboard-image.json")["full"]
    nicknamed = [name for name in raw if "(" in name]
    assert nicknamed, "the fixture keeps names with a bracketed nickname"
    aliases = load_aliases()
    for name in nicknamed:
        assert name in set(frames.scores["source_key"])  # the display name, as LMArena writes it
        assert aliases[normalise(name)] == normalise(bare_name(name)), name
    assert bare_name("gemini-3-pro-image-preview (nano-banana-pro)") == "gemini-3-pro-image-preview"


def test_models_on_the_image_board_make_images(frames):
    facts = frames.facts.dropna(subset=["task"])
    for name in board("leaderboard-image.json")["full"]:
        assert set(facts.loc[facts["source_key"] == name, "task"]) == {"image-generation"}, name


def test_scatterplot_image_prices_are_per_image_not_per_token(frames):
    scatter = {s["model_api_name"]: s for s in json.loads((RAW / "scatterplot-data.json").read_bytes())}
    image_names = set(board("leaderboard-image.json")["full"])
    priced_images = [k for k in scatter if k in image_names]
    assert {"dall-e-3", "flux-1.1-pro"} <= set(priced_images)
    offers = frames.offers.set_index("source_key")
    for key in priced_images:
        offer = offers.loc[key]
        assert offer.price_per_image_usd == pytest.approx(float(scatter[key]["output_token_price"]))
        assert offer[["price_in_usd_mtok", "price_out_usd_mtok"]].isna().all(), key
    assert offers.loc["dall-e-3"].price_per_image_usd == pytest.approx(0.04)  # OpenAI's standard 1024x1024
    # A text model's list prices stay per 1M tokens.
    text = offers.loc["gpt-5-high"]
    assert text.price_in_usd_mtok == pytest.approx(float(scatter["gpt-5-high"]["input_token_price"]))
    assert text.isna()["price_per_image_usd"]


def test_models_on_the_vision_board_are_chat_models_that_read_images(frames):
    facts = frames.facts
    for name in board("leaderboard-vision.json")["full"]:
        rows = facts[(facts["source_key"] == name) & facts["task"].notna()]
        assert set(rows["task"]) == {"chat"} and rows["supports_vision"].all(), name
