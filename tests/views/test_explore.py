"""Explore's pure logic on the real bundled snapshot; expected counts computed independently with plain pandas."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow.parquet as pq
import pytest

from llm_atlas.views import eligibility, explore
from llm_atlas.views.explore import Filters


@pytest.fixture(scope="module")
def table(bundled):
    return explore.prepare(bundled)


@pytest.fixture(scope="module")
def raw(bundled):
    """The plain models table less the retired models Explore hides by default, for independent expectations."""
    return bundled.models[~eligibility.is_deprecated(bundled.models)]


def count(table, offers, **kw) -> int:
    return len(explore.apply(table, Filters(**kw), offers).rows)


def test_each_filter_alone(table, raw, bundled):
    o = bundled.offers
    assert count(table, o) == len(raw)
    assert count(table, o, tasks=("embedding",)) == (raw["task"] == "embedding").sum()
    assert count(table, o, openness=("open",)) == (raw["open_weights"] == True).sum()  # noqa: E712
    assert count(table, o, openness=("unknown",)) == raw["open_weights"].isna().sum()
    assert count(table, o, license_classes=("permissive",)) == (raw["license_class"] == "permissive").sum()
    assert count(table, o, licenses=("mit",)) == (raw["license"] == "mit").sum()
    assert count(table, o, creators=("OpenAI",)) == (raw["creator"] == "OpenAI").sum()
    groq = set(o.loc[o["provider"] == "groq", "model_id"])
    assert count(table, o, providers=("groq",)) == raw["model_id"].isin(groq).sum() > 0
    assert count(table, o, architectures=("encoder-only",)) == (raw["architecture"] == "encoder-only").sum()
    assert count(table, o, moe_only=True) == (raw["moe"] == True).sum()  # noqa: E712
    assert count(table, o, params_min=7.0, params_max=8.0) == raw["params_b"].between(7.0, 8.0).sum()
    assert count(table, o, context_min=128_000) == (raw["context_tokens"] >= 128_000).sum()
    both = (raw["supports_tools"] == True) & (raw["supports_vision"] == True)  # noqa: E712
    assert count(table, o, capabilities=("tools", "vision")) == both.sum()
    assert count(table, o, price_min=1.0, price_max=3.0) == raw["price_in_usd_mtok"].between(1.0, 3.0).sum()
    assert (
        count(table, o, date_from="2025-01-01", date_to="2025-06-30")
        == raw["release_date"].between("2025-01-01", "2025-06-30").sum()
    )
    assert count(table, o, scored_only=True) == (raw["n_scores"] > 0).sum()
    hits = raw["model_id"].str.contains("llama", case=False) | raw["name"].str.contains("llama", case=False)
    assert count(table, o, search="LLaMA") == hits.sum()


def test_combinations_and_steps(table, raw, bundled):
    result = explore.apply(table, Filters(tasks=("embedding",), license_classes=("permissive",)), bundled.offers)
    expected = raw[(raw["task"] == "embedding") & (raw["license_class"] == "permissive")]
    assert sorted(result.rows["model_id"]) == sorted(expected["model_id"]) and len(expected) >= 10
    assert result.steps == [
        ("include_deprecated", len(raw)),  # retired models are hidden first, unless asked for
        ("tasks", (raw["task"] == "embedding").sum()),
        ("license_classes", len(expected)),
    ]
    assert result.emptied_by is None


def test_empty_result_names_the_filter(table, bundled):
    result = explore.apply(
        table, Filters(tasks=("speech-to-text",), architectures=("encoder-only",), search="zzz"), bundled.offers
    )
    assert result.rows.empty
    assert result.emptied_by == result.steps[[left for _, left in result.steps].index(0)][0]


def test_presets_are_what_they_say(table, bundled):
    gpu = explore.apply(table, explore.PRESETS["gpu24"][1], bundled.offers).rows
    assert len(gpu) > 0 and (gpu["license_class"] == "permissive").all()
    assert (gpu["fits_memory_gb"] <= 24).all()
    cheap = explore.apply(table, explore.PRESETS["cheap_tools"][1], bundled.offers).rows
    assert (cheap["context_tokens"] >= 128_000).all() and (cheap["supports_tools"] == True).all()  # noqa: E712
    stt = explore.apply(table, explore.PRESETS["stt_services"][1], bundled.offers).rows
    assert len(stt) >= 10 and set(stt["task"]) == {"speech-to-text"}


def test_url_round_trip(table, bundled):
    vocab = explore.vocabularies(table, bundled.offers)
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
    params = {k: [v] for k, v in explore.to_query_params(f, "bge-m3").items()}
    parsed, model, notices = explore.from_query_params(params, vocab)
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
    parsed, model, notices = explore.from_query_params(params, explore.vocabularies(table, bundled.offers))
    assert parsed == Filters() and model is None
    assert len(notices) == 1 and fragment in notices[0]


def test_table_has_only_shown_columns_and_http_links(table):
    shown = explore.table(table)
    assert set(shown.columns) <= set(explore.TABLE_COLUMNS)
    assert shown["link"].dropna().str.match(r"^https?://").all()
    assert shown["params_b"].isna().any()  # missing stays missing, never 0


def test_a_search_lists_the_best_matches_first(table, bundled):
    found = explore.apply(table, Filters(search="gpt-4o"), bundled.offers)
    shown = explore.table(found, "gpt-4o")
    ids = shown["model_id"].tolist()
    assert sorted(ids) == sorted(found.rows["model_id"])  # the same rows, reordered
    assert ids[0] == "gpt-4o"  # the id itself
    names = dict(zip(shown["model_id"], shown["name"].str.lower(), strict=True))
    named = [m for m in ids[1:] if names[m] == "gpt-4o"]  # then a name that is the search
    assert ids[1 : 1 + len(named)] == named
    starts = [i for i, m in enumerate(ids) if m.startswith("gpt-4o") and m not in named]
    first = 1 + len(named)
    assert starts[1:] == list(range(first, first + len(starts) - 1))  # then ids that start with it
    assert ids.index("chatgpt-4o-latest") > starts[-1]  # ids that only contain it, last
    # Without a search, catalog order.
    plain = explore.table(explore.apply(table, Filters(tasks=("embedding",)), bundled.offers))
    current = (table["task"] == "embedding") & ~eligibility.is_deprecated(table)
    assert plain["model_id"].tolist() == table.loc[current, "model_id"].tolist()


def test_exports_carry_header_and_rows(bundled, table):
    shown = explore.table(explore.apply(table, Filters(tasks=("embedding",)), bundled.offers).rows)
    csv = explore.to_csv(bundled, shown).decode()
    header, body = csv.split("\n", 1)
    assert header.startswith("# LLM Atlas export:") and bundled.built_at in header and "litellm (2026-07-24)" in header
    assert len(pd.read_csv(io.StringIO(body))) == len(shown)
    tbl = pq.read_table(io.BytesIO(explore.to_parquet(bundled, shown)))
    assert tbl.num_rows == len(shown) and b"llm_atlas" in tbl.schema.metadata


def test_detail_lists_offers_scores_with_dates(bundled, table):
    d = explore.detail(bundled, table, "gpt-4o-2024-08-06")
    assert {"openai", "azure"} <= set(d["offers"]["provider"])
    arena = d["scores"][d["scores"]["benchmark"] == "arena_text:full"].iloc[0]
    assert arena.ci_low < arena.value < arena.ci_high and arena.as_of == "2025-12-17"
    assert explore.detail(bundled, table, "no-such-model") is None
    assert explore.headline_facts(d["model"])["Parameters"] == "unknown"


def test_detail_of_a_model_with_unknown_openness(bundled, table):
    unknown = table[table["open_weights"].isna()].iloc[0]["model_id"]
    d = explore.detail(bundled, table, unknown)
    assert explore.hub_facts(d["model"]) is None
    assert explore.headline_facts(d["model"])["Openness"] == "unknown"


def test_variant_note_says_whose_price_it_is():
    borrowed = pd.Series({"variant_of": "grok-2", "price_source": "litellm: xai/grok-2 (price of grok-2)"})
    own = pd.Series({"variant_of": "gpt-5", "price_source": "lmarena: gpt-5-high"})
    assert explore.variant_note(borrowed).startswith("Priced as its base model **grok-2**")
    assert explore.variant_note(own) == (
        "A variant of **gpt-5**; the price shown is listed for this variant itself (lmarena: gpt-5-high)."
    )


def test_detail_states_the_price_rule_the_cheapest_route_and_the_dates_not_to_misread(bundled):
    m = explore.prepare(bundled).set_index("model_id", drop=False)
    gpt = explore.price_lines(m.loc["gpt-4o"])
    assert gpt[0].startswith("Price $2.5 in / $10 out per 1M tokens: maker's own API (litellm: gpt-4o)")
    row = m.loc["gpt-4o"]
    cheapest = f"From ${row['cheapest_in_usd_mtok']:,.4g} in / ${row['cheapest_out_usd_mtok']:,.4g} out"
    assert len(gpt) == 1 or gpt[1].startswith(cheapest)
    assert explore.status_lines(m.loc["o3"])[0] == (
        "This name serves the dated snapshot o3-2025-04-16; scores measured on it say so."
    )
    retired = explore.status_lines(m.loc["claude-sonnet-4-20250514"], today="2026-12-01")
    assert retired[0] == "Deprecated since 2026-05-14 (its maker's route says so)."
    listed = m[m["release_date"].isna() & m["listed_on"].notna()].iloc[0]
    assert f"listed on a gateway (OpenRouter) on {listed['listed_on']}" in " ".join(explore.status_lines(listed))
