"""Explore: filter the catalog by task, licence and more; open a model; share or export the view."""

import streamlit as st

from llm_atlas import explore
from llm_atlas.explore import FILTER_LABELS, LICENSE_NOTES, PRESETS
from llm_atlas.ui import MISSING
from llm_atlas.ui import filters as ui_filters
from llm_atlas.ui.data import explore_rows, filter_catalog, load_explore_table, load_snapshot, load_vocabularies
from llm_atlas.ui.explainers import render_explainers
from llm_atlas.ui.trends import render_model_history

snap = load_snapshot()
prepared = load_explore_table(snap.built_at)
vocab = load_vocabularies(snap.built_at)
url_model = ui_filters.init_from_url("explore", vocab)

st.title("Explore the catalog")
ui_filters.show_url_notices()
with st.container(horizontal=True):
    st.caption("Quick presets:")
    for key, (label, _) in PRESETS.items():
        st.button(label, key=f"preset_{key}", on_click=ui_filters.apply_preset, args=(key,), type="tertiary")

filters = ui_filters.render(vocab)
result = filter_catalog(snap.built_at, filters)
ui_filters.render_funnel(result, len(prepared))
render_explainers()

if result.count == 0:
    culprit = result.emptied_by
    st.warning(f"No models match. The filter **{FILTER_LABELS.get(culprit, culprit)}** removed the last ones.")
    st.button(f"Clear {FILTER_LABELS.get(culprit, culprit)}", on_click=ui_filters.clear_filter, args=(culprit,))
else:
    st.markdown(f"**{result.count:,}** of {len(prepared):,} models")

shown = explore_rows(snap.built_at, filters)
PRICE = "$%.4g"
event = st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    height=420,
    on_select="rerun",
    selection_mode="single-row",
    key="explore_table",
    column_config={
        "name": st.column_config.TextColumn("Name", pinned=True),
        "model_id": st.column_config.TextColumn("Model id"),
        "creator": "Creator",
        "task": "Task",
        "openness": "Openness",
        "license_class": "Licence class",
        "license": "Licence",
        "params_b": st.column_config.NumberColumn("Params (B)", format="%.1f"),
        "context_tokens": st.column_config.NumberColumn("Context (tokens)", format="localized"),
        "price_in_usd_mtok": st.column_config.NumberColumn("Input (USD / 1M tokens)", format=PRICE),
        "price_out_usd_mtok": st.column_config.NumberColumn("Output (USD / 1M tokens)", format=PRICE),
        "price_per_image_usd": st.column_config.NumberColumn("USD / image", format=PRICE),
        "price_per_audio_min_usd": st.column_config.NumberColumn("USD / audio minute", format=PRICE),
        "price_per_mchar_usd": st.column_config.NumberColumn("USD / 1M characters", format=PRICE),
        "arena_score": st.column_config.NumberColumn("Arena score", format="%.0f"),
        "aa_intelligence": st.column_config.NumberColumn("AA intelligence", format="%.1f"),
        "aider_polyglot": st.column_config.NumberColumn("Aider polyglot %", format="%.1f"),
        "oll_average": st.column_config.NumberColumn("Open LLM LB avg", format="%.1f"),
        "release_date": "Released",
        "link": st.column_config.LinkColumn("Link", display_text="open"),
    },
    placeholder=MISSING,
)
picked = event.selection.rows if event and event.selection else []
model_id = shown.iloc[picked[0]]["model_id"] if picked else url_model
st.session_state["selected_model"] = model_id

# Files are built when clicked, not on every rerun (CSV of the whole catalog was ~9 % of the
# server's CPU in the 20-session benchmark).
downloads = st.container(horizontal=True)
downloads.download_button(
    "Download CSV",
    lambda: explore.to_csv(snap, shown),
    "llm_atlas_models.csv",
    "text/csv",
    icon=":material/download:",
)
downloads.download_button(
    "Download Parquet",
    lambda: explore.to_parquet(snap, shown),
    "llm_atlas_models.parquet",
    "application/octet-stream",
)

if model_id:
    info = explore.detail(snap, prepared, model_id)
    if info is None:
        st.info(f"No model with id '{model_id[:60]}' in this snapshot.")
        model_id = None
    else:
        m = info["model"]
        st.divider()
        st.subheader(m["name"])
        st.caption(
            f"`{m['model_id']}` · {m['creator'] or 'creator unknown'} · {m['task']} · known to: {m['sources'].replace(',', ', ')}"
        )
        for column, (label, value) in zip(st.columns(4), explore.headline_facts(m).items(), strict=True):
            column.metric(label, value)
        if isinstance(m["license_class"], str):
            st.caption(
                LICENSE_NOTES[m["license_class"]]
                + " As far as the data says; read the licence itself before you rely on it."
            )
        hub = explore.hub_facts(m)
        if hub:
            st.caption(f"Hugging Face: {hub}")
        if isinstance(m["variant_of"], str):
            st.caption(explore.variant_note(m))
        st.markdown("**Offers**")
        st.dataframe(
            info["offers"][
                [
                    "provider",
                    "source",
                    "source_key",
                    "price_in_usd_mtok",
                    "price_out_usd_mtok",
                    "price_cached_in_usd_mtok",
                    "price_per_image_usd",
                    "price_per_audio_min_usd",
                    "context_tokens",
                ]
            ],
            hide_index=True,
            column_config={
                "price_in_usd_mtok": st.column_config.NumberColumn("Input $/1M", format=PRICE),
                "price_out_usd_mtok": st.column_config.NumberColumn("Output $/1M", format=PRICE),
                "price_cached_in_usd_mtok": st.column_config.NumberColumn("Cached input $/1M", format=PRICE),
                "price_per_image_usd": st.column_config.NumberColumn("$/image", format=PRICE),
                "price_per_audio_min_usd": st.column_config.NumberColumn("$/audio min", format=PRICE),
                "context_tokens": st.column_config.NumberColumn("Context", format="localized"),
            },
            placeholder=MISSING,
        )
        st.markdown("**Scores**")
        st.dataframe(
            info["scores"][["benchmark_label", "value", "unit", "ci_low", "ci_high", "source", "as_of"]],
            hide_index=True,
            column_config={
                "benchmark_label": "Benchmark",
                "value": st.column_config.NumberColumn("Score", format="%.2f"),
                "ci_low": st.column_config.NumberColumn("95 % low", format="%.1f"),
                "ci_high": st.column_config.NumberColumn("95 % high", format="%.1f"),
                "as_of": "Date",
            },
            placeholder=MISSING,
        )
        if isinstance(m["link"], str):
            st.link_button("Source page", m["link"])
        with st.expander("Price and rank history"):  # issue 19: small charts from the history table
            render_model_history(m["model_id"], key="explore")

ui_filters.sync_url(filters, model_id)
