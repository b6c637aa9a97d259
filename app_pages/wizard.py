"""Wizard: walk the decision tree to an approach, and to candidate models."""

import streamlit as st

from llm_atlas import wizard
from llm_atlas.ui import MISSING
from llm_atlas.ui.data import load_explore_table, load_snapshot, load_wizard_tree
from llm_atlas.ui.filters import drop_unknown_params

tree = load_wizard_tree()
snap = load_snapshot()
drop_unknown_params(("path",))

# The URL is the state: ?path=0.2.1 (option numbers from the root).
if "wizard_path" not in st.session_state:
    raw = st.query_params.get("path")
    try:
        st.session_state.wizard_path = wizard.parse_path(raw)
        wizard.walk(tree, st.session_state.wizard_path)
    except wizard.PathError:
        st.session_state.wizard_path = []
        st.session_state.wizard_notice = "That link's answers do not fit the questions any more; starting over."


def answer(index: int) -> None:
    st.session_state.wizard_path = [*st.session_state.wizard_path, index]
    st.session_state.pop("wizard_check", None)


def back() -> None:
    st.session_state.wizard_path = st.session_state.wizard_path[:-1]


def start_over() -> None:
    st.session_state.wizard_path = []


path = st.session_state.wizard_path
state = wizard.walk(tree, path)
st.query_params.from_dict({"path": wizard.format_path(path)} if path else {})

st.title("Which approach fits?")
st.caption(
    "Answer a few questions: the wizard suggests prompt engineering, RAG, fine-tuning or training from scratch, and models to start with."
)
if notice := st.session_state.pop("wizard_notice", None):
    st.info(notice, icon=":material/link_off:")

with st.container(horizontal=True):
    st.button("Back", icon=":material/arrow_back:", on_click=back, disabled=not path)
    st.button("Start over", icon=":material/restart_alt:", on_click=start_over, disabled=not path)

if state.steps:
    st.markdown("**Your answers so far**")
    st.markdown("\n".join(f"{i}. {q} — *{a}*" for i, (q, a) in enumerate(state.steps, 1)))

if state.node is not None:
    node = tree.nodes[state.node]
    st.subheader(node["question"])
    st.caption(node["help"])
    for i, option in enumerate(node["options"]):
        st.button(option["label"], key=f"opt_{state.node}_{i}", on_click=answer, args=(i,), width="stretch")
else:
    rec = wizard.recommend(tree, state)
    st.success(f"**{rec.title}** · {rec.hosting_title}", icon=":material/lightbulb:")
    st.markdown(f"**Why:** {rec.why}")
    if rec.gate:
        st.warning(rec.gate, icon=":material/block:")
    st.markdown("**Next steps**\n" + "\n".join(f"- {s}" for s in rec.steps))
    st.markdown("**What each approach costs**")
    st.dataframe(wizard.tradeoff_table(tree), hide_index=True, width="stretch", placeholder=MISSING)
    st.markdown("**Candidate models from the snapshot**")
    prepared = load_explore_table(snap.built_at)
    st.dataframe(
        wizard.candidates(prepared, snap.offers, rec),
        hide_index=True,
        width="stretch",
        column_config={
            "arena_score": st.column_config.NumberColumn("Arena score", format="%.0f"),
            "oll_average": st.column_config.NumberColumn("Open LLM LB avg", format="%.1f"),
            "price_in_usd_mtok": st.column_config.NumberColumn("Input (USD / 1M tokens)", format="$%.4g"),
            "price_per_image_usd": st.column_config.NumberColumn("USD / image", format="$%.4g"),
            "price_per_audio_min_usd": st.column_config.NumberColumn("USD / audio minute", format="$%.4g"),
            "price_per_mchar_usd": st.column_config.NumberColumn("USD / 1M characters", format="$%.4g"),
        },
        placeholder=MISSING,
    )
    params, relaxed = wizard.usable_params(rec, prepared, snap.offers)
    if relaxed:
        st.caption(relaxed)
    st.markdown(f"[See all matching models in Explore]({wizard.explore_link(params)})")
    if rec.hosting == "self-host":
        st.page_link(
            "app_pages/costs.py", label="Estimate what self-hosting an open model costs", icon=":material/payments:"
        )
    else:
        st.page_link("app_pages/costs.py", label="Price your workload on hosted APIs", icon=":material/payments:")

    check = tree.knowledge_check
    with st.expander("Knowledge check", expanded=False):
        picked = st.radio(check["question"], check["options"], index=None, key="wizard_check")
        if picked is not None:
            if check["options"].index(picked) == check["answer"]:
                st.success(f"Right. {check['explanation']}")
            else:
                st.error(f"Not quite: the answer is {check['options'][check['answer']]}. {check['explanation']}")

with st.expander("The whole tree", expanded=False):
    st.graphviz_chart(wizard.to_dot(tree, path), width="stretch")
