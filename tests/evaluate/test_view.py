"""Pure page logic: the URL state is screened and never carries a key or cases; the statement
before a run; the side-by-side table; model specs carry their route's catalog price."""

import json

import pandas as pd
import pytest

from llm_atlas.evaluate import pricing, view
from llm_atlas.evaluate.cases import Case
from llm_atlas.evaluate.connections import Connection
from llm_atlas.evaluate.spec import RunSettings

KEY = "sk-view-SENTINEL"
CONN = Connection("openai", "x", base_url="https://example.com/v1", key=KEY)


def test_url_round_trip_and_screening():
    settings = RunSettings(grader="numeric", max_tokens=256, concurrency=2, spend_cap_usd=0.5, case_cap=10)
    query = view.to_query(["a/b", "c/d"], settings, "20260101-000000-abc123")
    assert KEY not in json.dumps(query) and set(query) <= set(view.URL_KEYS)
    state, notes = view.from_query(query)
    assert notes == [] and state.models == ("a/b", "c/d") and state.settings == settings
    state, notes = view.from_query({"models": "a,b,c,d,e", "concurrency": "99", "temperature": "x", "run": "../etc"})
    assert state.models == ("a", "b", "c", "d") and state.settings == RunSettings() and state.run is None
    assert len(notes) == 4


def test_statement_states_requests_worst_case_and_caps():
    cases = [Case("1", "x" * 100), Case("2", "y" * 100), Case("3", "z")]
    priced = pricing.Price(1.0, 2.0)
    specs = [
        view.model_specs(["m"], CONN, pd.DataFrame(columns=["request_id", "model_id"]))[0],
        view.ModelSpec("p", CONN, "p", None, priced),
    ]
    settings = RunSettings(max_tokens=100, spend_cap_usd=0.5, case_cap=2)
    lines = view.statement(cases, specs, settings)
    # Worst case for p: two cases of 100 characters, (100 + 64) tokens at $1/M + 100 at $2/M each.
    worst = 2 * ((100 + 64) * 1.0 + 100 * 2.0) / 1e6
    assert lines[0].startswith("2 cases × 2 models = 4 requests")
    assert f"${worst:,.4f}" in lines[1] and "Spend cap $0.50" in lines[2]
    assert "No catalog price for m" in lines[3] and "first 2 of 3 cases" in lines[4]


def test_model_specs_take_the_route_price():
    routes = pd.DataFrame(
        {"request_id": ["a/b"], "model_id": ["b"], "price_in_usd_mtok": [0.5], "price_out_usd_mtok": [1.5],
         "price_cached_in_usd_mtok": [None]}
    )  # fmt: skip
    priced, typed = view.model_specs(["a/b", "z/z"], CONN, routes)
    assert priced.price == pricing.Price(0.5, 1.5, None, route="OpenRouter · a/b") and priced.model_id == "b"
    assert typed.price is None and typed.model_id is None
    assert KEY not in json.dumps(priced.public())


def test_side_by_side_and_headline():
    rows = pd.DataFrame(
        {
            "case_id": ["1", "1", "2", "2"],
            "model_key": ["a", "b", "a", "b"],
            "input": ["q1", "q1", "q2", "q2"],
            "expected": ["1", "1", "2", "2"],
            "answer": ["1", "7", "2", ""],
            "grade": ["pass", "fail", "pass", "—"],
            "why": ["ok", "7 ≠ 1", "ok", "timed out"],
            "error": [None, None, None, "timeout"],
        }
    )
    table = view.side_by_side(rows, ["a", "b"])
    assert table.columns.tolist() == [
        "case_id",
        "input",
        "expected",
        "a · answer",
        "a · grade",
        "b · answer",
        "b · grade",
    ]
    assert table["b · grade"].tolist() == ["fail · 7 ≠ 1", "error · timed out"]
    row = pd.Series({"accuracy": 50.0, "passed": 1, "graded": 2, "ci_low": 9.5, "ci_high": 90.5, "cost_usd": None,
                     "cost_per_1k_usd": None, "latency_p50_s": 0.5, "latency_p95_s": 0.9, "errors": 1,
                     "errors_by_kind": "timeout 1"})  # fmt: skip
    value, words = view.headline(row)
    assert value == "50.0 % correct" and "cost unknown" in words and "timeout 1" in words


@pytest.mark.parametrize("ids", [["gpt-4o"], []])
def test_resolve_ids_keeps_unknown_ids_typed(ids):
    routes = pd.DataFrame({"request_id": ["openai/gpt-4o", "openai/gpt-4o:extended"], "model_id": ["gpt-4o", "gpt-4o"]})
    picked, other = view.resolve_ids([*ids, "my/finetune"], routes)
    assert picked == (["openai/gpt-4o"] if ids else []) and other == ["my/finetune"]


def test_route_prices_are_the_openrouter_payloads_own(bundled):
    """The price a run attaches to an OpenRouter id is what OpenRouter's recorded payload states
    (USD per token there, per 1M tokens here), checked on every route the fixture payload shares."""
    from tests.upstream_server import FIXTURES

    raw = json.loads((FIXTURES / "openrouter/openrouter_models_all.json").read_text(encoding="utf-8"))["data"]
    routes = pricing.openrouter_routes(bundled.offers, bundled.models).drop_duplicates("request_id")
    routes = routes.set_index("request_id")
    checked = 0
    for item in raw:
        rid, p = item["id"], item.get("pricing") or {}
        if rid not in routes.index or not p.get("prompt") or float(p["prompt"]) < 0:
            continue
        price = pricing.route_price(bundled.offers, "openrouter", rid)
        if price is None:
            continue
        assert price.input_usd_mtok == pytest.approx(float(p["prompt"]) * 1e6, rel=1e-9), rid
        assert price.output_usd_mtok == pytest.approx(float(p["completion"]) * 1e6, rel=1e-9), rid
        spec = view.model_specs([rid], CONN, routes.reset_index())[0]
        assert spec.price.input_usd_mtok == price.input_usd_mtok and spec.price.output_usd_mtok == price.output_usd_mtok
        checked += 1
    assert checked >= 5  # the fixture is a trimmed copy of the payload the snapshot was built from
