"""Quality vs cost: which models give the most quality per dollar for my token mix."""

import streamlit as st

from llm_atlas import charts, export
from llm_atlas.text import escape_markdown
from llm_atlas.ui import filters as ui_filters
from llm_atlas.ui.data import (
    filter_catalog,
    load_catalog_view,
    load_metrics,
    load_snapshot,
    load_vocabularies,
    quality_figure,
    quality_points,
)
from llm_atlas.views import analysis, defaults, quality

snap = load_snapshot()
prepared = load_catalog_view(snap)
vocab = load_vocabularies(snap)
metrics = load_metrics(snap)
url_model = ui_filters.init_from_url(
    "quality_cost", vocab, tuple(quality.VIEW_KEYS), defaults.opening_filters(st.query_params.get("metric"))
)
if "qc_metric" not in st.session_state:  # first visit: view settings from the URL, checked
    values, notices = quality.parse(st.query_params.to_dict(), metrics, defaults.default_metric(metrics))
    st.session_state.update(values)
    st.session_state.setdefault("url_notices", []).extend(notices)


def use_preset() -> None:
    st.session_state.qc_ratio = analysis.RATIO_PRESETS[st.session_state.qc_preset]


st.title("Quality vs cost")
ui_filters.show_url_notices()
# The filters' values come from session state; their sidebar widgets are drawn after the chart so
# the chart reaches the browser first (measured: bench/run.py app). The answer (the chart) comes
# before the view controls, which sit in a popover: one line on a phone, and unlike an expander's,
# its widgets are mounted in the browser only when opened (bench/README.md).
filters = ui_filters.current()
result = filter_catalog(snap, filters)
chart_area = st.container()
ss = st.session_state
# A fixed label: a container whose label changes is a new element, and closes on every change.
with st.popover("Change the metric, x axis, token mix and colours", icon=":material/tune:", width="stretch"):
    c1, c2, c3 = st.columns([2, 2, 1])
    c1.selectbox("Quality metric", list(metrics), key="qc_metric",
                 format_func=lambda b: f"{metrics[b].group}: {metrics[b].label} ({metrics[b].models} models)")  # fmt: skip
    c2.selectbox("x axis", analysis.X_MODES, key="qc_x", format_func=quality.X_LABELS.get)
    c3.selectbox("Colour by", list(charts.COLOUR_BY), key="qc_colour", format_func=charts.COLOUR_BY.get)
    c4, c5, c6 = st.columns([2, 2, 1])
    c4.selectbox("Token mix preset", list(analysis.RATIO_PRESETS), index=None, key="qc_preset",
                 placeholder="Pick a workload…", on_change=use_preset)  # fmt: skip
    c4.slider("Input tokens per output token", 0.25, 20.0, step=0.25, key="qc_ratio")
    c5.slider("Share of input served from cache", 0.0, 0.9, step=0.05, key="qc_cached")
    c6.selectbox("Size by", list(charts.SIZE_BY), key="qc_size", format_func=charts.SIZE_BY.get)
    c6.toggle("Linear x", key="qc_linear_x")
    c6.toggle("Log y", key="qc_log_y")

metric = metrics[ss.qc_metric]
view = (snap, filters, metric.benchmark, ss.qc_ratio, ss.qc_cached, ss.qc_x)
data, points = quality_points(*view)
x_title, x_unit = quality.x_title(ss.qc_x, ss.qc_ratio, ss.qc_cached)
picked = ss.get("qc_picked") or url_model
with chart_area:
    st.caption(
        f"**{len(points)}** models plotted · {len(data.no_metric):,} filtered models have no {metric.label} score · "
        f"{len(data.no_price)} have the score but no {'price' if ss.qc_x == 'price' else 'x value'}"
    )
    style = charts.ScatterStyle(
        x_title=x_title,
        y_title=f"{metric.label} ({metric.unit})",
        colour_by=ss.qc_colour,
        size_by=ss.qc_size,
        log_x=not ss.qc_linear_x,
        log_y=ss.qc_log_y,
        picked=(picked,) if picked else (),
        x_unit=x_unit,
    )
    event = st.plotly_chart(
        quality_figure(*view, style), key="qc_chart", on_select="rerun", selection_mode="points", width="stretch"
    )
selected = [
    p["customdata"][0] for p in (event.selection.points if event and event.selection else []) if p.get("customdata")
]
if selected and selected[0] != picked:  # the ring and label follow the click on the next draw
    ss.qc_picked = selected[0]
    st.rerun()
model_id = picked
if model_id and model_id in set(points["model_id"]):
    row = points[points["model_id"] == model_id].iloc[0]
    st.markdown(
        f"**{escape_markdown(row['name'])}** · {escape_markdown(row['creator'] if isinstance(row['creator'], str) else 'creator unknown')}"
        f" · {metric.label}: {row['y']:.4g} · x: {row['x']:.4g} {x_unit}"
    )
    compare = ss.setdefault("compare", [])
    if st.button("Add to Compare", icon=":material/add:", disabled=model_id in compare or len(compare) >= 6):
        compare.append(model_id)
    if compare:
        st.page_link("app_pages/compare.py", label=f"Compare {len(compare)} selected: {', '.join(compare)}",
                     icon=":material/compare_arrows:", query_params={"models": ",".join(compare)})  # fmt: skip
        st.page_link("app_pages/evaluate.py", label="Evaluate these on your own prompts", icon=":material/fact_check:",
                     query_params={"models": ",".join(compare[:4])})  # fmt: skip

# Lists on request: a static table is drawn even inside a folded expander, delaying the chart.
n_frontier = int(points["frontier"].sum())
if st.toggle(
    f"List the Pareto frontier: {n_frontier} models (none is both cheaper and better)", key="qc_list_frontier"
):
    frontier = points[points["frontier"]].sort_values("x")[["name", "creator", "x", "y", "source", "as_of"]]
    st.table(frontier.rename(columns={"x": x_title, "y": metric.label, "as_of": "date"}).set_index("name"))
    if points["tied"].any():
        st.caption("Statistically tied with the frontier (95 % bounds overlap), drawn as diamonds: "
                   + ", ".join(points.loc[points["tied"], "name"]))  # fmt: skip
if len(data.no_price) and st.toggle(
    f"List the {len(data.no_price)} not plotted (the score but no x value)", key="qc_list_unplotted"
):
    st.table(data.no_price.rename(columns={"y": metric.label}).set_index("model_id"))
st.download_button("Download plotted points (CSV)", lambda: export.to_csv(snap, points),
                   "llm_atlas_quality_cost.csv", "text/csv")  # fmt: skip

ui_filters.sync_url(filters, model_id, quality.to_params(ss))
ui_filters.render(vocab)
ui_filters.render_funnel(result, len(prepared))
