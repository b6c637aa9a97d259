"""Costs: a workload priced per month across the models that can serve it, and self-hosting an open model."""

import streamlit as st

from llm_atlas.ui import costs_sections
from llm_atlas.ui import filters as ui_filters
from llm_atlas.ui.data import filter_catalog, load_catalog_view, load_metrics, load_snapshot, load_vocabularies
from llm_atlas.views import costs as vc
from llm_atlas.views import defaults

snap = load_snapshot()
prepared = load_catalog_view(snap)
vocab = load_vocabularies(snap)
url_model = ui_filters.init_from_url("costs", vocab, vc.KNOWN_PARAMS, defaults.OPENING_FILTERS)
metrics = load_metrics(snap)

if "cw_requests_per_day" not in st.session_state:  # first visit: the workload and choices from the URL
    params = {k: st.query_params.get(k) for k in vc.KNOWN_PARAMS if k in st.query_params}
    url_state, notices = vc.parse(params, set(metrics), defaults.default_metric(metrics))
    st.session_state.setdefault("url_notices", []).extend(notices)
    for f in vc.workload_fields():
        st.session_state[f"cw_{f}"] = float(getattr(url_state.workload, f))
    st.session_state.cw_reasoning = float(url_state.reasoning_tokens)
    st.session_state.cw_metric, st.session_state.cw_floor = url_state.metric, url_state.floor or None
    st.session_state.costs_section = vc.SECTIONS[url_state.section]
    if url_model in set(prepared.loc[(prepared["openness"] == "open") & prepared["params_b"].gt(0), "model_id"]):
        st.session_state.sh_model = url_model  # a shared self-hosting estimate

st.title("What will it cost?")
ui_filters.show_url_notices()
# The filters' values come from session state; their sidebar widgets are drawn last so the
# page's own content reaches the browser first (as on Quality vs cost; bench/run.py app).
filters = ui_filters.current()
result = filter_catalog(snap, filters)

# Widgets of a section not shown this run would lose their values; re-storing them keeps a
# person's workload and choices when they switch sections (Streamlit's documented idiom).
# (Not the GPU table: a data editor's state cannot be set.)
for key in [k for k in st.session_state if str(k).startswith(("cw_", "cu_", "sh_")) and k != "sh_gpus"]:
    st.session_state[key] = st.session_state[key]

# One section at a time (not st.tabs, which builds all three): the page sends and draws a third.
label = st.radio(
    "Section", list(vc.SECTIONS.values()), horizontal=True, key="costs_section", label_visibility="collapsed"
)
section = next(k for k, v in vc.SECTIONS.items() if v == label)

state = vc.CostsState(
    workload=vc.monthly_cost.Workload(**{f: st.session_state[f"cw_{f}"] for f in vc.workload_fields()}),
    reasoning_tokens=st.session_state.cw_reasoning,
    metric=st.session_state.cw_metric,
    floor=st.session_state.cw_floor or "",
    section=section,
)
if section == "tokens":
    state = costs_sections.tokens(snap, filters, state, metrics)
elif section == "units":
    costs_sections.units(snap, prepared)
else:
    costs_sections.self_hosting(snap, prepared)

ui_filters.sync_url(filters, st.session_state.get("sh_model") if section == "selfhost" else None, vc.to_params(state))
ui_filters.render(vocab)
ui_filters.render_funnel(result, len(prepared))
