"""Hub: search open models live on the Hugging Face Hub, see one model's facts, card, tree
and openness; fall back to the snapshot's open models when the Hub cannot be reached."""

import streamlit as st

from llm_atlas import config, hub
from llm_atlas.ui import hub_model, hub_search
from llm_atlas.ui.data import load_catalog_view, load_snapshot

st.title("Hub: open models, live")
st.caption(
    "Searches the Hugging Face Hub as you type. The catalog's snapshot cannot hold every open model: "
    "thousands of fine-tunes appear each week. Results are cached for 10 minutes."
)

endpoint = config.hub_endpoint()
snap = load_snapshot()
catalog = load_catalog_view(snap)

hub_search.init_from_url()
hub_search.render_token_note()
hub_search.render_form()
query = hub_search.current_query()
live_ids = hub_search.render_results(endpoint, query, catalog, snap)

st.subheader("One model")
selected = hub_search.pick_model(live_ids)
st.query_params.from_dict(hub.to_query_params(query, selected))

if not selected:
    st.stop()
if not hub.valid_repo_id(selected):
    st.warning("That is not a Hub repo id (owner/name, letters, digits, '.', '_' and '-').")
    st.stop()
hub_model.render(endpoint, selected, catalog)
