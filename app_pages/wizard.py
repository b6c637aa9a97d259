"""Wizard: walk the decision tree to an approach, and to candidate models."""

import streamlit as st

from llm_atlas.text import escape_markdown
from llm_atlas.ui import MISSING
from llm_atlas.ui.columns import config
from llm_atlas.ui.data import load_catalog_view, load_snapshot, load_wizard_tree
from llm_atlas.ui.filters import drop_unknown_params
from llm_atlas.views import wizard, wizard_advice

tree = load_wizard_tree()
snap = load_snapshot()
drop_unknown_params(("path", "examples"))

# The URL is the state: ?path=0.2.1 (option numbers from the root).
if "wizard_path" not in st.session_state:
    raw = st.query_params.get("path")
    try:
        st.session_state.wizard_path = wizard.parse_path(raw)
        wizard.walk(tree, st.session_state.wizard_path)
    except wizard.PathError:
        st.session_state.wizard_path = []
        st.session_state.wizard_notice = "That link's answers do not fit the questions any more; starting over."
    level, notice = wizard_advice.parse_examples(st.query_params.get("examples"))
    st.session_state.wizard_examples = level
    st.session_state.wizard_notice = st.session_state.get("wizard_notice") or notice


def answer(index: int) -> None:
    st.session_state.wizard_path = [*st.session_state.wizard_path, index]
    st.session_state.pop("wizard_check", None)


def back() -> None:
    st.session_state.wizard_path = st.session_state.wizard_path[:-1]


def start_over() -> None:
    st.session_state.wizard_path = []


path = st.session_state.wizard_path
state = wizard.walk(tree, path)
examples = st.session_state.get("wizard_examples")
st.query_params.from_dict(
    ({"path": wizard.format_path(path)} if path else {}) | ({"examples": examples} if examples else {})
)

st.title("Which approach fits?")
st.caption(
    "Answer a few questions: the wizard suggests prompt engineering, RAG, fine-tuning or training from scratch, and models to start with."
)
if notice := st.session_state.pop("wizard_notice", None):
    st.info(notice, icon=":material/link_off:")

with st.container(horizontal=True):
    st.button("Back", icon=":material/arrow_back:", on_click=back, disabled=not path)
    st.button("Start over", icon=":material/restart_alt:", on_click=start_over, disabled=not path)

if state.steps:  # at an answer, folded to one line so the advice comes first on a phone
    box = st.expander(f"Your {len(state.steps)} answers") if state.node is None else st.container()
    box.markdown("**Your answers so far**")
    box.markdown("\n".join(f"{i}. {q} — *{a}*" for i, (q, a) in enumerate(state.steps, 1)))

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
    st.markdown("**How your answers shaped this**\n" + "\n".join(f"- {n}" for n in state.notes))
    if rec.gate:
        st.warning(rec.gate, icon=":material/block:")
    st.markdown("**Next steps**\n" + "\n".join(f"- {s}" for s in rec.steps))
    if rec.approach in wizard_advice.TEXT_APPROACHES:
        st.radio("Labelled examples you have (a question with a good answer)", list(wizard_advice.EXAMPLE_CHOICES),
                 key="wizard_examples", horizontal=True, format_func=wizard_advice.EXAMPLE_CHOICES.get)  # fmt: skip
        if advice := wizard_advice.example_advice(tree, rec, st.session_state.wizard_examples):
            st.info(f"**Your examples:** {advice}", icon=":material/checklist:")
    prepared = load_catalog_view(snap)
    pair = wizard_advice.rag_pair(snap, prepared, rec)
    if len(pair):
        lines = [f"- **{r.role}: {escape_markdown(r.name)}**  \n  {escape_markdown(r.why)}"
                 for r in pair.itertuples()]  # fmt: skip
        st.markdown("**The two models RAG needs**\n" + "\n".join(lines))
    st.markdown("**What each approach costs**")
    st.dataframe(wizard.tradeoff_table(tree), hide_index=True, width="stretch", placeholder=MISSING)
    st.markdown("**Candidate models from the snapshot**")
    candidates = wizard.candidates(prepared, snap.offers, rec)
    st.dataframe(candidates, hide_index=True, width="stretch", placeholder=MISSING,
                 column_config=config(candidates.columns, pinned=("name",), labels={"model_id": "Model id"}))  # fmt: skip
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
