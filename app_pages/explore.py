"""Explore: filter and sort the catalog; open a model; share or export the view."""

import streamlit as st

from llm_atlas import export
from llm_atlas.ui import MISSING, detail
from llm_atlas.ui import filters as ui_filters
from llm_atlas.ui.columns import config
from llm_atlas.ui.data import explore_rows, filter_catalog, load_catalog_view, load_snapshot, load_vocabularies
from llm_atlas.ui.explainers import render_explainers
from llm_atlas.views import catalog
from llm_atlas.views.explore import FILTER_LABELS, PRESETS

snap = load_snapshot()
prepared = load_catalog_view(snap)
vocab = load_vocabularies(snap)
url_model = ui_filters.init_from_url("explore", vocab, ("sort", "dir"))
if "ex_sort" not in st.session_state:  # first visit: the sort from the URL, screened
    key, reverse, notices = catalog.parse_sort(st.query_params.to_dict())
    st.session_state.ex_sort, st.session_state.ex_reverse = key, reverse
    st.session_state.setdefault("url_notices", []).extend(notices)


def use_preset(key: str) -> None:
    ui_filters.apply_preset(key)
    st.session_state.ex_sort, st.session_state.ex_reverse = catalog.PRESET_SORTS.get(key, "quality"), False


st.title("Explore the catalog")
ui_filters.show_url_notices()

filters = ui_filters.render(vocab)
result = filter_catalog(snap, filters)
ui_filters.render_funnel(result, len(prepared))
render_explainers()

with st.container(horizontal=True, vertical_alignment="bottom"):
    if result.count == 0:
        culprit = result.emptied_by
        st.warning(f"No models match. The filter **{FILTER_LABELS.get(culprit, culprit)}** removed the last ones.")
        st.button(f"Clear {FILTER_LABELS.get(culprit, culprit)}", on_click=ui_filters.clear_filter, args=(culprit,))
    else:
        st.markdown(f"**{result.count:,}** of {len(prepared):,} models")
    st.selectbox("Sort by", list(catalog.SORTS), key="ex_sort", format_func=lambda k: catalog.SORTS[k].label)
    st.toggle("Reverse (blanks stay last)", key="ex_reverse")
    # In a popover: on a phone the table, the answer, comes before a stack of buttons.
    with st.popover("Quick presets", icon=":material/bolt:"):
        for key, (label, _) in PRESETS.items():
            st.button(label, key=f"preset_{key}", on_click=use_preset, args=(key,), type="tertiary")

sort_key = st.session_state.ex_sort
shown = catalog.with_sort_column_first(
    catalog.sort_rows(explore_rows(snap, filters), sort_key, st.session_state.ex_reverse, filters.search),
    sort_key,
)
event = st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    height=420,
    on_select="rerun",
    selection_mode="single-row",
    key="explore_table",
    column_config=config(
        shown.columns, pinned=("name", catalog.SORTS[sort_key].column), labels={"model_id": "Model id"}
    ),
    placeholder=MISSING,
)
picked = event.selection.rows if event and event.selection else []
model_id = shown.iloc[picked[0]]["model_id"] if picked else url_model
st.session_state["selected_model"] = model_id

# Files are built when clicked, not on every rerun (their cost: bench/README.md).
downloads = st.container(horizontal=True)
downloads.download_button(
    "Download CSV",
    lambda: export.to_csv(snap, shown),
    "llm_atlas_models.csv",
    "text/csv",
    icon=":material/download:",
)
downloads.download_button(
    "Download Parquet",
    lambda: export.to_parquet(snap, shown),
    "llm_atlas_models.parquet",
    "application/octet-stream",
)

if model_id and not detail.render(snap, prepared, model_id):
    model_id = None

ui_filters.sync_url(filters, model_id, catalog.sort_params(st.session_state.ex_sort, st.session_state.ex_reverse))
