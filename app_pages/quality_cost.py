"""Quality vs cost: which models give the most quality per dollar for my token mix."""

import streamlit as st

from llm_atlas import analysis, charts, explore
from llm_atlas.ui import filters as ui_filters
from llm_atlas.ui.data import (
    filter_catalog,
    load_explore_table,
    load_metrics,
    load_snapshot,
    load_vocabularies,
    quality_figure,
    quality_points,
)
from llm_atlas.views import defaults

snap = load_snapshot()
prepared = load_explore_table(snap.built_at)
vocab = load_vocabularies(snap.built_at)
metrics = load_metrics(snap.built_at)
VIEW_KEYS = {
    "metric": "qc_metric",
    "ratio": "qc_ratio",
    "cached": "qc_cached",
    "colour": "qc_colour",
    "size": "qc_size",
    "x": "qc_x",
    "linx": "qc_linear_x",
    "logy": "qc_log_y",
}
url_model = ui_filters.init_from_url("quality_cost", vocab, tuple(VIEW_KEYS), defaults.OPENING_FILTERS)

if "qc_metric" not in st.session_state:  # first visit: view settings from the URL, checked
    qp = st.query_params
    st.session_state.qc_metric = qp.get("metric") if qp.get("metric") in metrics else defaults.default_metric(metrics)
    st.session_state.qc_colour = qp.get("colour") if qp.get("colour") in charts.COLOUR_BY else "openness"
    st.session_state.qc_size = qp.get("size") if qp.get("size") in charts.SIZE_BY else "none"
    st.session_state.qc_x = qp.get("x") if qp.get("x") in analysis.X_MODES else "price"
    try:
        st.session_state.qc_ratio = min(max(float(qp.get("ratio", 3)), 0.25), 20.0)
        st.session_state.qc_cached = min(max(float(qp.get("cached", 0)), 0.0), 0.9)
    except ValueError:
        st.session_state.qc_ratio, st.session_state.qc_cached = 3.0, 0.0
        st.session_state.setdefault("url_notices", []).append("'ratio' and 'cached' must be numbers; defaults used.")
    st.session_state.qc_linear_x = qp.get("linx") == "1"
    st.session_state.qc_log_y = qp.get("logy") == "1"


def use_preset() -> None:
    st.session_state.qc_ratio = analysis.RATIO_PRESETS[st.session_state.qc_preset]


st.title("Quality vs cost")
ui_filters.show_url_notices()
# The filters' values come from session state; their sidebar widgets are drawn after the chart so
# the chart reaches the browser first (measured: bench/run.py app).
filters = ui_filters.current()
result = filter_catalog(snap.built_at, filters)

c1, c2, c3 = st.columns([2, 2, 1])
c1.selectbox(
    "Quality metric",
    list(metrics),
    key="qc_metric",
    format_func=lambda b: f"{metrics[b].label} ({metrics[b].models} models)",
)
c2.selectbox(
    "x axis",
    analysis.X_MODES,
    key="qc_x",
    format_func={
        "price": "Blended price per 1M tokens",
        "aider_cost": "Aider: real cost of the benchmark run",
        "params": "Parameters (open models)",
    }.get,
)
c3.selectbox("Colour by", list(charts.COLOUR_BY), key="qc_colour", format_func=charts.COLOUR_BY.get)
c4, c5, c6 = st.columns([2, 2, 1])
c4.selectbox(
    "Token mix preset",
    list(analysis.RATIO_PRESETS),
    index=None,
    key="qc_preset",
    placeholder="Pick a workload…",
    on_change=use_preset,
)
c4.slider("Input tokens per output token", 0.25, 20.0, step=0.25, key="qc_ratio")
c5.slider("Share of input served from cache", 0.0, 0.9, step=0.05, key="qc_cached")
c6.selectbox("Size by", list(charts.SIZE_BY), key="qc_size", format_func=charts.SIZE_BY.get)
c6.toggle("Linear x", key="qc_linear_x")
c6.toggle("Log y", key="qc_log_y")

metric = metrics[st.session_state.qc_metric]
view = (
    snap.built_at,
    filters,
    metric.benchmark,
    st.session_state.qc_ratio,
    st.session_state.qc_cached,
    st.session_state.qc_x,
)
data, points = quality_points(*view)
x_title = {
    "price": analysis.blend_label(st.session_state.qc_ratio, st.session_state.qc_cached),
    "aider_cost": "Real cost of the Aider polyglot run (USD)",
    "params": "Parameters (billions)",
}[st.session_state.qc_x]
st.caption(
    f"**{len(points)}** models plotted · {len(data.no_metric):,} filtered models have no {metric.label} score · "
    f"{len(data.no_price)} have the score but no {'price' if st.session_state.qc_x == 'price' else 'x value'}"
)
style = charts.ScatterStyle(
    x_title=x_title,
    y_title=f"{metric.label} ({metric.unit})",
    colour_by=st.session_state.qc_colour,
    size_by=st.session_state.qc_size,
    log_x=not st.session_state.qc_linear_x,
    log_y=st.session_state.qc_log_y,
)
fig = quality_figure(*view, style)
event = st.plotly_chart(fig, key="qc_chart", on_select="rerun", selection_mode="points", width="stretch")

selected = [
    p["customdata"][0] for p in (event.selection.points if event and event.selection else []) if p.get("customdata")
]
model_id = selected[0] if selected else url_model
if model_id and model_id in set(points["model_id"]):
    row = points[points["model_id"] == model_id].iloc[0]
    st.markdown(f"**{row['name']}** · {row['creator']} · {metric.label}: {row['y']:.4g} · x: {row['x']:.4g}")
    compare = st.session_state.setdefault("compare", [])
    if st.button("Add to Compare", icon=":material/add:", disabled=model_id in compare or len(compare) >= 6):
        compare.append(model_id)
    if compare:
        st.page_link(
            "app_pages/compare.py",
            label=f"Compare {len(compare)} selected: {', '.join(compare)}",
            icon=":material/compare_arrows:",
            query_params={"models": ",".join(compare)},
        )

with st.expander(
    f"Pareto frontier: {int(points['frontier'].sum())} models (none is both cheaper and better)", expanded=False
):
    # Static tables: short lists, and no data-grid bundle delaying the chart.
    frontier = points[points["frontier"]].sort_values("x")[["name", "creator", "x", "y", "source"]]
    st.table(frontier.rename(columns={"x": "x value", "y": metric.label}).set_index("name"))
    if points["tied"].any():
        st.caption(
            "Statistically tied with the frontier (95 % bounds overlap), drawn as diamonds: "
            + ", ".join(points.loc[points["tied"], "name"])
        )
with st.expander(f"Not plotted: {len(data.no_price)} with the score but no x value", expanded=False):
    st.table(data.no_price.rename(columns={"y": metric.label}).set_index("model_id"))
st.download_button(
    "Download plotted points (CSV)", lambda: explore.to_csv(snap, points), "llm_atlas_quality_cost.csv", "text/csv"
)

extra = {k: str(st.session_state[v]) for k, v in VIEW_KEYS.items() if k in ("metric", "colour", "size", "x")}
extra |= {"ratio": f"{st.session_state.qc_ratio:g}", "cached": f"{st.session_state.qc_cached:g}"}
extra |= {k: "1" for k in ("linx", "logy") if st.session_state[VIEW_KEYS[k]]}
ui_filters.sync_url(filters, model_id if selected else url_model, extra)

ui_filters.render(vocab)
ui_filters.render_funnel(result, len(prepared))
