"""A bounded evaluation run: cases × models through their endpoints, every answer stored as it
arrives. Bounded in concurrency (per endpoint), time (per request), retries, spend and cases;
a stop event ends it between requests (answers in flight are still kept)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from llm_atlas.evaluate import client, graders
from llm_atlas.evaluate.cases import Case
from llm_atlas.evaluate.connections import Connection
from llm_atlas.evaluate.pricing import answer_cost, worst_case_cost
from llm_atlas.evaluate.spec import ModelSpec, RunSettings
from llm_atlas.evaluate.store import Store

MAX_WAIT_S = 60.0  # a Retry-After longer than this ends the case with its error instead of waiting
BACKOFF_BASE_S = 0.5
JUDGE_MAX_TOKENS = 256
JUDGE_FRAME_CHARS = 300  # the judge prompt's own words around the case


@dataclass
class Progress:
    total: int  # requests this run needs (cases × models still missing when it started)
    done: int = 0
    errors: int = 0
    spent_usd: float = 0.0  # known cost so far, judge included
    unknown_cost: int = 0  # answers whose cost is unknown (no usage or no price)
    started: float = field(default_factory=time.monotonic)
    finished: bool = False
    ended_by: str | None = None  # "stop", "spend cap" or None

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started

    @property
    def remaining_s(self) -> float | None:
        """A straight-line estimate from this run's pace; None before the first answer."""
        if self.finished:
            return 0.0
        if not self.done:
            return None
        return self.elapsed_s / self.done * (self.total - self.done)


def backoff_s(attempt: int, retry_after: float | None) -> float:
    """Retry-After when the endpoint gives one, else exponential backoff with jitter."""
    if retry_after is not None:
        return retry_after
    return BACKOFF_BASE_S * 2**attempt * (0.5 + random.random() / 2)


def plan(store: Store, run_id: str, models: list[ModelSpec], cases: list[Case], settings: RunSettings):
    """The (case, model) pairs still to run, in case order."""
    done = store.done(run_id)
    chosen = cases[: settings.case_cap] if settings.case_cap else cases
    return [(c, m) for c in chosen for m in models if (c.case_id, m.key) not in done]


def messages_for(case: Case, settings: RunSettings) -> list[dict[str, str]]:
    system = [{"role": "system", "content": settings.system_prompt}] if settings.system_prompt.strip() else []
    return [*system, {"role": "user", "content": case.input}]


def run(
    store: Store,
    run_id: str,
    models: list[ModelSpec],
    cases: list[Case],
    settings: RunSettings,
    *,
    judge: ModelSpec | None = None,
    stop: threading.Event | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Progress:
    stop = stop or threading.Event()
    todo = plan(store, run_id, models, cases, settings)
    progress = Progress(total=len(todo))
    lock = threading.Lock()
    reserved = [0.0]  # worst-case cost of requests in flight

    def ask(conn_model: ModelSpec, msgs: list[dict], max_tokens: int, stream: bool) -> tuple[client.Answer, int]:
        for attempt in range(settings.max_retries + 1):
            ans = client.chat(
                conn_model.connection,
                conn_model.request_id,
                msgs,
                temperature=settings.temperature,
                max_tokens=max_tokens,
                timeout_s=settings.timeout_s,
                stream=stream,
            )
            if ans.error not in client.RETRYABLE or attempt == settings.max_retries:
                return ans, attempt + 1
            delay = backoff_s(attempt, ans.retry_after_s)
            if delay > MAX_WAIT_S or stop.wait(delay):
                return ans, attempt + 1
        raise AssertionError("unreachable")

    def one(case: Case, model: ModelSpec) -> None:
        msgs = messages_for(case, settings)
        chars = sum(len(m["content"]) for m in msgs)
        worst = worst_case_cost(model.price, chars, settings.max_tokens)
        if judge is not None and (case.grader or settings.grader) == "judge" and worst is not None:
            # The judge reads the case, the reference, the rubric and an answer of at most max_tokens.
            judge_chars = chars + len(case.expected or "") + len(settings.rubric) + JUDGE_FRAME_CHARS
            judge_worst = worst_case_cost(judge.price, judge_chars + settings.max_tokens, JUDGE_MAX_TOKENS)
            worst = None if judge_worst is None else worst + judge_worst
        with lock:
            if stop.is_set():
                return
            cap = settings.spend_cap_usd
            if cap is not None and worst is not None and progress.spent_usd + reserved[0] + worst > cap:
                progress.ended_by = progress.ended_by or "spend cap"
                stop.set()
                return
            reserved[0] += worst or 0.0
        try:
            ans, attempts = ask(model, msgs, settings.max_tokens, settings.stream)
            values = result_values(case, model, ans, attempts)
            judge_cost = None
            if ans.error is None and (case.grader or settings.grader) == "judge":
                values, judge_cost = judged(case, ans.text, values)
        finally:
            with lock:
                reserved[0] -= worst or 0.0
        store.save_result(run_id, case.case_id, model.key, values)
        with lock:
            progress.done += 1
            progress.errors += values["error"] is not None
            if values["error"] is None and values["cost_usd"] is None:
                progress.unknown_cost += 1
            progress.spent_usd += (values["cost_usd"] or 0.0) + (judge_cost or 0.0)
            snapshot = Progress(**{k: getattr(progress, k) for k in progress.__dataclass_fields__})
        if on_progress:
            on_progress(snapshot)

    def result_values(case: Case, model: ModelSpec, ans: client.Answer, attempts: int) -> dict:
        if ans.error:
            grade = graders.Grade(None, client.ERROR_KINDS[ans.error])
        elif (case.grader or settings.grader) == "judge":
            grade = graders.Grade(None, "waiting for the judge")
        else:
            grade = graders.grade(case.grader or settings.grader, ans.text, case.expected, tolerance=settings.tolerance)
        return {
            "answer": ans.text,
            "passed": grade.passed,
            "why": grade.why,
            "score": grade.score,
            "input_tokens": ans.input_tokens,
            "output_tokens": ans.output_tokens,
            "cached_tokens": ans.cached_tokens,
            "cost_usd": None
            if ans.error
            else answer_cost(model.price, ans.input_tokens, ans.output_tokens, ans.cached_tokens),
            "latency_s": ans.total_s,
            "ttft_s": ans.ttft_s,
            "error": ans.error,
            "detail": ans.detail,
            "attempts": attempts,
        }

    def judged(case: Case, text: str, values: dict) -> tuple[dict, float | None]:
        if judge is None:
            return {**values, "why": "no judge model chosen"}, None
        msgs = graders.judge_prompt(case.input, text, case.expected, settings.rubric or graders.JUDGE_RUBRIC)
        verdict, _ = ask(judge, msgs, JUDGE_MAX_TOKENS, False)
        if verdict.error:
            return {**values, "why": f"judge failed: {client.ERROR_KINDS[verdict.error]}"}, None
        grade = graders.parse_judge(verdict.text)
        cost = answer_cost(judge.price, verdict.input_tokens, verdict.output_tokens, verdict.cached_tokens)
        return {**values, "passed": grade.passed, "why": grade.why, "score": grade.score}, cost

    store.set_status(run_id, "running")
    pools: dict[str, ThreadPoolExecutor] = {}
    futures = []
    for case, model in todo:
        endpoint = model.connection.endpoint_id
        if endpoint not in pools:
            pools[endpoint] = ThreadPoolExecutor(max_workers=max(1, settings.concurrency), thread_name_prefix="eval")
        futures.append(pools[endpoint].submit(one, case, model))
    try:
        wait(futures)
        crashed = next((f.exception() for f in futures if f.exception() is not None), None)
    finally:
        for pool in pools.values():
            pool.shutdown(wait=True)
    progress.finished = True
    if crashed is not None:
        store.set_status(run_id, "failed", f"{type(crashed).__name__}")
    elif progress.ended_by == "spend cap":
        store.set_status(run_id, "stopped", "spend cap reached")
    elif stop.is_set():
        progress.ended_by = "stop"
        store.set_status(run_id, "stopped", "stopped by the person")
    else:
        store.set_status(run_id, "finished", f"{progress.errors} errors" if progress.errors else None)
    if on_progress:
        on_progress(progress)
    return progress


def rehydrate(stored_models: list[dict], connections: list[Connection]) -> tuple[list[ModelSpec], ModelSpec | None]:
    """The stored (key-less) model specs joined to today's configured connections by endpoint.
    Raises LookupError naming an endpoint that is not configured now."""
    by_endpoint = {c.endpoint_id: c for c in connections}
    candidates, judge = [], None
    for data in stored_models:
        conn = by_endpoint.get(data["endpoint_id"])
        if conn is None:
            raise LookupError(f"the endpoint of '{data['key']}' ({data['connection']['label']}) is not configured now")
        spec = ModelSpec.from_public(data, conn)
        if data.get("role") == "judge":
            judge = spec
        else:
            candidates.append(spec)
    return candidates, judge


def resume(
    store: Store,
    run_id: str,
    connections: list[Connection],
    *,
    stop: threading.Event | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Progress:
    """Run the missing cases of a stored run, with its stored settings."""
    stored = store.run(run_id)
    if stored is None:
        raise LookupError(f"no run {run_id}")
    models, judge = rehydrate(stored.models, connections)
    settings = RunSettings(**stored.settings)
    return run(store, run_id, models, stored.cases, settings, judge=judge, stop=stop, on_progress=on_progress)
