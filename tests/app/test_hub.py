"""The Hub page in AppTest, against the loopback Hub (real HfApi, real HTTP)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from llm_atlas import hub
from llm_atlas.hub import HubQuery
from llm_atlas.hub import client as hub_client
from llm_atlas.text import escape_markdown
from llm_atlas.views import explore
from tests.apptest import open_page
from tests.upstream_server import Fault, UpstreamServer

TOKEN = "hf_AppTestTokenNeverShown987"
APP = Path(__file__).parents[2] / "app.py"


@pytest.fixture
def hub_server(monkeypatch):
    with UpstreamServer() as server:
        monkeypatch.setenv("LLM_ATLAS_UPSTREAM_BASE", server.base_url)
        yield server


def all_text(at: AppTest) -> str:
    """Every element's content as the browser would receive it (protobuf text)."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


def open_model(at: AppTest, repo_id: str) -> AppTest:
    at.selectbox(key="hub_model").set_value(repo_id).run()
    assert not at.exception, at.exception
    return at


def test_search_from_a_shared_url_asks_the_hub_with_those_filters(hub_server):
    at = open_page("app_pages/hub.py", q="llama", license="llama3.1", params="7-9", sort="likes")

    (sent,) = hub_server.upstream.hub_listing_queries()
    assert sent["search"] == ["llama"] and sent["filter"] == ["license:llama3.1"]
    assert sent["num_parameters"] == ["min:7B,max:9B"] and sent["sort"] == ["likes"]
    expected = hub.search(
        hub_client.make_api(f"{hub_server.base_url}/hub"),
        HubQuery(search="llama", licence="llama3.1", params_min_b=7, params_max_b=9, sort="likes"),
    ).rows
    shown = at.dataframe[0].value
    assert shown["url"].tolist() == expected["url"].tolist()
    assert set(shown["licence"]) == {"llama3.1"}
    assert not at.warning
    assert any(c.value.startswith(f"Models 1–{len(expected)} from the Hub") for c in at.caption)
    assert at.query_params["q"] == "llama" and at.query_params["params"] == "7-9"


def test_changing_a_filter_asks_again_and_goes_back_to_page_one(hub_server):
    at = open_page("app_pages/hub.py", q="llama", page="2")
    assert hub_server.upstream.hub_listing_queries()[-1]["limit"] == ["50"]
    at.selectbox(key="hub_licence").set_value("apache-2.0").run()
    sent = hub_server.upstream.hub_listing_queries()[-1]
    assert sent["filter"] == ["license:apache-2.0"] and sent["limit"] == ["25"]
    assert set(at.dataframe[0].value["licence"]) == {"apache-2.0"}
    assert "page" not in at.query_params


def test_a_model_shows_facts_openness_tree_card_and_its_catalog_entry(hub_server):
    at = open_page("app_pages/hub.py", q="llama", license="llama3.1")
    open_model(at, "meta-llama/Llama-3.1-8B-Instruct")

    facts = dict(at.dataframe[1].value.itertuples(index=False))
    assert facts["Parameters (safetensors)"] == "8.03 B (BF16: 8,030,261,248)"
    assert facts["Gated"] == "yes (manual)"
    checklist = at.dataframe[2].value.set_index("item")["status"]
    assert checklist["Full weights"] == hub.KNOWN and checklist["Training data"] == hub.NOT_STATED
    # The tree of the model itself, then of its base (named as the Hub tags it).
    metrics = [(m.label, m.value) for m in at.metric]
    tree = hub.model_tree(hub_client.make_api(f"{hub_server.base_url}/hub"), "meta-llama/Llama-3.1-8B")
    assert metrics[4:] == [(label, tree[rel].label) for rel, label in hub.RELATIONS.items()]
    assert tree["finetune"].count > 40 and tree["adapter"].count == 7
    assert any("Its base model [meta-llama/Llama-3.1-8B]" in m.value for m in at.markdown)
    assert any(m.value.startswith("# meta-llama/Llama-3.1-8B-Instruct") for m in at.markdown)  # the card
    assert any(m.value == "**In the LLM Atlas catalog**" for m in at.markdown)
    assert at.query_params["model"] == "meta-llama/Llama-3.1-8B-Instruct"


def test_zephyr_shows_its_declared_evaluation_results_and_no_providers_note(hub_server):
    at = open_page("app_pages/hub.py", model="HuggingFaceH4/zephyr-7b-beta")
    assert any(e.label == "Evaluation results declared in the card (9)" for e in at.expander)
    at2 = open_page("app_pages/hub.py", model="meta-llama/Llama-3.3-70B-Instruct")
    providers = at2.dataframe[-1].value
    assert "cerebras" in set(providers["provider"])


def test_hub_down_says_why_and_serves_the_snapshots_open_models(hub_server, bundled):
    hub_server.upstream.faults["/hub/"] = Fault(status=503)
    at = open_page("app_pages/hub.py", q="llama", license="llama3.1")

    assert [w.value for w in at.warning] == ["The Hub kept answering HTTP 503; gave up after 4 s."]
    (label,) = [i.value for i in at.info if "snapshot's open-weights models" in i.value]
    as_of = {s: m["data_as_of"] for s, m in bundled.manifest["sources"].items()}
    assert f"Open LLM Leaderboard data of {as_of['oll']}, Hub data of {as_of['hub']}" in label
    expected = hub.snapshot_open_models(explore.prepare(bundled), HubQuery(search="llama", licence="llama3.1"))
    shown = at.dataframe[0].value
    assert len(shown) == len(expected) > 0
    assert shown["url"].tolist() == expected["url"].tolist()


def test_offline_the_page_says_unreachable_at_once_and_still_works():
    at = open_page("app_pages/hub.py")  # conftest points the Hub at a closed port
    assert [w.value for w in at.warning] == ["The Hugging Face Hub is unreachable (no network?)."]
    assert len(at.dataframe[0].value) == hub.PAGE_SIZE * hub.MAX_PAGES
    open_model(at, at.selectbox(key="hub_model").options[0])
    assert at.warning[-1].value == "The Hugging Face Hub is unreachable (no network?)."


@pytest.mark.parametrize(
    ("model", "fault", "expected"),
    [
        ("nobody/no-such-model", None, "The Hub has no public model nobody/no-such-model (HTTP 404)."),
        (
            "meta-llama/Llama-3.1-8B-Instruct",
            Fault(status=401, headers={"X-Error-Code": "GatedRepo"}),
            "meta-llama/Llama-3.1-8B-Instruct is gated: accept its terms on the Hub and set HF_TOKEN to see it.",
        ),
        (
            "meta-llama/Llama-3.1-8B-Instruct",
            Fault(status=429, retry_after="60"),
            "The Hub is rate-limiting requests (HTTP 429, retry after 60 s).",
        ),
    ],
)
def test_model_failures_are_one_line_and_the_search_still_shows(hub_server, model, fault, expected):
    if fault:
        hub_server.upstream.faults[f"/hub/api/models/{model}"] = fault
    at = open_page("app_pages/hub.py", model=model)
    assert [w.value for w in at.warning] == [expected]
    assert len(at.dataframe[0].value) == hub.PAGE_SIZE  # the search above is unaffected


def test_a_renamed_repo_is_followed_and_said(hub_server):
    at = open_page("app_pages/hub.py", model="bert-base-uncased")
    facts = dict(at.dataframe[1].value.itertuples(index=False))
    assert facts["Renamed"] == "bert-base-uncased now redirects to google-bert/bert-base-uncased"


@pytest.mark.parametrize("where", ["env", "secrets"])
def test_the_token_is_used_but_never_shown_or_logged(hub_server, monkeypatch, caplog, capfd, where):
    caplog.set_level(logging.DEBUG)
    hub_server.upstream.faults["/hub/api/models?"] = Fault(status=500, times=1)  # a retry gets logged
    at = AppTest.from_file(str(APP), default_timeout=30)
    if where == "env":
        monkeypatch.setenv("HF_TOKEN", TOKEN)
    else:
        at.secrets["HF_TOKEN"] = TOKEN
    at.switch_page("app_pages/hub.py")
    at.query_params["q"] = "llama"
    at.query_params["model"] = "HuggingFaceH4/zephyr-7b-beta"
    at.run()
    assert not at.exception, at.exception

    assert "Using your Hugging Face token" in all_text(at)
    assert hub_server.upstream.request_headers[-1]["authorization"] == f"Bearer {TOKEN}"
    out, err = capfd.readouterr()
    for place in (all_text(at), str(dict(at.query_params)), caplog.text, out, err, *hub_server.upstream.requests):
        assert TOKEN not in place


def test_a_hostile_card_is_rendered_without_markup(hub_server):
    hostile = (
        b"---\nlicense: mit\n---\n# Card <script>alert(1)</script>\n"
        b'<img src=x onerror="alert(2)"> [click](javascript:alert(3)) [fine](https://example.org)\n'
    )
    hub_server.upstream.faults["/hub/HuggingFaceH4/zephyr-7b-beta/resolve"] = Fault(mutate=lambda _: hostile)
    at = open_page("app_pages/hub.py", model="HuggingFaceH4/zephyr-7b-beta")
    (card,) = [m.value for m in at.markdown if m.value.startswith("# Card")]
    assert card == "# Card \n click [fine](https://example.org)"
    assert all("<script" not in m.value and "javascript:" not in m.value for m in at.markdown)


def test_hostile_url_parameters_get_notices_and_the_default_search(hub_server):
    at = open_page(
        "app_pages/hub.py",
        task="<script>alert(1)</script>",
        page="-1",
        model="javascript:alert(1)",
        utm_source="x",
    )
    notices = [i.value for i in at.info]
    assert notices == [
        escape_markdown(n)
        for n in (
            "Unknown task ignored: '<script>alert(1)</script>'.",
            "'page' must be 1 to 10; ignored.",
            "'model' is not a Hub repo id (owner/name); ignored.",
            "Unknown parameter 'utm_source' ignored.",
        )
    ]
    assert not at.warning
    assert hub_server.upstream.hub_listing_queries()[0]["limit"] == ["25"]
    assert "pipeline_tag" not in hub_server.upstream.hub_listing_queries()[0]
    assert dict(at.query_params) == {}
