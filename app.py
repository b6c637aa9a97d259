"""LLM Atlas: entry point. Page config, navigation and the shared sidebar."""

import streamlit as st

from llm_atlas.pipeline.snapshot import SnapshotError
from llm_atlas.ui import filters as ui_filters
from llm_atlas.ui.data import load_snapshot, render_sidebar

st.set_page_config(page_title="LLM Atlas", page_icon=":material/explore:", layout="wide")

pages = [
    st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True, url_path="home"),
    st.Page("app_pages/explore.py", title="Explore", icon=":material/table_view:", url_path="explore"),
    st.Page(
        "app_pages/quality_cost.py", title="Quality vs cost", icon=":material/scatter_plot:", url_path="quality_cost"
    ),
    st.Page("app_pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("app_pages/costs.py", title="Costs", icon=":material/payments:", url_path="costs"),
    st.Page("app_pages/evaluate.py", title="Evaluate", icon=":material/fact_check:", url_path="evaluate"),
    st.Page("app_pages/trends.py", title="Trends", icon=":material/trending_down:", url_path="trends"),
    st.Page("app_pages/wizard.py", title="Wizard", icon=":material/alt_route:", url_path="wizard"),
    st.Page("app_pages/hub.py", title="Hub", icon=":material/hub:", url_path="hub"),
    st.Page("app_pages/sources.py", title="Sources", icon=":material/database:", url_path="sources"),
]
navigation = st.navigation(pages)

try:
    render_sidebar(load_snapshot())
except SnapshotError as exc:
    st.error(f"No usable data snapshot: {exc}")
    st.stop()

ui_filters.keep_across_pages()  # the sidebar filters follow the person from page to page
navigation.run()
