"""Compare: 2–6 models side by side, the rows that decide first, every shared benchmark on request."""

import streamlit as st

from llm_atlas import charts
from llm_atlas.text import escape_markdown
from llm_atlas.ui.data import load_catalog_view, load_snapshot
from llm_atlas.ui.filters import drop_unknown_params, show_notice
from llm_atlas.ui.trends import render_model_history
from llm_atlas.views import compare

snap = load_snapshot()
drop_unknown_params(("models", "all"))
prepared = load_catalog_view(snap)
known = set(prepared["model_id"])

if "compare_ids" not in st.session_state:
    ids, notices = compare.parse_ids(st.query_params.get("models"), known)
    st.session_state.compare_ids = ids or list(st.session_state.get("compare", []))
    st.session_state.compare_all = st.query_params.get("all") == "1"
    for n in notices:
        show_notice(n)

st.title("Compare models")
names = dict(zip(prepared["model_id"], prepared["name"], strict=True))  # a dict: looked up once per option
st.multiselect(
    "Models (2 to 6)",
    compare.picker_options(prepared, st.session_state.compare_ids),
    key="compare_ids",
    max_selections=compare.MAX_MODELS,
    format_func=lambda i: f"{names.get(i, i)} · {i}",
    placeholder="Search by name or id…",
)
ids = st.session_state.compare_ids
st.session_state["compare"] = list(ids)
show_all = st.toggle("Every shared benchmark", key="compare_all")
st.query_params.from_dict({"models": ",".join(ids), **({"all": "1"} if show_all else {})} if ids else {})

if ids:
    st.page_link("app_pages/evaluate.py", label="Evaluate these on your own prompts", icon=":material/fact_check:",
                 query_params={"models": ",".join(ids[:4])})  # fmt: skip
if len(ids) < compare.MIN_MODELS:
    st.info("Pick at least two models, here or from the Quality vs cost chart.")
    st.stop()

# Names come from upstream data: escaped, so a "$" or "*" stays text.
st.markdown("  \n".join(escape_markdown(line) for line in compare.verdict(snap, prepared, ids)))
table, best = compare.side_by_side(snap, prepared, ids, shared=show_all)
styled = compare.display(table).style.apply(
    lambda _: best.map(lambda b: "background-color: #d3f9d8; font-weight: 600" if b else "").to_numpy(), axis=None
)
# A static table: at most a few dozen rows, and no data-grid bundle delaying the page (bench/README.md).
st.table(styled)
st.caption(
    "Best value in each comparable row is highlighted. The quality row is LMArena's default view "
    "(style-controlled overall score) with its 95 % bounds; turn on every shared benchmark above."
)

bars = compare.bar_data(snap, prepared, ids)
if bars.empty:
    st.info("These models share no benchmark.")
else:
    st.markdown(f"**Shared benchmarks** (up to {compare.MAX_CHART_BENCHMARKS}, the most widely shared)")
    st.plotly_chart(charts.compare_bars(bars), width="stretch", key="compare_bars")
# On request: a folded expander still draws its charts, which delayed the page's first chart.
if st.toggle("Show each model's price and rank history", key="compare_history"):
    for model_id in ids:
        render_model_history(model_id, key=f"compare_{model_id}", title=names.get(model_id, model_id))
