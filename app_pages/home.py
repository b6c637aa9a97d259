"""Home: "What are you building?" Each card shows its top picks, with why, and opens the page that answers it."""

import streamlit as st

from llm_atlas.text import escape_markdown
from llm_atlas.ui.data import load_home_picks, load_metrics, load_snapshot
from llm_atlas.ui.filters import drop_unknown_params
from llm_atlas.views import home

snap = load_snapshot()
drop_unknown_params()
picks = load_home_picks(snap)
boards = set(load_metrics(snap))

st.title("LLM Atlas")
st.markdown(
    "**What are you building?** Pick the closest; each card's picks come from the bundled data, with the figures "
    "and their dates, and its link opens the page that answers it, already filtered."
)
columns = st.columns(2)
for i, use in enumerate(home.USE_CASES):
    with columns[i % 2].container(border=True):
        st.subheader(use.title)
        st.caption(use.blurb)
        lines = [f"- **{p.kind}: {escape_markdown(p.name)}**  \n  {escape_markdown(p.why)}" for p in picks[use.key]]
        st.markdown("\n".join(lines) if lines else "No model in the data answers this yet.")
        page, params = home.link_for(use, boards)
        st.page_link(page, label=f"Open: {use.title.lower()}", icon=":material/arrow_forward:", query_params=params)
        if use.extra_link:
            page, label, params = use.extra_link
            st.page_link(page, label=label, icon=":material/alt_route:", query_params=params)

st.caption("Where the figures come from, how fresh they are, and a refresh: see Sources.")
st.page_link("app_pages/sources.py", label="Sources", icon=":material/database:")
