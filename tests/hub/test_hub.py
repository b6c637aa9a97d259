"""The Hub page's logic against a real loopback server answering as the Hub does
(recorded model_info cassettes; listings built from Open LLM Leaderboard rows)."""

from __future__ import annotations

import csv
import logging
import threading
import time

import pytest

from llm_atlas import hub
from llm_atlas.hub import HubQuery
from llm_atlas.hub import client as hub_client
from llm_atlas.views import explore
from tests.upstream_server import FIXTURES, Fault, UpstreamServer

TOKEN = "hf_TestTokenThatMustNeverShow123"


def listing_rows() -> list[dict]:
    with (FIXTURES / "hub-listing/models.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def api_for(server, token: str | None = None, read_timeout: float = 5.0):
    return hub_client.make_api(f"{server.base_url}/hub", token=token, read_timeout=read_timeout)


def test_each_filter_is_sent_as_the_hubs_query_parameters(upstream):
    query = HubQuery(
        search="llama",
        task="text-generation",
        licence="llama3.1",
        library="transformers",
        params_min_b=7,
        params_max_b=9,
        gated=False,
        sort="likes",
    )
    page = hub.search(api_for(upstream), query)

    (sent,) = upstream.upstream.hub_listing_queries()
    assert sent["search"] == ["llama"]
    assert sent["pipeline_tag"] == ["text-generation"]
    assert sorted(sent["filter"]) == ["license:llama3.1", "transformers"]
    assert sent["num_parameters"] == ["min:7B,max:9B"]
    assert sent["gated"] == ["false"]
    assert sent["sort"] == ["likes"]
    assert sent["limit"] == [str(hub.PAGE_SIZE)]
    assert set(sent["expand"]) == set(hub.LIST_EXPAND)
    # The answer is what the Hub matched: those filters, most liked first.
    rows = page.rows
    assert len(rows) > 0
    assert set(rows["licence"]) == {"llama3.1"}
    assert rows["params_b"].between(7, 9).all()
    assert rows["id"].str.lower().str.contains("llama").all()
    assert rows["likes"].tolist() == sorted(rows["likes"], reverse=True)
    assert rows["url"].str.startswith("https://huggingface.co/").all()


@pytest.mark.parametrize(("label", "hub_key"), [("trending", "trendingScore"), ("created", "createdAt"), ("updated", "lastModified"), ("downloads", "downloads")])  # fmt: skip
def test_sort_labels_map_to_the_hubs_sort_keys(upstream, label, hub_key):
    hub.search(api_for(upstream), HubQuery(sort=label))
    assert upstream.upstream.hub_listing_queries()[-1]["sort"] == [hub_key]


def test_unbounded_filters_are_not_sent(upstream):
    hub.search(api_for(upstream), HubQuery(search="  ", params_min_b=0, params_max_b=None))
    (sent,) = upstream.upstream.hub_listing_queries()
    assert not {"search", "num_parameters", "filter", "gated", "pipeline_tag"} & set(sent)
    assert hub.num_parameters(None, 70) == "max:70B"
    assert hub.num_parameters(0.5, None) == "min:0.5B"


def test_pages_ask_for_one_bounded_request_each(upstream):
    api = api_for(upstream)
    first = hub.search(api, HubQuery(task="text-generation", sort="likes"))
    second = hub.search(api, HubQuery(task="text-generation", sort="likes", page=2))
    both = hub.search(api, HubQuery(task="text-generation", sort="likes", page=2))

    limits = [q["limit"] for q in upstream.upstream.hub_listing_queries()]
    assert limits == [["25"], ["50"], ["50"]]
    assert len(first.rows) == 25 and first.more
    assert second.page == 2 and len(second.rows) == 25
    assert not set(first.rows["id"]) & set(second.rows["id"])
    assert second.rows["id"].tolist() == both.rows["id"].tolist()
    # Never more than MAX_PAGES pages deep, whatever the page number asked.
    hub.search(api, HubQuery(page=999))
    assert upstream.upstream.hub_listing_queries()[-1]["limit"] == [str(hub.PAGE_SIZE * hub.MAX_PAGES)]


def test_a_page_past_the_end_is_empty_and_says_no_more(upstream):
    total = len([r for r in listing_rows() if "qwen" in r["model_name"].lower()])
    page = hub.search(api_for(upstream), HubQuery(search="qwen", page=(total // hub.PAGE_SIZE) + 2))
    assert page.rows.empty and not page.more


def test_model_tree_counts_each_relation_from_base_model_filters(upstream):
    # The leaderboard names the base by its old id; the Hub (and our recording of
    # Llama-3.1-8B-Instruct's tags) by its current one.
    base = "meta-llama/Llama-3.1-8B"
    rows = [r for r in listing_rows() if r["metadata_base_model"] == "meta-llama/Meta-Llama-3.1-8B"]
    adapters = sum(r["model_weight_type"] == "Adapter" for r in rows)
    merges = sum(r["features_is_merged"] == "True" and r["model_weight_type"] != "Adapter" for r in rows)

    tree = hub.model_tree(api_for(upstream), base)

    sent = [q["filter"] for q in upstream.upstream.hub_listing_queries()]
    assert sent == [[f"base_model:{rel}:{base}"] for rel in hub.RELATIONS]
    assert tree["adapter"].count == adapters == 7
    assert tree["finetune"].count == len(rows) - adapters - merges
    assert tree["merge"].count == merges
    assert tree["quantized"].count == 0
    assert all(len(b.top) == min(b.count, hub.TREE_TOP) for b in tree.values())
    assert tree["adapter"].top[0]["url"].startswith("https://huggingface.co/")


def test_model_tree_says_plus_when_the_cap_is_reached(upstream, monkeypatch):
    monkeypatch.setattr(hub.model, "TREE_CAP", 5)
    tree = hub.model_tree(api_for(upstream), "meta-llama/Llama-3.1-8B")
    assert tree["finetune"].capped and tree["finetune"].label == "5+"
    assert upstream.upstream.hub_listing_queries()[0]["limit"] == ["5"]
    assert tree["merge"].label == "0"


def test_model_facts_from_the_recorded_model_info(upstream):
    facts = hub.model_facts(api_for(upstream), "meta-llama/Llama-3.1-8B-Instruct")
    rows = dict(hub.fact_rows(facts))
    assert rows["Licence"] == "llama3.1 (open-restricted)"
    assert rows["Parameters (safetensors)"] == "8.03 B (BF16: 8,030,261,248)"
    assert rows["Gated"] == "yes (manual)"
    assert rows["Base model"] == "meta-llama/Llama-3.1-8B"  # the Hub's tag, not the card's old name
    assert facts.base_models == ["meta-llama/Llama-3.1-8B"]
    assert facts.providers is None  # this recording does not list providers: not "none"


def test_inference_providers_come_from_the_expand_call(upstream):
    facts = hub.model_facts(api_for(upstream), "meta-llama/Llama-3.3-70B-Instruct")
    providers = {p["provider"]: p for p in facts.providers}
    assert len(providers) == 8
    assert providers["cerebras"] == {
        "provider": "cerebras",
        "provider_id": "llama-3.3-70b",
        "status": "live",
        "task": "conversational",
    }
    assert (
        "/hub/api/models/meta-llama/Llama-3.3-70B-Instruct?expand=inferenceProviderMapping"
        in upstream.upstream.requests
    )


def test_a_renamed_repo_is_followed_and_said(upstream):
    facts = hub.model_facts(api_for(upstream), "bert-base-uncased")
    assert facts.renamed and facts.id == "google-bert/bert-base-uncased"
    assert hub.fact_rows(facts)[0] == ("Renamed", "bert-base-uncased now redirects to google-bert/bert-base-uncased")


def test_eval_results_and_openness_from_zephyrs_card(upstream):
    info = hub.model_facts(api_for(upstream), "HuggingFaceH4/zephyr-7b-beta").info
    evals = hub.eval_results(info)
    assert len(evals) == 9
    arc = evals[evals["dataset"] == "AI2 Reasoning Challenge (25-Shot)"].iloc[0]
    assert arc["value"] == pytest.approx(62.030716723549495)

    checklist = hub.openness_checklist(info).set_index("item")
    assert checklist.loc["Training data", "status"] == hub.KNOWN
    assert "HuggingFaceH4/ultrachat_200k" in checklist.loc["Training data", "evidence"]
    assert checklist.loc["Full weights", "status"] == hub.KNOWN
    assert "7.24 B parameters" in checklist.loc["Full weights", "evidence"]
    assert checklist.loc["Evaluation code or results", "status"] == hub.KNOWN
    assert checklist.loc["Training metrics", "status"] == hub.KNOWN
    assert "trainer_state.json" in checklist.loc["Training metrics", "evidence"]
    assert checklist.loc["Fine-tuning code", "status"] == hub.NOT_STATED


def test_openness_is_not_stated_where_the_metadata_is_silent(upstream):
    info = hub.model_facts(api_for(upstream), "meta-llama/Llama-3.1-8B-Instruct").info
    checklist = hub.openness_checklist(info).set_index("item")["status"].to_dict()
    assert checklist == {
        "Training data": hub.NOT_STATED,
        "Full weights": hub.KNOWN,
        "Evaluation code or results": hub.NOT_STATED,
        "Fine-tuning code": hub.NOT_STATED,
        "Training metrics": hub.NOT_STATED,
    }
    weights = hub.openness_checklist(info).set_index("item").loc["Full weights", "evidence"]
    assert "gated (manual)" in weights


def test_the_card_is_fetched_with_the_token_in_a_header_only(upstream):
    api = api_for(upstream, token=TOKEN)
    card = hub.fetch_card(api, "HuggingFaceH4/zephyr-7b-beta")
    assert card.startswith("---\n") and "license: mit" in card
    assert "# HuggingFaceH4/zephyr-7b-beta" in hub.safe_card(card)
    assert "license: mit" not in hub.safe_card(card)  # the YAML header is shown as data, not text
    headers = upstream.upstream.request_headers[-1]
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert not any(TOKEN in r for r in upstream.upstream.requests)
    assert hub.fetch_card(api, "nobody/no-such-model") == ""


def test_safe_card_drops_html_and_non_http_links():
    hostile = (
        "---\nlicense: mit\n---\n"
        "# Title <script>alert('x')</script>\n"
        "<img src=x onerror=alert(1)> <iframe src='https://evil.example'></iframe>\n"
        "<!-- hidden <b>note</b> -->\n"
        "[ok](https://huggingface.co/docs) [bad](javascript:alert(1)) [data](data:text/html;base64,AAA)\n"
        "![pic](https://example.org/p.png) ![tracker](http://example.org/t.gif) ![local](file:///etc/passwd)\n"
        "[ref]: javascript:alert(2)\n[good]: https://example.org\n"
        '<a href="javascript:alert(3)">click</a> <div onclick="x()">text</div>\n'
    )
    card = hub.safe_card(hostile)
    for bad in ("<", "javascript:", "data:", "file:", "onerror", "alert('x')", "license: mit"):
        assert bad not in card, bad
    assert "[ok](https://huggingface.co/docs)" in card
    assert "[image: pic](https://example.org/p.png)" in card
    assert "[good]: https://example.org" in card
    assert "click" in card and "text" in card  # the words of stripped tags survive
    assert hub.safe_card("x" * (hub.CARD_MAX_CHARS + 10)).endswith("read the rest on the Hub)*")


# --- failures: one line each, never the token ----------------------------------------------


def failing(fault: Fault, path: str = "/hub/"):
    server = UpstreamServer()
    server.upstream.faults[path] = fault
    return server


def test_missing_repo_is_a_404_with_its_own_message(upstream):
    with pytest.raises(Exception) as caught:
        hub.model_facts(api_for(upstream), "nobody/no-such-model")
    assert hub.describe_error(caught.value, "nobody/no-such-model") == (
        "The Hub has no public model nobody/no-such-model (HTTP 404)."
    )


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (Fault(status=401, headers={"X-Error-Code": "GatedRepo"}), "is gated: accept its terms"),
        (Fault(status=403), "refused the request for meta-llama/Llama-3.1-8B-Instruct (HTTP 403)"),
        (Fault(status=503), "The Hub answered HTTP 503 for meta-llama/Llama-3.1-8B-Instruct."),
    ],
)
def test_model_info_failures_say_what_happened(fault, expected):
    with failing(fault, "/hub/api/models/") as server, pytest.raises(Exception) as caught:
        hub.model_facts(api_for(server, token=TOKEN), "meta-llama/Llama-3.1-8B-Instruct")
    message = hub.describe_error(caught.value, "meta-llama/Llama-3.1-8B-Instruct")
    assert expected in message and TOKEN not in message and "\n" not in message


def test_429_with_retry_after_is_honoured_then_succeeds():
    with failing(Fault(status=429, times=1, retry_after="1")) as server:
        page = hub.with_deadline(lambda: hub.search(api_for(server), HubQuery(search="llama")), 10)
        assert len(page.rows) > 0
        assert len(server.upstream.hub_listing_queries()) == 2


def test_persistent_429_gives_up_at_the_deadline_and_says_rate_limited():
    with failing(Fault(status=429, retry_after="30")) as server, pytest.raises(hub.HubTimeoutError) as caught:
        hub.with_deadline(lambda: hub.search(api_for(server), HubQuery()), 2)
    assert hub.describe_error(caught.value) == (
        "The Hub is rate-limiting requests (HTTP 429, asked to retry after 30 s); gave up after 2 s."
    )


def test_persistent_5xx_on_search_gives_up_at_the_deadline():
    with failing(Fault(status=502)) as server, pytest.raises(hub.HubTimeoutError) as caught:
        hub.with_deadline(lambda: hub.search(api_for(server), HubQuery()), 2)
    assert hub.describe_error(caught.value) == "The Hub kept answering HTTP 502; gave up after 2 s."


def test_a_hung_hub_times_out_at_the_read_timeout():
    with failing(Fault(hang_s=10), "/hub/api/models/") as server, pytest.raises(Exception) as caught:
        hub.model_facts(api_for(server, read_timeout=1), "HuggingFaceH4/zephyr-7b-beta")
    assert (
        hub.describe_error(caught.value, "x/y") == "The Hugging Face Hub did not answer for x/y in time (ReadTimeout)."
    )


def test_no_network_says_unreachable_at_once():
    api = hub_client.make_api("http://127.0.0.1:9", read_timeout=2)
    started = time.monotonic()
    with pytest.raises(hub_client.HubUnreachableError) as caught:
        hub.with_deadline(lambda: hub.search(api, HubQuery()), 10)
    assert time.monotonic() - started < 2  # not retried for half a minute
    assert hub.describe_error(caught.value) == "The Hugging Face Hub is unreachable (no network?)."
    with pytest.raises(hub_client.HubUnreachableError) as caught:
        api.model_info("a/b")
    assert hub.describe_error(caught.value) == "The Hugging Face Hub is unreachable (no network?)."


def test_the_token_never_reaches_logs_or_urls(caplog, capfd):
    caplog.set_level(logging.DEBUG)
    with failing(Fault(status=500, times=2)) as server:
        api = api_for(server, token=TOKEN)
        hub.search(api, HubQuery(search="llama"))
        hub.model_facts(api, "HuggingFaceH4/zephyr-7b-beta")
        hub.model_tree(api, "Qwen/Qwen2.5-7B")
        assert all(h.get("authorization") == f"Bearer {TOKEN}" for h in server.upstream.request_headers)
        assert not any(TOKEN in r for r in server.upstream.requests)
    out, err = capfd.readouterr()
    assert TOKEN not in caplog.text + out + err
    assert "Retrying" in caplog.text  # the retries were logged, without the token


# --- URL state --------------------------------------------------------------------------------


def test_query_round_trips_through_the_url():
    query = HubQuery("llama", "text-generation", "apache-2.0", "peft", 3.0, 8.0, True, "likes", 2)
    params = hub.to_query_params(query, "meta-llama/Llama-3.1-8B")
    assert params == {
        "q": "llama",
        "task": "text-generation",
        "license": "apache-2.0",
        "library": "peft",
        "params": "3-8",
        "gated": "yes",
        "sort": "likes",
        "page": "2",
        "model": "meta-llama/Llama-3.1-8B",
    }
    back, model, notices = hub.from_query_params({k: [v] for k, v in params.items()})
    assert (back, model, notices) == (query, "meta-llama/Llama-3.1-8B", [])
    assert hub.to_query_params(HubQuery()) == {}
    assert hub.from_query_params({"params": ["70-"]})[0].params_min_b == 70


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"evil": ["1"]}, "Unknown parameter 'evil' ignored."),
        ({"task": ["<script>"]}, "Unknown task ignored: '<script>'."),
        ({"license": ["x"]}, "Unknown licence ignored: 'x'."),
        ({"params": ["8-3"]}, "'params' must be a range in billions like 3-8, 70- or -1; ignored."),
        ({"params": ["1e999-"]}, "'params' must be a range in billions like 3-8, 70- or -1; ignored."),
        ({"page": ["0"]}, "'page' must be 1 to 10; ignored."),
        ({"page": ["99999999999999999999"]}, "'page' must be 1 to 10; ignored."),
        ({"gated": ["maybe"]}, "'gated' must be yes or no; ignored."),
        ({"sort": ["random"]}, "Unknown sort ignored: 'random'."),
        ({"q": ["a\x00b"]}, "Parameter 'q' is too long or has control characters; ignored."),
        ({"q": ["x" * 500]}, "Parameter 'q' is too long or has control characters; ignored."),
        ({"q": ["a", "b"]}, "Parameter 'q' given 2 times; ignored."),
        ({"model": ["../../etc/passwd"]}, "'model' is not a Hub repo id (owner/name); ignored."),
        ({"model": ["javascript:alert(1)"]}, "'model' is not a Hub repo id (owner/name); ignored."),
    ],
)
def test_odd_url_parameters_are_ignored_with_a_notice(params, notice):
    query, model, notices = hub.from_query_params(params)
    assert notices == [notice]
    assert query == HubQuery() and model is None


# --- the snapshot, offline and joined ---------------------------------------------------------


def test_snapshot_fallback_filters_open_models_like_the_live_search(bundled):
    prepared = explore.prepare(bundled)
    rows = hub.snapshot_open_models(prepared, HubQuery(search="llama", licence="llama3.1", params_max_b=9))
    assert 0 < len(rows) <= hub.PAGE_SIZE * hub.MAX_PAGES
    assert rows["id"].str.lower().str.contains("llama").all()
    assert set(rows["licence"]) == {"llama3.1"}
    assert (rows["params_b"] <= 9).all()
    hits = prepared.set_index("model_id").loc[rows["model_id"]]
    assert hits["open_weights"].all()
    everything = hub.snapshot_open_models(prepared, HubQuery(task="text-generation"))
    assert len(everything) == hub.PAGE_SIZE * hub.MAX_PAGES


def test_catalog_entries_join_hub_ids_case_insensitively(bundled):
    prepared = explore.prepare(bundled)
    entries = hub.catalog_entries(prepared, ["META-LLAMA/Llama-3.3-70B-Instruct"])
    assert len(entries) == 1
    entry = entries.iloc[0]
    assert entry["hf_id"] == "meta-llama/Llama-3.3-70B-Instruct"
    assert entry["n_scores"] > 0 and entry["price_in_usd_mtok"] > 0
    assert hub.catalog_entries(prepared, ["nobody/nothing"]).empty


def test_a_hung_search_gives_up_at_the_deadline():
    with failing(Fault(hang_s=10)) as server, pytest.raises(hub.HubTimeoutError) as caught:
        hub.with_deadline(lambda: hub.search(api_for(server, read_timeout=1), HubQuery()), 2)
    assert hub.describe_error(caught.value) == "The Hugging Face Hub did not answer within 2 s."


def test_searches_given_up_on_stop_retrying_and_free_the_pool_for_the_next_visitor():
    """A Hub outage: every search the page stopped waiting for must stop calling the Hub, or
    huggingface_hub's retries (~25 s each) would hold all of the pool's workers, and searches
    made after the Hub came back would still time out waiting for one."""
    with failing(Fault(status=502)) as down, UpstreamServer() as healthy:

        def abandoned_search() -> None:
            with pytest.raises(hub.HubTimeoutError):
                hub.with_deadline(lambda: hub.search(api_for(down), HubQuery()), 1)

        visitors = [threading.Thread(target=abandoned_search) for _ in range(hub.client._POOL._max_workers)]
        for visitor in visitors:
            visitor.start()
        for visitor in visitors:
            visitor.join()
        asked_by_deadline = len(down.upstream.hub_listing_queries())

        page = hub.with_deadline(lambda: hub.search(api_for(healthy), HubQuery(search="llama")), 8)
        assert len(page.rows) > 0

        time.sleep(1)  # any retry still pending would have been sent by now (backoff: 1, 2, 4 s)
        asked_after = len(down.upstream.hub_listing_queries()) - asked_by_deadline
    # The attempts already on the wire at the deadline may land; none is started after it.
    assert asked_after <= len(visitors), asked_after
