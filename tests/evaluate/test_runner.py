"""Runs against the loopback chat server: faults recorded per case, answers kept, cost from the
usage actually returned, spend cap, stop and resume, and a run killed with SIGKILL then resumed."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from llm_atlas.evaluate import runner, stats
from llm_atlas.evaluate.cases import Case
from llm_atlas.evaluate.connections import Connection
from llm_atlas.evaluate.pricing import Price, answer_cost, worst_case_cost
from llm_atlas.evaluate.spec import ModelSpec, RunSettings
from llm_atlas.evaluate.store import Store
from tests.chat_server import ChatFault, ChatServer, ChatUpstream

KEY = "sk-run-SENTINEL-42"
PRICE = Price(0.45, 3.2, 0.05, route="test")
CASES = [Case(str(i), f"What is {i} + {i}?", f"#### {2 * i}") for i in range(1, 7)]


def correct(model: str, messages: list[dict]) -> str:
    """Every model answers i + i right, except 'wrong' which is off by one on odd i."""
    i = int(messages[-1]["content"].split()[2])
    return f"The answer is {2 * i + (1 if model == 'wrong' and i % 2 else 0)}"


def spec(server, name: str, price: Price | None = PRICE) -> ModelSpec:
    return ModelSpec(name, Connection("openai", "loop", base_url=server.base_url, key=KEY), name, None, price)


@pytest.fixture
def chat():
    up = ChatUpstream(
        answers=correct,
        api_key=KEY,
        faults={
            "flaky": ChatFault(status=429, times=1, retry_after="0.3"),
            "broken": ChatFault(status=500, retry_after="0"),
            "hang": ChatFault(hang_s=10),
            "cut": ChatFault(cut=True),
            "malformed": ChatFault(malformed=True),
            "no-usage": ChatFault(no_usage=True),
        },
    )
    with ChatServer(up) as server:
        yield server


def new_run(store: Store, models: list[ModelSpec], settings: RunSettings, cases=CASES) -> str:
    return store.create_run("t", settings.public(), cases, "d", [m.public() for m in models])


def test_every_fault_is_recorded_per_case_and_finished_answers_are_kept(chat, tmp_path):
    store = Store(tmp_path / "r.sqlite")
    names = ["good", "wrong", "flaky", "broken", "hang", "cut", "malformed", "no-usage"]
    models = [spec(chat, n) for n in names]
    settings = RunSettings(grader="numeric", timeout_s=3.0, max_retries=1, concurrency=8, spend_cap_usd=None)
    run_id = new_run(store, models, settings)
    progress = runner.run(store, run_id, models, CASES, settings)
    assert progress.done == len(names) * len(CASES)
    res = store.results(run_id)
    assert len(res) == len(names) * len(CASES)
    by = {m: res[res["model_key"] == m] for m in names}
    assert by["good"]["passed"].tolist() == [True] * 6 and by["good"]["error"].isna().all()
    assert by["wrong"]["passed"].tolist() == [False, True, False, True, False, True]
    assert by["flaky"]["error"].isna().all() and sorted(by["flaky"]["attempts"]) == [1] * 5 + [2]
    for name, kind in [
        ("broken", "server_error"),
        ("hang", "timeout"),
        ("cut", "stream_cut"),
        ("malformed", "malformed"),
    ]:
        assert (by[name]["error"] == kind).all(), name
        assert by[name]["passed"].isna().all() and by[name]["cost_usd"].isna().all()
    assert (by["broken"]["attempts"] == 2).all()  # one retry on 5xx
    assert by["no-usage"]["passed"].all() and by["no-usage"]["cost_usd"].isna().all()
    # Cost from the usage the server actually sent, at the route's price.
    served = {(s.model, s.user): s.usage for s in chat.upstream.answered()}
    for row in by["good"].itertuples():
        usage = served[("good", CASES[int(row.case_id) - 1].input)]
        assert row.cost_usd == pytest.approx(
            (usage["prompt_tokens"] * 0.45 + usage["completion_tokens"] * 3.2) / 1e6, rel=1e-12
        )
    table = stats.summary(res, names).set_index("model")
    assert table.loc["wrong", "accuracy"] == 0.5 and table.loc["wrong", "graded"] == 6
    assert pd.isna(table.loc["no-usage", "cost_usd"])  # unknown, never 0
    assert table.loc["no-usage", "unknown_cost"] == 6
    assert table.loc["broken", "errors_by_kind"] == "server_error 6" and pd.isna(table.loc["broken", "accuracy"])
    assert KEY not in res.to_csv() and KEY not in str(store.run(run_id))
    assert store.run(run_id).status == "finished"


def test_retry_after_is_honoured(chat, tmp_path):
    store = Store(tmp_path / "r.sqlite")
    models = [spec(chat, "flaky")]
    settings = RunSettings(grader="numeric", max_retries=2, concurrency=1)
    runner.run(store, new_run(store, models, settings, CASES[:1]), models, CASES[:1], settings)
    times = [s.at for s in chat.upstream.served if s.model == "flaky"]
    assert len(times) == 2 and times[1] - times[0] >= 0.3


def test_spend_cap_stops_before_it_could_be_passed(chat, tmp_path):
    store = Store(tmp_path / "r.sqlite")
    dear = Price(1000.0, 1000.0, route="dear")
    models = [spec(chat, "good", dear)]
    settings = RunSettings(grader="numeric", max_tokens=16, spend_cap_usd=0.15, concurrency=1)
    run_id = new_run(store, models, settings)
    progress = runner.run(store, run_id, models, CASES, settings)
    assert progress.ended_by == "spend cap" and 0 < progress.done < len(CASES)
    # What was really spent, from the usage the server sent, is within the cap, and the next
    # request's worst case (every input character a token, all max_tokens used) could have passed it.
    spent = sum(
        (u["prompt_tokens"] + u["completion_tokens"]) * 1000 / 1e6 for u in (s.usage for s in chat.upstream.answered())
    )
    assert progress.spent_usd == pytest.approx(spent) and spent <= 0.15
    nxt = CASES[progress.done].input
    assert spent + worst_case_cost(dear, len(nxt), 16) > 0.15
    assert store.run(run_id).status == "stopped" and store.run(run_id).note == "spend cap reached"


def test_case_cap_and_unknown_price(chat, tmp_path):
    store = Store(tmp_path / "r.sqlite")
    models = [spec(chat, "good", None)]
    settings = RunSettings(grader="numeric", case_cap=3)
    run_id = new_run(store, models, settings)
    assert runner.run(store, run_id, models, CASES, settings).done == 3
    table = stats.summary(store.results(run_id), ["good"])
    assert pd.isna(table.loc[0, "cost_usd"]) and table.loc[0, "unknown_cost"] == 3


def test_stop_then_resume_runs_only_the_missing_cases(chat, tmp_path):
    store = Store(tmp_path / "r.sqlite")
    conn = Connection("openai", "loop", base_url=chat.base_url, key=KEY)
    models = [spec(chat, "good"), spec(chat, "wrong")]
    settings = RunSettings(grader="numeric", concurrency=1)
    run_id = new_run(store, models, settings)
    stop = threading.Event()
    first = runner.run(
        store, run_id, models, CASES, settings, stop=stop, on_progress=lambda p: p.done >= 3 and stop.set()
    )
    assert first.ended_by == "stop" and store.run(run_id).status == "stopped"
    kept = store.done(run_id)
    assert 3 <= len(kept) < 12
    before = len(chat.upstream.served)
    second = runner.resume(store, run_id, [conn])
    resumed = {(s.model, s.user) for s in chat.upstream.served[before:]}
    missing = {(m.key, c.input) for c in CASES for m in models if (c.case_id, m.key) not in kept}
    assert resumed == missing and second.done == len(missing)
    assert len(store.done(run_id)) == 12 and store.run(run_id).status == "finished"


def test_resume_needs_the_endpoint_configured(chat, tmp_path):
    store = Store(tmp_path / "r.sqlite")
    models = [spec(chat, "good")]
    run_id = new_run(store, models, RunSettings())
    with pytest.raises(LookupError, match="not configured"):
        runner.resume(store, run_id, [])


def test_a_killed_run_keeps_its_answers_and_resumes_only_the_missing(tmp_path):
    """The worker runs in a subprocess; SIGKILL mid-run; resume; only the missing cases are asked."""
    cases = [Case(str(i), f"What is {i} + {i}?", f"#### {2 * i}") for i in range(1, 21)]
    up = ChatUpstream(answers=correct, api_key=KEY, latency_s=0.15)
    db = tmp_path / "kill.sqlite"
    with ChatServer(up) as server:
        store = Store(db)
        models = [spec(server, "good")]
        run_id = new_run(store, models, RunSettings(grader="numeric", concurrency=2), cases)
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": KEY}
        worker = subprocess.Popen(
            [sys.executable, "-m", "llm_atlas.evaluate.worker", run_id, "--db", str(db)],
            cwd=Path(__file__).parents[2],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while len(store.done(run_id)) < 6 and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        assert worker.returncode == -signal.SIGKILL
        kept = store.done(run_id)
        assert 6 <= len(kept) < 20, len(kept)
        store.close()
        store = Store(db)  # a fresh process would open the file again
        assert store.done(run_id) == kept
        time.sleep(0.5)  # requests the dead worker had in flight reach the server's log first
        before = len(up.served)
        conn = Connection("openai", "loop", base_url=server.base_url, key=KEY)
        runner.resume(store, run_id, [conn])
        asked = [s.user for s in up.served[before:]]
        missing = [c.input for c in cases if (c.case_id, "good") not in kept]
        assert sorted(asked) == sorted(missing)
        res = store.results(run_id)
        assert len(res) == 20 and res["passed"].all() and res["error"].isna().all()


def test_answer_cost_by_hand():
    # 1000 input (200 cached), 500 output at 0.45 / 0.05 cached / 3.2 per 1M: (800*0.45 + 200*0.05 + 500*3.2) / 1e6
    assert answer_cost(PRICE, 1000, 500, 200) == pytest.approx(0.00197)
    assert answer_cost(PRICE, None, 500) is None
    assert answer_cost(None, 10, 10) is None
    assert answer_cost(Price(0.0, 0.0), 10, 10) == 0.0  # a stated free route is 0, not unknown


def test_llm_judge_grades_with_a_parsed_score_and_its_cost_counts_toward_spend(tmp_path):
    def answers(model: str, messages: list[dict]) -> str:
        if model == "judge":  # a strict judge: 9 when the reference number is in the graded answer
            text = messages[-1]["content"]
            reference = text.split("Reference answer:\n")[1].split("\n")[0].removeprefix("#### ")
            graded = text.split("Answer to grade:\n")[1]
            return f"Looks {'right' if reference in graded.split() else 'wrong'}.\nSCORE: {9 if reference in graded.split() else 2}"
        return correct(model, messages)

    with ChatServer(ChatUpstream(answers=answers, api_key=KEY)) as server:
        store = Store(tmp_path / "j.sqlite")
        models, judge = [spec(server, "good"), spec(server, "wrong")], spec(server, "judge")
        settings = RunSettings(grader="judge", rubric="Exact number only.", spend_cap_usd=None)
        run_id = store.create_run("j", settings.public(), CASES, "d", [m.public() for m in models], judge.public())
        progress = runner.run(store, run_id, models, CASES, settings, judge=judge)
        res = store.results(run_id)
        wrong = res[res["model_key"] == "wrong"]
        assert res[res["model_key"] == "good"]["passed"].all()
        assert wrong["passed"].tolist() == [False, True, False, True, False, True]
        assert set(wrong["why"]) == {"judge scored 2/10 (pass at 7)", "judge scored 9/10 (pass at 7)"}
        assert set(res["score"]) == {2.0, 9.0}
        judged = [s for s in server.upstream.answered() if s.model == "judge"]
        assert len(judged) == 12 and all("Exact number only." in s.user for s in judged)
        all_usage = [s.usage for s in server.upstream.answered()]
        assert progress.spent_usd == pytest.approx(
            sum(u["prompt_tokens"] * 0.45 + u["completion_tokens"] * 3.2 for u in all_usage) / 1e6
        )
        # Resume restores the judge from the stored run.
        assert [m["role"] for m in store.run(run_id).models] == ["candidate", "candidate", "judge"]
