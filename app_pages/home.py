"""Home: what the data covers, how fresh it is, and a refresh."""

import plotly.express as px
import streamlit as st

from llm_atlas import config, summary
from llm_atlas.refresh import refresh
from llm_atlas.ui import MISSING
from llm_atlas.ui.data import load_snapshot
from llm_atlas.ui.filters import drop_unknown_params

snap = load_snapshot()
drop_unknown_params()
numbers = summary.headline_numbers(snap)

st.title("LLM Atlas")
st.write(
    "Choose a generative model, and an approach, from real data: prices from LiteLLM, OpenRouter, models.dev and llm-stats; "
    "quality from LMArena, Aider, Artificial Analysis, llm-stats and the Open LLM Leaderboard; "
    "open models from the Hugging Face Hub."
)
cols = st.columns(5)
cols[0].metric("Models", f"{numbers['models']:,}")
cols[1].metric("Open weights", f"{numbers['open_weights']:,}")
cols[2].metric("With a price", f"{numbers['priced']:,}")
cols[3].metric("With a quality score", f"{numbers['scored']:,}")
cols[4].metric("Sources", numbers["sources"])

left, middle, right = st.columns(3)
with left:
    st.subheader("By task")
    tasks = summary.counts_by_task(snap.models)
    fig = px.bar(
        tasks, x="models", y="label", orientation="h", log_x=True, labels={"label": "", "models": "models (log scale)"}
    )
    fig.update_layout(height=360, margin=dict(l=0, r=0, t=10, b=0), yaxis={"categoryorder": "total ascending"})
    st.plotly_chart(fig, width="stretch", key="home_tasks")
with middle:
    st.subheader("By openness and licence")
    st.dataframe(summary.openness_counts(snap.models), hide_index=True, width="stretch", placeholder=MISSING)
    st.dataframe(
        summary.counts_by(snap.models, "license_class"),
        hide_index=True,
        width="stretch",
        column_config={"license_class": st.column_config.TextColumn("Licence class")},
        placeholder=MISSING,
    )
with right:
    st.subheader("By source")
    st.dataframe(summary.counts_by_source(snap.models), hide_index=True, width="stretch", placeholder=MISSING)

st.subheader("Freshness")
st.dataframe(
    summary.source_status(snap),
    hide_index=True,
    width="stretch",
    # Licence and attribution before the timestamps: a source's terms must be seen, not scrolled to.
    column_order=[
        "source",
        "status",
        "data_as_of",
        "rows",
        "license",
        "attribution",
        "reason",
        "homepage",
        "fetched_at",
    ],
    column_config={
        "license": st.column_config.TextColumn("Licence"),
        "attribution": st.column_config.TextColumn("Attribution"),
        "homepage": st.column_config.LinkColumn("Homepage"),
        "data_as_of": st.column_config.TextColumn("Data as of"),
        "fetched_at": st.column_config.TextColumn("Fetched at (UTC)"),
        "rows": st.column_config.NumberColumn("Rows", format="%d"),
    },
    placeholder=MISSING,
)

if st.button("Refresh data from the live sources", icon=":material/refresh:"):
    with st.status("Refreshing sources…", expanded=True) as status:
        lines = {}
        placeholder = st.empty()

        def progress(name: str, state: str, message: str) -> None:
            mark = {"ok": ":material/check:", "failed": ":material/close:"}.get(state, ":material/hourglass_empty:")
            lines[name] = f"{mark} **{name}**: {message}"
            placeholder.markdown("  \n".join(lines.values()))

        result = refresh(config.cache_dir(), base_dir=snap.path, base_url=config.upstream_base(), progress=progress)
        if result.failed:
            label = f"Refreshed {len(result.refreshed)} of {len(result.outcomes)} sources; the others keep their last good data"
            status.update(label=label, state="error" if not result.refreshed else "complete")
        else:
            status.update(label="All sources refreshed", state="complete")
    for name in result.failed:
        st.warning(f"{name}: {result.outcomes[name].reason}. Its previous data is still in use.")
    load_snapshot.clear()
