"""Compare: 2–6 models side by side, with every benchmark at least two of them share."""

import streamlit as st

from llm_atlas import charts, compare
from llm_atlas.ui.data import load_explore_table, load_snapshot
from llm_atlas.ui.filters import drop_unknown_params, show_notice
from llm_atlas.ui.trends import render_model_history

snap = load_snapshot()
drop_unknown_params(("models",))
prepared = load_explore_table(snap.built_at)
known = set(prepared["model_id"])

if "compare_ids" not in st.session_state:
    ids, notices = compare.parse_ids(st.query_params.get("models"), known)
    st.session_state.compare_ids = ids or list(st.session_state.get("compare", []))
    for n in notices:
        show_notice(n)

st.title("Compare models")
names = dict(zip(prepared["model_id"], prepared["name"], strict=True))  # a dict: looked up once per option
st.multiselect(
    "Models (2 to 6)",
    sorted(known),
    key="compare_ids",
    max_selections=compare.MAX_MODELS,
    format_func=lambda i: f"{names.get(i, i)} · {i}",
    placeholder="Search by name or id…",
)
ids = st.session_state.compare_ids
st.session_state["compare"] = list(ids)
st.query_params.from_dict({"models": ",".join(ids)} if ids else {})

if ids:
    st.page_link("app_pages/evaluate.py", label="Evaluate these on your own prompts", icon=":material/fact_check:",
                 query_params={"models": ",".join(ids[:4])})  # fmt: skip
if len(ids) < compare.MIN_MODELS:
    st.info("Pick at least two models, here or from the Quality vs cost chart.")
    st.stop()

# The shared benchmarks as bars first, then the full table: the chart reaches the browser before
# the data grid's bundle is fetched (measured: 4.61 -> 4.25 s to the first bar, bench/README.md).
bars = compare.bar_data(snap, prepared, ids)
if bars.empty:
    st.info("These models share no benchmark.")
else:
    st.plotly_chart(charts.compare_bars(bars), width="stretch", key="compare_bars")

table, best = compare.side_by_side(snap, prepared, ids)
styled = compare.display(table).style.apply(
    lambda _: best.map(lambda b: "background-color: #d3f9d8; font-weight: 600" if b else "").to_numpy(), axis=None
)
st.dataframe(styled, width="stretch", height=min(38 * (len(table) + 1), 900))
st.caption(
    "Best value in each comparable row is highlighted. Benchmarks appear when at least two of the models have them."
)
with st.expander("Price and rank history"):  # issue 19: each model's small charts from the history table
    for model_id in ids:
        render_model_history(model_id, key=f"compare_{model_id}", title=names.get(model_id, model_id))
