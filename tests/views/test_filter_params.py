"""The catalog filters <-> URL parameters: a round trip, and every malformed parameter named and ignored."""

from __future__ import annotations

import pytest

from llm_atlas.views import explore, filter_params
from llm_atlas.views.explore import Filters


@pytest.fixture(scope="module")
def table(bundled):
    return explore.prepare(bundled)


def test_url_round_trip(table, bundled):
    vocab = filter_params.vocabularies(table, bundled.offers)
    f = Filters(
        tasks=("embedding", "chat"),
        openness=("open",),
        params_max=8.5,
        context_min=32000,
        capabilities=("tools",),
        date_from="2024-01-01",
        scored_only=True,
        search="qwen",
    )
    params = {k: [v] for k, v in filter_params.to_query_params(f, "bge-m3").items()}
    parsed, model, notices = filter_params.from_query_params(params, vocab)
    assert (parsed, model, notices) == (f, "bge-m3", [])


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"license": ["\x00"]}, "control characters"),
        ({"params_max": ["abc"]}, "must be a number"),
        ({"params_max": ["inf"]}, "out of range"),
        ({"task": ["chat", "code"]}, "given 2 times"),
        ({"q": ["x" * 10_000]}, "too long"),
        ({"nope": ["1"]}, "Unknown parameter"),
        ({"task": ["<script>alert(1)</script>"]}, "Unknown task"),
        ({"from": ["yesterday"]}, "must be a date"),
        ({"to": ["2024-13-45"]}, "must be a date"),  # the right shape, no such day: crashed the page
        ({"scored": ["maybe"]}, "must be 1 or 0"),
        ({"preset": ["nope"]}, "Unknown preset"),
    ],
)
def test_malformed_params_give_notice_and_default(table, bundled, params, fragment):
    parsed, model, notices = filter_params.from_query_params(params, filter_params.vocabularies(table, bundled.offers))
    assert parsed == Filters() and model is None
    assert len(notices) == 1 and fragment in notices[0]
