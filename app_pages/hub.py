"""Hub: search open models live on the Hugging Face Hub, see one model's facts, card, tree
and openness; fall back to the snapshot's open models when the Hub cannot be reached."""

import pandas as pd
import streamlit as st

from llm_atlas import config, hub
from llm_atlas.hub import HubQuery
from llm_atlas.ui import MISSING
from llm_atlas.ui import hub as hub_ui
from llm_atlas.ui.data import load_catalog_view, load_snapshot, load_source_status
from llm_atlas.ui.filters import show_notice

KEY = "hub_"
GATED = {"any": None, "not gated": False, "gated": True}
NO_CHOICE = "any"

st.title("Hub: open models, live")
st.caption(
    "Searches the Hugging Face Hub as you type. The catalog's snapshot cannot hold every open model: "
    "thousands of fine-tunes appear each week. Results are cached for 10 minutes."
)

endpoint = config.hub_endpoint()
snap = load_snapshot()
catalog = load_catalog_view(snap)

# First visit in this session: the URL sets the widgets (shareable links).
if not st.session_state.get(KEY + "url_loaded"):
    st.session_state[KEY + "url_loaded"] = True
    url_query, url_model, notices = hub.from_query_params({k: st.query_params.get_all(k) for k in st.query_params})
    st.session_state.update(
        {
            KEY + "search": url_query.search,
            KEY + "task": url_query.task or NO_CHOICE,
            KEY + "licence": url_query.licence or NO_CHOICE,
            KEY + "library": url_query.library or NO_CHOICE,
            KEY + "params_min": url_query.params_min_b,
            KEY + "params_max": url_query.params_max_b,
            KEY + "gated": next(k for k, v in GATED.items() if v == url_query.gated),
            KEY + "sort": url_query.sort,
            KEY + "page": url_query.page,
            KEY + "model": url_model,
            KEY + "notices": notices,
        }
    )
for notice in st.session_state.pop(KEY + "notices", []):
    show_notice(notice)

if hub_ui.hub_token():
    st.caption(":material/key: Using your Hugging Face token (gated models, higher rate limits).")
else:
    st.caption(":material/public: No Hugging Face token: public models only. Set HF_TOKEN to see gated ones.")


def reset_page() -> None:
    st.session_state[KEY + "page"] = 1


with st.container(border=True):
    row1 = st.columns([3, 2, 2, 2])
    row1[0].text_input("Search model names", key=KEY + "search", placeholder="e.g. llama", on_change=reset_page)
    row1[1].selectbox(
        "Task",
        [NO_CHOICE, *hub.TASKS],
        key=KEY + "task",
        format_func=lambda t: hub.TASKS.get(t, "any task"),
        on_change=reset_page,
    )
    row1[2].selectbox("Licence", [NO_CHOICE, *hub.LICENCES], key=KEY + "licence", on_change=reset_page)
    row1[3].selectbox("Library", [NO_CHOICE, *hub.LIBRARIES], key=KEY + "library", on_change=reset_page)
    row2 = st.columns([2, 2, 2, 2, 1])
    row2[0].number_input(
        "Min parameters (B)", min_value=0.0, max_value=1e5, value=None, key=KEY + "params_min", on_change=reset_page
    )
    row2[1].number_input(
        "Max parameters (B)", min_value=0.0, max_value=1e5, value=None, key=KEY + "params_max", on_change=reset_page
    )
    row2[2].selectbox("Gated", list(GATED), key=KEY + "gated", on_change=reset_page)
    row2[3].selectbox("Sort by", list(hub.SORTS), key=KEY + "sort", on_change=reset_page)
    row2[4].number_input("Page", min_value=1, max_value=hub.MAX_PAGES, step=1, key=KEY + "page")


def choice(name: str) -> str | None:
    value = st.session_state[KEY + name]
    return None if value == NO_CHOICE else value


query = HubQuery(
    search=(st.session_state[KEY + "search"] or "").strip(),
    task=choice("task"),
    licence=choice("licence"),
    library=choice("library"),
    params_min_b=st.session_state[KEY + "params_min"],
    params_max_b=st.session_state[KEY + "params_max"],
    gated=GATED[st.session_state[KEY + "gated"]],
    sort=st.session_state[KEY + "sort"],
    page=int(st.session_state[KEY + "page"]),
)

LINK = st.column_config.LinkColumn("Model", display_text=r"https://huggingface\.co/(.*)")
RESULT_COLUMNS = {
    "url": LINK,
    "task": st.column_config.TextColumn("Task"),
    "licence": st.column_config.TextColumn("Licence"),
    "params_b": st.column_config.NumberColumn("Parameters", format="%.2f B"),
    "downloads": st.column_config.NumberColumn("Downloads (30 d)", format="localized"),
    "likes": st.column_config.NumberColumn("Likes", format="localized"),
    "gated": st.column_config.TextColumn("Gated"),
    "library": st.column_config.TextColumn("Library"),
    "updated": st.column_config.TextColumn("Updated"),
}

live_ids: list[str] = []
try:
    with st.spinner("Asking the Hugging Face Hub…"):
        result = hub_ui.search(endpoint, hub_ui.query_fields(query))
except Exception as exc:  # every Hub failure ends here: say so, serve the snapshot
    st.warning(hub.describe_error(exc), icon=":material/cloud_off:")
    fallback = hub.snapshot_open_models(catalog, query)
    as_of = load_source_status(snap).set_index("source")["data_as_of"]
    st.info(
        f"Showing the snapshot's open-weights models instead: {len(fallback)} match. Snapshot built "
        f"{snap.built_at[:10]}; Open LLM Leaderboard data of {as_of.get('oll') or 'unknown date'}, Hub data of "
        f"{as_of.get('hub') or 'unknown date'}. Downloads and likes are as of then.",
        icon=":material/inventory_2:",
    )
    st.dataframe(
        fallback.drop(columns=["id", "model_id"]),
        hide_index=True,
        column_order=["url", "task", "licence", "params_b", "downloads", "likes"],
        column_config=RESULT_COLUMNS,
        placeholder=MISSING,
    )
    live_ids = fallback["id"].tolist()
else:
    rows = result.rows
    first = (result.page - 1) * hub.PAGE_SIZE + 1
    if rows.empty:
        st.info("The Hub has no models matching these filters on this page. Loosen a filter or go back a page.")
    else:
        more = " More match: raise the page number." if result.more else ""
        st.caption(f"Models {first}–{first + len(rows) - 1} from the Hub, sorted by {query.sort}.{more}")
        st.dataframe(
            rows.drop(columns=["id"]),
            hide_index=True,
            column_order=list(RESULT_COLUMNS),
            column_config=RESULT_COLUMNS,
            placeholder=MISSING,
        )
    live_ids = rows["id"].tolist()

st.subheader("One model")
current = st.session_state.get(KEY + "model")
options = list(dict.fromkeys([*([current] if current else []), *live_ids]))
selected = st.selectbox(
    "Open a model (pick one above or type a repo id, e.g. HuggingFaceH4/zephyr-7b-beta)",
    options,
    accept_new_options=True,
    placeholder="owner/name",
    key=KEY + "model",
)

st.query_params.from_dict(hub.to_query_params(query, selected))

if not selected:
    st.stop()
if not hub.valid_repo_id(selected):
    st.warning("That is not a Hub repo id (owner/name, letters, digits, '.', '_' and '-').")
    st.stop()


def show_catalog(repo_ids: list[str]) -> None:
    entries = hub.catalog_entries(catalog, repo_ids)
    if entries.empty:
        st.caption("Not in the LLM Atlas catalog: no scores or prices recorded for it.")
        return
    st.markdown("**In the LLM Atlas catalog**")
    for entry in entries.itertuples():
        scores = f"{entry.n_scores} scores" if pd.notna(entry.n_scores) else "no scores"
        price = f"${entry.price_in_usd_mtok:.4g} in / ${entry.price_out_usd_mtok:.4g} out per 1M tokens"
        price = price if pd.notna(entry.price_in_usd_mtok) else "no price"
        st.page_link(
            "app_pages/explore.py",
            label=f"{entry.name}: {scores}, {price}; open its detail in Explore",
            icon=":material/table_view:",
            query_params={"model": entry.model_id},
        )


try:
    with st.spinner(f"Reading {selected} from the Hub…"):
        facts = hub_ui.model_facts(endpoint, selected)
except Exception as exc:
    st.warning(hub.describe_error(exc, selected), icon=":material/cloud_off:")
    show_catalog([selected])
    st.stop()

info = facts.info
st.markdown(f"### [{facts.id}]({hub.hub_url(facts.id)})")
left, right = st.columns(2)
with left:
    st.dataframe(
        pd.DataFrame(hub.fact_rows(facts), columns=["Fact", "Value"]),
        hide_index=True,
        width="stretch",
        placeholder=MISSING,
    )
    show_catalog([facts.id, facts.requested])
with right:
    st.markdown("**How open is it?** What the Hub metadata shows of the five things a fully open model publishes.")
    checklist = hub.openness_checklist(info)
    st.dataframe(
        checklist,
        hide_index=True,
        column_config={
            "item": st.column_config.TextColumn("Item"),
            "status": st.column_config.TextColumn("Status"),
            "evidence": st.column_config.TextColumn("Evidence", width="large"),
        },
        placeholder=MISSING,
    )
    known = int((checklist["status"] == hub.KNOWN).sum())
    st.caption(f"{known} of {len(checklist)} known from metadata. 'Not stated' means the metadata is silent, not 'no'.")

if facts.providers is None:
    st.caption(facts.providers_note or "The Hub lists no inference providers for this model.")
elif facts.providers:
    st.markdown("**Served by inference providers**")
    st.dataframe(pd.DataFrame(facts.providers), hide_index=True, placeholder=MISSING)
    st.page_link("app_pages/evaluate.py", label="Try it on your own prompts", icon=":material/fact_check:",
                 query_params={"models": selected})  # fmt: skip
else:
    st.caption("No inference provider serves this model through the Hub.")

evals = hub.eval_results(info)
if not evals.empty:
    with st.expander(f"Evaluation results declared in the card ({len(evals)})"):
        st.dataframe(evals, hide_index=True, placeholder=MISSING)

st.markdown("**Model tree**: the models built on it, by relation (the Hub's base_model tags).")
tree_roots = list(dict.fromkeys([facts.id, *facts.base_models]))
for root in tree_roots:
    try:
        with st.spinner(f"Counting models built on {root}…"):
            tree = hub_ui.model_tree(endpoint, root)
    except Exception as exc:
        st.warning(hub.describe_error(exc, root), icon=":material/cloud_off:")
        continue
    is_base = root != facts.id
    st.markdown(f"{'Its base model ' if is_base else 'This model, '}[{root}]({hub.hub_url(root)}):")
    cols = st.columns(len(hub.RELATIONS))
    for col, (relation, label) in zip(cols, hub.RELATIONS.items(), strict=True):
        branch = tree[relation]
        col.metric(label, branch.label)
        for top in branch.top:
            col.markdown(f"[{top['id']}]({top['url']})")
    if not any(b.count for b in tree.values()):
        st.caption("No model on the Hub declares it as its base.")

with st.expander("Card metadata (YAML header)"):
    st.json(hub.card_metadata(info), expanded=False)
with st.expander("Model card"):
    try:
        card = hub_ui.model_card(endpoint, facts.id)
    except Exception as exc:
        st.warning(hub.describe_error(exc, facts.id), icon=":material/cloud_off:")
    else:
        st.markdown(card or "*This repo has no model card.*")
