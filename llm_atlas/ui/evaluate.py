"""Streamlit parts of the Evaluate page: connections and keys, background runs, the live panel,
the playground and the results. Logic lives in llm_atlas.evaluate; this only draws and wires."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import streamlit as st

from llm_atlas.evaluate import client, connections, pricing, runner, view
from llm_atlas.evaluate.cases import CasesError, parse_upload
from llm_atlas.evaluate.connections import Connection, EndpointError
from llm_atlas.evaluate.pricing import answer_cost
from llm_atlas.evaluate.spec import ModelSpec, RunSettings
from llm_atlas.evaluate.store import Store, default_path
from llm_atlas.text import escape_markdown

SETTING_NAMES = ("OPENAI_BASE_URL", "OPENAI_API_KEY", "HF_TOKEN")


def _settings() -> dict[str, str]:
    """st.secrets first, then the environment; only the three names this page uses."""
    out = {k: v for k in SETTING_NAMES if (v := os.environ.get(k))}
    with contextlib.suppress(Exception):  # no secrets file is the normal case
        out |= {k: str(st.secrets[k]) for k in SETTING_NAMES if k in st.secrets}
    return out


@st.cache_resource(ttl=60, show_spinner=False)
def _ollama() -> Connection | None:
    return connections.probe_ollama()


def available_connections() -> list[Connection]:
    """Configured (secrets/environment), a local Ollama that answers, and any typed in this session."""
    conns, notes = connections.from_settings(_settings())
    for note in notes:
        st.warning(note)
    found = _ollama()
    return conns + ([found] if found else []) + list(st.session_state.get("eval_typed", []))


def endpoint_form() -> None:
    """Type in an OpenAI-compatible endpoint; the key stays in this session's memory only."""
    label = "Add an OpenAI-compatible endpoint (OpenRouter, OpenAI, Groq, Together, vLLM, LM Studio…)"
    with st.expander(label), st.form("eval_endpoint", clear_on_submit=True):
        url = st.text_input("Base URL", placeholder="https://openrouter.ai/api/v1")
        key = st.text_input("API key", type="password", help="Kept in this session only; never shown or stored.")
        plain = st.checkbox("Allow plain http:// to another machine (the key travels unencrypted)")
        if st.form_submit_button("Add endpoint"):
            try:
                base = connections.screen_base_url(url, allow_plain_http=plain)
            except EndpointError as exc:
                st.error(str(exc))
                return
            typed = [c for c in st.session_state.get("eval_typed", []) if c.base_url != base]
            st.session_state.eval_typed = [*typed, Connection("openai", f"Typed · {base}", base, key=key or None)]
            st.rerun()


@st.cache_resource
def store(path: str) -> Store:
    return Store(Path(path))


def get_store() -> Store:
    return store(str(default_path()))


@st.cache_resource
def registry() -> dict[str, dict]:
    """Runs going on in this server process: run id -> thread, stop event, latest progress."""
    return {}


def visible_runs(linked: str | None) -> pd.DataFrame:
    """Runs this browser session started, and the one its link names. Prompts and answers are the
    person's own: on a shared server, other sessions' runs open only by their link (run=...).
    LLM_ATLAS_EVAL_ALL_RUNS=1 lists every run kept (a personal install)."""
    runs = get_store().runs()
    if os.environ.get("LLM_ATLAS_EVAL_ALL_RUNS") == "1":
        return runs
    mine = set(st.session_state.get("eval_mine", [])) | {linked}
    return runs[runs["run_id"].isin(mine)].reset_index(drop=True)


def remember(run_id: str) -> None:
    st.session_state.eval_mine = [*st.session_state.get("eval_mine", []), run_id]


def running(run_id: str | None) -> bool:
    entry = registry().get(run_id or "")
    return bool(entry and entry["thread"].is_alive())


def start(run_id: str, work) -> None:
    """Run `work(stop, on_progress)` in a background thread; the page polls the store."""
    stop = threading.Event()
    entry = {"stop": stop, "progress": None}

    def target() -> None:
        work(stop, lambda p: entry.__setitem__("progress", p))

    entry["thread"] = threading.Thread(target=target, name=f"eval-{run_id}", daemon=True)
    registry()[run_id] = entry
    entry["thread"].start()


def load_cases(source: str, upload) -> list | None:
    """Cases from the upload (one clear message when refused: the previous cases stay)."""
    if source == "sample":
        from llm_atlas.evaluate.cases import GSM8K_ATTRIBUTION, gsm8k_sample

        st.caption(GSM8K_ATTRIBUTION)
        return gsm8k_sample()
    if upload is not None and st.session_state.get("eval_upload_name") != (upload.name, upload.size):
        try:
            st.session_state.eval_cases = parse_upload(upload.name, upload.getvalue())
            st.session_state.eval_upload_name = (upload.name, upload.size)
        except CasesError as exc:
            st.error(f"{upload.name}: {exc} Nothing was changed.")
    return st.session_state.get("eval_cases")


def live(run_id: str, total: int) -> None:
    """Progress of a run going on in the background, repainted every second without a full rerun."""

    @st.fragment(run_every=1.0)
    def panel() -> None:
        entry = registry().get(run_id)
        p = entry and entry["progress"]
        done = len(get_store().done(run_id))
        st.progress(min(1.0, done / max(total, 1)), text=f"{done:,} of {total:,} answers")
        if p:
            remaining = f"{p.remaining_s:,.0f} s" if p.remaining_s is not None else "…"
            st.caption(f"Elapsed {p.elapsed_s:,.0f} s · remaining about {remaining} · errors {p.errors}")
        if not running(run_id):
            st.rerun()
        if st.button("Stop", key="eval_stop", icon=":material/stop:"):
            entry["stop"].set()
            st.toast("Stopping: answers in flight are kept.")

    panel()


def playground(specs: list[ModelSpec], system: str, prompt: str, temperature: float, max_tokens: int) -> None:
    """One prompt to 1–4 models at once, streamed side by side, with timing, tokens and cost."""
    cols = st.columns(len(specs))
    boxes = [c.empty() for c in cols]
    texts = {s.key: "" for s in specs}
    msgs = ([{"role": "system", "content": system}] if system.strip() else []) + [{"role": "user", "content": prompt}]
    with ThreadPoolExecutor(max_workers=len(specs)) as pool:
        futures = {
            s.key: pool.submit(
                client.chat, s.connection, s.request_id, msgs, temperature=temperature, max_tokens=max_tokens,
                on_text=lambda t, k=s.key: texts.__setitem__(k, t),
            )
            for s in specs
        }  # fmt: skip
        while not all(f.done() for f in futures.values()):
            for box, s in zip(boxes, specs, strict=True):
                box.text(texts[s.key] or "…")
            time.sleep(0.1)
    for col, box, s in zip(cols, boxes, specs, strict=True):
        ans = futures[s.key].result()
        box.markdown(escape_markdown(ans.text) or "_(no text)_")  # escaped: never raw HTML
        cost = answer_cost(s.price, ans.input_tokens, ans.output_tokens, ans.cached_tokens)
        col.caption(
            f"**{escape_markdown(s.key)}** · first token {_s(ans.ttft_s)} · total {_s(ans.total_s)} · "
            f"tokens {_n(ans.input_tokens)} in / {_n(ans.output_tokens)} out · "
            f"cost {'unknown' if cost is None else f'${cost:.6f}'}"
        )
        if ans.error:
            col.error(f"{client.ERROR_KINDS[ans.error]}: {ans.detail or ''}")


def _s(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f} s"


def _n(v: int | None) -> str:
    return "—" if v is None else f"{v:,}"


RESULT_COLUMNS = {
    "model": st.column_config.TextColumn("Model"),
    "accuracy": st.column_config.NumberColumn("Accuracy, %", format="%.1f"),
    "ci_low": st.column_config.NumberColumn("95 % low, %", format="%.1f"),
    "ci_high": st.column_config.NumberColumn("95 % high, %", format="%.1f"),
    "public_score": None,  # the label names the benchmark; set per run
    "passed": st.column_config.NumberColumn("Passed"),
    "graded": st.column_config.NumberColumn("Graded"),
    "cost_usd": st.column_config.NumberColumn("Cost of run, USD", format="%.6f"),
    "cost_per_1k_usd": st.column_config.NumberColumn("USD per 1,000 cases", format="%.4f"),
    "latency_p50_s": st.column_config.NumberColumn("Latency p50, s", format="%.2f"),
    "latency_p95_s": st.column_config.NumberColumn("Latency p95, s", format="%.2f"),
    "errors": st.column_config.NumberColumn("Errors"),
    "errors_by_kind": st.column_config.TextColumn("Errors by kind"),
    "unknown_cost": st.column_config.NumberColumn("Answers with unknown cost"),
}


def results(run_id: str, scores: pd.DataFrame) -> None:
    stored = get_store().run(run_id)
    if stored is None:
        st.info("No such run in this server's results.")
        return
    res = get_store().results(run_id)
    table, label = view.results_table(view.summarise(res, stored.models), stored.models, scores)
    for col, (_, row) in zip(st.columns(max(len(table), 1)), table.iterrows(), strict=False):
        value, words = view.headline(row)
        col.metric(row["model"], value)
        col.caption(escape_markdown(words))
    cols = dict(RESULT_COLUMNS, public_score=st.column_config.NumberColumn(f"Public: {label}", format="%.4g"))
    if label is None:  # none of these models has a public score in the catalog
        del cols["public_score"]
    st.dataframe(table[list(cols)], column_config=cols, hide_index=True, width="stretch", key="eval_table")
    left, right = st.columns(2)
    cost_chart = view.accuracy_chart(table, "cost_per_1k_usd", "Your cost, USD per 1,000 cases", label)
    left.plotly_chart(cost_chart, key="eval_cost")
    right.plotly_chart(view.accuracy_chart(table, "latency_p50_s", "Median latency, s", label), key="eval_latency")
    if table["cost_per_1k_usd"].isna().any():
        st.caption("Models whose cost is unknown (no usage returned, or no catalog price) are left off the cost chart.")
    rows = view.per_case(res, stored.cases)
    keys = [m["key"] for m in stored.models if m.get("role") == "candidate"]
    st.dataframe(view.side_by_side(rows, keys), hide_index=True, width="stretch", key="eval_rows")
    st.caption("Answers are shown as plain text. The exports hold every answer with tokens, cost and latency.")
    a, b = st.columns(2)
    a.download_button("Answers as CSV", view.export_csv(rows), f"evaluate-{run_id}.csv", "text/csv")
    b.download_button(
        "Run as JSON",
        view.export_json(run_id, stored.settings, stored.models, table, rows),
        f"evaluate-{run_id}.json",
        "application/json",
    )


def resume(run_id: str, conns: list[Connection]) -> None:
    """Resume in the background when every endpoint of the run is configured now; else say which is not."""
    stored = get_store().run(run_id)
    try:
        runner.rehydrate(stored.models, conns)
    except LookupError as exc:
        st.error(f"Cannot resume: {exc}.")
        return
    start(run_id, lambda stop, cb: runner.resume(get_store(), run_id, conns, stop=stop, on_progress=cb))
    st.rerun()


def run_work(run_id: str, specs: list[ModelSpec], cases: list, settings: RunSettings, judge: ModelSpec | None):
    return lambda stop, cb: runner.run(
        get_store(), run_id, specs, cases, settings, judge=judge, stop=stop, on_progress=cb
    )


@st.cache_resource(show_spinner=False)
def _catalog_routes(built_at: str, kind: str, _offers: pd.DataFrame, _models: pd.DataFrame) -> pd.DataFrame:
    return pricing.hub_routes(_models) if kind == "hf" else pricing.openrouter_routes(_offers, _models)


def routes(built_at: str, conn: Connection, offers: pd.DataFrame, models: pd.DataFrame) -> pd.DataFrame:
    """Models to pick from: OpenRouter routes of the catalog (with prices) for an OpenAI-compatible
    endpoint, Hub ids for Inference Providers, and what a local Ollama lists (no price)."""
    if conn.kind == "ollama":
        ids = connections.list_models(conn, timeout_s=1.0)
        return pd.DataFrame({"request_id": ids, "name": ids, "model_id": [None] * len(ids)})
    return _catalog_routes(built_at, conn.kind, offers, models)
