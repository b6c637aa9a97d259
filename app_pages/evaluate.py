"""Evaluate: your own prompts on shortlisted models, graded, against your own cost and latency."""

import streamlit as st

from llm_atlas.evaluate import view
from llm_atlas.evaluate.cases import MAX_BYTES, MAX_CASES, digest
from llm_atlas.evaluate.graders import GRADER_LABELS, GRADERS
from llm_atlas.evaluate.spec import RunSettings
from llm_atlas.text import escape_markdown
from llm_atlas.ui import evaluate as ui
from llm_atlas.ui.data import load_snapshot
from llm_atlas.ui.filters import drop_unknown_params, show_notice

snap = load_snapshot()
drop_unknown_params(view.URL_KEYS)
state, notes = view.from_query(st.query_params.to_dict())
for note in notes:
    show_notice(note)

st.title("Evaluate on your own prompts")
st.caption("Try shortlisted models on your own cases through your own endpoint; grade the answers and see your "
           "accuracy against what you actually paid. Keys stay in secrets, the environment or this session.")  # fmt: skip
conns = ui.available_connections()
ui.endpoint_form()
specs, conn = [], None
if conns:
    labels = [c.label for c in conns]
    conn = conns[st.selectbox("Endpoint", range(len(conns)), format_func=labels.__getitem__, key="eval_conn")]
    routes = ui.routes(snap.built_at, conn, snap.offers, snap.models)
    names = dict(zip(routes["request_id"], routes["name"], strict=True))
    from_url, other = view.resolve_ids(state.models, routes)
    picked = st.multiselect(
        f"Models from the catalog (up to {view.MAX_MODELS})", list(names), default=from_url[: view.MAX_MODELS],
        format_func=lambda i: f"{names[i]} · {i}", max_selections=view.MAX_MODELS, key="eval_models",
    )  # fmt: skip
    typed = st.text_input("Other model ids, comma-separated, as the endpoint names them", ", ".join(other))
    chosen = list(dict.fromkeys(picked + [t.strip() for t in typed.split(",") if t.strip()]))[: view.MAX_MODELS]
    specs = view.model_specs(chosen, conn, routes)
else:
    st.info("No endpoint yet: set OPENAI_BASE_URL and OPENAI_API_KEY (or HF_TOKEN) in the environment or in "
            "st.secrets, start Ollama on this machine, or add one above. Past runs are shown below.")  # fmt: skip

play, evaluate = st.tabs(["Playground", "Evaluate"], default="Evaluate" if state.run else None)  # a run's link opens it
with play:
    system = st.text_area("System prompt (optional)", key="pg_system")
    prompt = st.text_area("Prompt", key="pg_prompt")
    a, b = st.columns(2)
    temp = a.slider("Temperature", 0.0, 2.0, 0.7, 0.1, key="pg_temp")
    max_out = b.number_input("Max output tokens", 1, 32_768, 512, key="pg_max")
    if st.button(f"Send to {len(specs)} models", disabled=not specs or not prompt.strip(), type="primary"):
        ui.playground(specs, system, prompt, temp, int(max_out))

with evaluate:
    source = st.radio("Cases", ["upload", "sample"], horizontal=True, key="eval_source",
                      format_func={"upload": "Upload CSV or JSONL", "sample": "GSM8K sample (50 problems)"}.get)  # fmt: skip
    upload = None
    if source == "upload":
        upload = st.file_uploader("Columns: input, optional expected, optional grader, optional id", ["csv", "jsonl"],
                                  help=f"UTF-8, up to {MAX_BYTES:,} bytes and {MAX_CASES:,} cases.")  # fmt: skip
    cases = ui.load_cases(source, upload)
    d = state.settings
    grader = st.selectbox("Default grader", GRADERS, GRADERS.index(d.grader), format_func=GRADER_LABELS.get)
    judge, rubric = None, ""
    if specs and (grader == "judge" or any(c.grader == "judge" for c in cases or [])):
        judge = specs[st.selectbox("Judge model", range(len(specs)), format_func=lambda i: specs[i].key)]
        rubric = st.text_input("Rubric", "Score 10 when the answer is correct and complete, 0 when it is wrong.")
    c1, c2, c3, c4 = st.columns(4)
    max_tokens = c1.number_input("Max output tokens", 1, 32_768, d.max_tokens, key="ev_max")
    temperature = c2.number_input("Temperature", 0.0, 2.0, d.temperature, 0.1, key="ev_temp")
    concurrency = c3.number_input("At a time per endpoint", 1, 16, d.concurrency, key="ev_conc")
    timeout = c4.number_input("Timeout per request, s", 1.0, 600.0, d.timeout_s, key="ev_timeout")
    c5, c6, c7 = st.columns(3)
    cap = c5.number_input("Spend cap, USD", 0.0, 1000.0, d.spend_cap_usd, 0.1, format="%.2f", key="ev_cap")
    case_cap = c6.number_input("Case cap (0: all)", 0, 1000, d.case_cap or 0, key="ev_case_cap")
    retries = c7.number_input("Retries on 429/5xx", 0, 5, d.max_retries, key="ev_retries")
    settings = RunSettings(
        max_tokens=int(max_tokens), temperature=float(temperature), grader=grader, concurrency=int(concurrency),
        timeout_s=float(timeout), spend_cap_usd=float(cap), case_cap=int(case_cap) or None, max_retries=int(retries),
        rubric=rubric, judge_key=judge.key if judge else None,
    )  # fmt: skip
    if cases and specs:
        st.text("\n".join(view.statement(cases, specs, settings)))
    run_id = st.session_state.get("eval_run") or state.run
    started = st.button("Start run", disabled=not (cases and specs), type="primary", icon=":material/play_arrow:")
    if started:
        store = ui.get_store()
        run_id = store.create_run(f"{len(cases)} cases × {len(specs)} models", settings.public(), cases,
                                  digest(cases), [s.public() for s in specs], judge.public() if judge else None)  # fmt: skip
        ui.start(run_id, ui.run_work(run_id, specs, cases, settings, judge))
        st.session_state.eval_run = run_id
        ui.remember(run_id)
    st.query_params.from_dict(view.to_query([s.key for s in specs], settings, run_id))

    st.subheader("Results")
    past = ui.visible_runs(run_id)
    if past.empty:
        st.info("No runs yet. Each run is kept on this server as its answers arrive; its link reopens it.")
        st.stop()
    ids = past["run_id"].tolist()
    if started or st.session_state.get("eval_pick") not in ids:  # a new run, or a run named by the link
        st.session_state.eval_pick = run_id if run_id in ids else ids[0]
    titles = dict(zip(past["run_id"], past["title"], strict=True))
    run_id = st.selectbox("Run", ids, key="eval_pick", format_func=lambda i: f"{i} · {titles[i]}")
    st.query_params["run"] = run_id
    row = past.set_index("run_id").loc[run_id]
    total = int(min(row["cases"], ui.get_store().run(run_id).settings.get("case_cap") or row["cases"]) * row["models"])
    if ui.running(run_id):
        ui.live(run_id, total)  # results are drawn once it ends: each rerun during a run stays cheap
        st.stop()
    else:
        status = "interrupted" if row["status"] in ("running", "created") else row["status"]  # no thread runs it now
        st.caption(escape_markdown(f"Status: {status}{f' ({row.note})' if row['note'] else ''} · "
                                   f"{row['answers']:,} of {total:,} answers"))  # fmt: skip
        if row["answers"] < total and st.button("Resume (only the missing cases)", icon=":material/replay:"):
            ui.resume(run_id, conns)
    ui.results(run_id, snap.scores)
