"""Sources: every source, what it gives, licence and attribution, data date, status, and a refresh."""

import streamlit as st

from llm_atlas import config
from llm_atlas.pipeline.refresh import refresh
from llm_atlas.ui import MISSING
from llm_atlas.ui.data import load_snapshot
from llm_atlas.ui.filters import drop_unknown_params
from llm_atlas.views import sources, summary

snap = load_snapshot()
drop_unknown_params()
numbers = summary.headline_numbers(snap)

st.title("Sources")
st.caption(f"Snapshot built {snap.built_at.replace('T', ' ')[:16]} UTC. Every figure in the app names its source.")
if stale := sources.stale_warnings(sources.table(snap)):  # one box, a line per source
    st.warning("**Older than six months**\n" + "\n".join(f"- {line}" for line in stale), icon=":material/schedule:")

cols = st.columns(5)
cols[0].metric("Models", f"{numbers['models']:,}")
cols[1].metric("Open weights", f"{numbers['open_weights']:,}")
cols[2].metric("With a price", f"{numbers['priced']:,}")
cols[3].metric("With a quality score", f"{numbers['scored']:,}")
cols[4].metric("Sources", numbers["sources"])

table = sources.table(snap)
st.dataframe(
    table[["title", "gives", "status", "data_as_of", "age_days", "models", "license", "attribution", "homepage"]],
    hide_index=True,
    width="stretch",
    column_config={
        "title": st.column_config.TextColumn("Source", pinned=True),
        "gives": "What it gives",
        "status": "Status",
        "data_as_of": "Data as of",
        "age_days": st.column_config.NumberColumn("Age (days)"),
        "models": st.column_config.NumberColumn("Models", format="localized"),
        "license": "Licence",
        "attribution": "Attribution",
        "homepage": st.column_config.LinkColumn("Homepage"),
    },
    placeholder=MISSING,
)
for row in table[table["status"] != "ok"].itertuples():
    st.warning(f"{row.source} is {row.status}: {row.reason}", icon=":material/warning:")

with st.expander("Coverage by task, openness and licence"):
    left, right = st.columns(2)
    tasks = summary.counts_by_task(snap.models)
    left.dataframe(tasks[["label", "models"]], hide_index=True, width="stretch", placeholder=MISSING)
    right.dataframe(summary.openness_counts(snap.models), hide_index=True, width="stretch", placeholder=MISSING)
    right.dataframe(
        summary.counts_by(snap.models, "license_class"), hide_index=True, width="stretch", placeholder=MISSING
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
