"""A model's detail under Explore's table: facts, offers, scores with source and date."""

from __future__ import annotations

import streamlit as st

from llm_atlas.pipeline.snapshot import Snapshot
from llm_atlas.text import escape_markdown
from llm_atlas.ui import MISSING
from llm_atlas.ui.columns import config
from llm_atlas.ui.trends import render_model_history
from llm_atlas.views import model_detail
from llm_atlas.views.model_detail import LICENSE_NOTES

OFFER_COLUMNS = [
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
SCORE_COLUMNS = ["benchmark_label", "value", "unit", "ci_low", "ci_high", "setting", "measured_on", "source", "as_of"]


def render(snap: Snapshot, prepared, model_id: str) -> bool:
    """Draw the detail of `model_id`; False when the snapshot has no such model."""
    info = model_detail.detail(snap, prepared, model_id)
    if info is None:
        st.info(f"No model with id '{escape_markdown(model_id[:60])}' in this snapshot.")
        return False
    m = info["model"]
    st.divider()
    st.subheader(m["name"])
    st.caption(
        f"`{m['model_id']}` · {m['creator'] or 'creator unknown'} · {m['task']} · "
        f"known to: {m['sources'].replace(',', ', ')}"
    )
    for column, (label, value) in zip(st.columns(4), model_detail.headline_facts(m).items(), strict=True):
        column.metric(label, value)
    if isinstance(m["license_class"], str):
        st.caption(
            LICENSE_NOTES[m["license_class"]]
            + " As far as the data says; read the licence itself before you rely on it."
        )
    for line in model_detail.status_lines(m):
        if line.startswith("Deprecated"):
            st.warning(line, icon=":material/history:")
        else:
            st.caption(line)
    for line in model_detail.price_lines(m):
        st.caption(escape_markdown(line))
    if hub := model_detail.hub_facts(m):
        st.caption(f"Hugging Face: {hub}")
    if isinstance(m["variant_of"], str):
        st.caption(model_detail.variant_note(m))
    st.markdown("**Offers**")
    st.dataframe(
        info["offers"][OFFER_COLUMNS],
        hide_index=True,
        column_config=config(OFFER_COLUMNS, "offers"),
        placeholder=MISSING,
    )
    st.markdown("**Scores**")
    st.dataframe(
        info["scores"][SCORE_COLUMNS],
        hide_index=True,
        column_config=config(SCORE_COLUMNS, "scores", labels={"as_of": "Date", "value": "Score"}),
        placeholder=MISSING,
    )
    if isinstance(m["link"], str):
        st.link_button("Source page", m["link"])
    with st.expander("Price and rank history"):  # small charts from the history table
        render_model_history(m["model_id"], key="explore")
    return True
