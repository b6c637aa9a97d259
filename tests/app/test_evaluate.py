"""The Evaluate page in AppTest: no endpoint, screened links, bad uploads, and a run against the
loopback chat server whose accuracy and cost are checked against values computed here."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from llm_atlas import config
from llm_atlas.evaluate import pricing
from llm_atlas.evaluate.store import Store, default_path
from llm_atlas.pipeline import snapshot
from llm_atlas.text import escape_markdown
from tests.apptest import open_page
from tests.chat_server import ChatServer, ChatUpstream, answer_book

KEY = "sk-apptest-SENTINEL-7f3a"
CASES = [(f"What is {i} times 3?", 3 * i) for i in range(1, 7)]
CSV = ("input,expected,grader\n" + "".join(f'"{q}",{a},numeric\n' for q, a in CASES)).encode()


def priced_routes(n: int) -> pd.DataFrame:
    """The first n OpenRouter routes of the bundled snapshot with a stated input and output price."""
    snap = snapshot.load(config.bundled_dir())
    routes = pricing.openrouter_routes(snap.offers, snap.models)
    ok = routes[routes["price_in_usd_mtok"].notna() & routes["price_out_usd_mtok"].notna()]
    ok = ok[(ok["price_in_usd_mtok"] > 0) & ~ok["request_id"].str.contains(":")]
    ok = ok[ok["model_id"].isin(set(snap.scores["model_id"]))]  # models with public scores to show alongside
    return ok.drop_duplicates("model_id").head(n).reset_index(drop=True)


@pytest.fixture
def chat(monkeypatch):
    routes = priced_routes(2)
    a, b = routes["request_id"]
    # a answers every case right; b only the even ones.
    book = {(a, q): f"{q} It is {ans}." for q, ans in CASES}
    book |= {(b, q): f"It is {ans if ans % 2 == 0 else ans + 1}." for q, ans in CASES}
    with ChatServer(ChatUpstream(answers=answer_book(book), api_key=KEY)) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        yield server, routes


def all_text(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "text", "info", "error", "warning", "success", "title", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(df.value.to_csv()) for df in at.dataframe]
    return "\n".join(parts)


def test_without_an_endpoint_the_page_says_how_to_add_one():
    at = open_page("app_pages/evaluate.py")
    assert any("No endpoint yet" in i.value for i in at.info)
    assert at.title[0].value == "Evaluate on your own prompts"


def test_odd_link_values_fall_back_with_a_notice():
    at = open_page("app_pages/evaluate.py", grader="fuzzy", max_tokens="lots", spend_cap="-3", run="../x")
    notes = " ".join(i.value for i in at.info)
    assert "Unknown grader" in notes and "max\\_tokens=lots" in notes or "max_tokens=lots" in notes
    assert "spend" in notes and "not a run id" in notes


def test_a_bad_upload_gets_one_message_and_changes_nothing(chat):
    at = open_page("app_pages/evaluate.py", models=chat[1]["request_id"].iloc[0])
    at.file_uploader[0].upload("cases.csv", CSV, "text/csv").run()
    assert not at.exception and not at.error
    at.file_uploader[0].upload("bad.csv", b"question,answer\nq,1\n", "text/csv").run()
    assert (
        len(at.error) == 1
        and "needs an 'input' column" in at.error[0].value
        and "Nothing was changed" in at.error[0].value
    )
    assert "6 cases" in "\n".join(t.value for t in at.text)  # the run statement still counts the good file


def test_run_on_the_loopback_endpoint_shows_own_accuracy_and_cost(chat):
    server, routes = chat
    a, b = routes["request_id"]
    at = open_page("app_pages/evaluate.py", models=f"{a},{b}", grader="numeric")
    assert at.multiselect(key="eval_models").value == [a, b]
    at.file_uploader[0].upload("cases.csv", CSV, "text/csv").run()
    start = next(bt for bt in at.button if bt.label == "Start run")
    start.click().run()
    store = Store(default_path())
    run_id = store.runs()["run_id"].iloc[0]
    deadline = time.monotonic() + 30
    while len(store.done(run_id)) < 12 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)
    at.run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("model")
    # Expected: accuracy from the answer book; cost from the usage the server sent x the route's price.
    served = server.upstream.answered()
    for rid, want_acc in [(a, 100.0), (b, 50.0)]:
        price = routes.set_index("request_id").loc[rid]
        usage = [s.usage for s in served if s.model == rid]
        cost = (
            sum(
                u["prompt_tokens"] * price["price_in_usd_mtok"] + u["completion_tokens"] * price["price_out_usd_mtok"]
                for u in usage
            )
            / 1e6
        )
        assert table.loc[rid, "accuracy"] == pytest.approx(want_acc)
        assert table.loc[rid, "cost_usd"] == pytest.approx(cost, rel=1e-9)
        assert table.loc[rid, "cost_per_1k_usd"] == pytest.approx(cost / 6 * 1000, rel=1e-9)
    # The public score beside each model is a value the snapshot's scores hold for it under the named benchmark.
    snap = snapshot.load(config.bundled_dir())
    for rid in (a, b):
        public = table.loc[rid, "public_score"]
        model_id = routes.set_index("request_id").loc[rid, "model_id"]
        mine = snap.scores[snap.scores["model_id"] == model_id]
        assert pd.isna(public) or public in set(mine["value"].astype(float))
    assert table["public_score"].notna().any()
    assert KEY not in all_text(at) and KEY not in str(dict(at.query_params))
    assert at.query_params["run"] == [run_id] or at.query_params["run"] == run_id


def test_playground_answers_side_by_side_with_tokens_and_cost(chat):
    server, routes = chat
    a, b = routes["request_id"]
    prompt = "What is 2 times 3?"
    server.upstream.answers = answer_book({(a, prompt): "It is 6.", (b, prompt): "<b>6</b> <script>x()</script>"})
    at = open_page("app_pages/evaluate.py", models=f"{a},{b}")
    at.text_area(key="pg_prompt").input(prompt).run()
    next(bt for bt in at.button if bt.label.startswith("Send to 2 models")).click().run()
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert escape_markdown("It is 6.") in shown
    assert "<script>" not in shown and escape_markdown("<script>") in shown  # escaped: never raw HTML
    captions = {c.value.split("**")[1]: c.value for c in at.caption if c.value.startswith("**")}
    price = routes.set_index("request_id")
    for request_id in (a, b):
        rid = request_id
        usage = next(s.usage for s in server.upstream.answered() if s.model == rid and s.user == prompt)
        cost = (
            usage["prompt_tokens"] * price.loc[rid, "price_in_usd_mtok"]
            + usage["completion_tokens"] * price.loc[rid, "price_out_usd_mtok"]
        ) / 1e6
        rid = escape_markdown(rid)
        assert f"tokens {usage['prompt_tokens']} in / {usage['completion_tokens']} out" in captions[rid]
        assert f"cost ${cost:.6f}" in captions[rid]


def test_a_link_from_compare_with_catalog_ids_picks_their_openrouter_routes(chat):
    _, routes = chat
    model_ids = routes["model_id"].tolist()
    at = open_page("app_pages/evaluate.py", models=",".join([*model_ids, "some/unknown-model"]))
    snap = snapshot.load(config.bundled_dir())
    all_routes = pricing.openrouter_routes(snap.offers, snap.models)
    first = [all_routes[all_routes["model_id"] == m]["request_id"].iloc[0] for m in model_ids]
    assert at.multiselect(key="eval_models").value == first
    typed = next(t for t in at.text_input if t.label.startswith("Other model ids"))
    assert typed.value == "some/unknown-model"  # typed ids are kept, with no price


def test_compare_links_to_evaluate_with_its_models(chat):
    from urllib.parse import parse_qs

    ids = chat[1]["model_id"].tolist()
    at = open_page("app_pages/compare.py", models=",".join(ids))
    link = next(el.proto for el in at.get("page_link") if el.proto.label == "Evaluate these on your own prompts")
    assert link.page == "evaluate" and parse_qs(link.query_string) == {"models": [",".join(ids)]}


def test_a_key_from_st_secrets_makes_a_connection_and_is_never_shown(chat, monkeypatch):
    server, _ = chat
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("OPENAI_API_KEY")
    from streamlit.testing.v1 import AppTest

    from tests.apptest import APP

    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["OPENAI_BASE_URL"] = server.base_url
    at.secrets["OPENAI_API_KEY"] = KEY
    at.switch_page("app_pages/evaluate.py").run()
    assert not at.exception
    assert at.selectbox(key="eval_conn").options[0].startswith("OpenAI-compatible · 127.0.0.1")
    assert KEY not in all_text(at) and all(KEY not in str(o) for o in at.selectbox(key="eval_conn").options)


def test_typed_endpoint_screened_and_plain_http_needs_confirming():
    at = open_page("app_pages/evaluate.py")
    url = next(t for t in at.text_input if t.label == "Base URL")
    key = next(t for t in at.text_input if t.label == "API key")
    url.input("http://10.0.0.5:8000/v1")
    key.input(KEY)
    next(b for b in at.button if b.label == "Add endpoint").click()
    at.run()
    assert any("Plain http://" in e.value for e in at.error)
    assert any("No endpoint yet" in i.value for i in at.info)  # nothing was added
    next(t for t in at.text_input if t.label == "Base URL").input("http://10.0.0.5:8000/v1")
    next(t for t in at.text_input if t.label == "API key").input(KEY)
    next(c for c in at.checkbox if c.label.startswith("Allow plain http")).check()
    next(b for b in at.button if b.label == "Add endpoint").click()
    at.run()
    assert at.selectbox(key="eval_conn").options == ["Typed · http://10.0.0.5:8000/v1"]
    assert KEY not in all_text(at) and KEY not in str(dict(at.query_params))


def test_the_gsm8k_sample_is_attributed_and_counted(chat):
    at = open_page("app_pages/evaluate.py", models=chat[1]["request_id"].iloc[0], case_cap="20")
    at.radio(key="eval_source").set_value("sample").run()
    assert any("GSM8K test set" in c.value and "MIT" in c.value for c in at.caption)
    statement = "\n".join(t.value for t in at.text)
    assert statement.startswith("20 cases × 1 model = 20 requests") and "first 20 of 50 cases" in statement


def test_another_sessions_run_opens_only_by_its_link():
    from llm_atlas.evaluate.cases import Case
    from llm_atlas.evaluate.spec import RunSettings

    store = Store(default_path())
    spec = {"key": "m", "connection": {"label": "x"}, "endpoint_id": "openai:x", "request_id": "m", "price": None}
    run_id = store.create_run("private prompts", RunSettings().public(), [Case("1", "my secret prompt")], "d", [spec])
    store.save_result(run_id, "1", "m", {"answer": "an answer", "passed": None, "why": "no expected", "attempts": 1})
    at = open_page("app_pages/evaluate.py")
    assert "my secret prompt" not in all_text(at) and any("No runs yet" in i.value for i in at.info)
    at = open_page("app_pages/evaluate.py", run=run_id)
    assert "my secret prompt" in all_text(at) and "an answer" in all_text(at)
    assert any("cost unknown" in c.value for c in at.caption)


def test_a_second_run_is_shown_when_started_and_the_picked_run_goes_in_the_url(chat):
    _, routes = chat
    at = open_page("app_pages/evaluate.py", models=routes["request_id"].iloc[0], grader="numeric")
    at.file_uploader[0].upload("cases.csv", CSV, "text/csv").run()
    store = Store(default_path())
    started = []
    for _ in range(2):
        next(bt for bt in at.button if bt.label == "Start run").click().run()
        run_id = at.selectbox(key="eval_pick").value
        assert run_id not in started and at.query_params["run"] in (run_id, [run_id])
        started.append(run_id)
        deadline = time.monotonic() + 30
        while len(store.done(run_id)) < len(CASES) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)
        at.run()
    at.selectbox(key="eval_pick").set_value(started[0]).run()
    assert at.query_params["run"] in (started[0], [started[0]]) and not at.exception
