"""The Hub page's search: widgets seeded from the URL, the query they make, and its results (live from
the Hub, or the snapshot's open models when the Hub cannot be reached)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from llm_atlas import hub
from llm_atlas.hub import HubQuery
from llm_atlas.pipeline.snapshot import Snapshot
from llm_atlas.ui import MISSING
from llm_atlas.ui import hub as hub_ui
from llm_atlas.ui.columns import config
from llm_atlas.ui.data import load_source_status
from llm_atlas.ui.filters import show_notice

KEY = "hub_"
GATED = {"any": None, "not gated": False, "gated": True}
NO_CHOICE = "any"
RESULT_COLUMNS = ["url", "task", "licence", "params_b", "downloads", "likes", "gated", "library", "updated"]
FALLBACK_COLUMNS = ["url", "task", "licence", "params_b", "downloads", "likes"]


def init_from_url() -> None:
    """First visit in this session: the URL sets the widgets (shareable links); its notices are shown."""
    if not st.session_state.get(KEY + "url_loaded"):
        st.session_state[KEY + "url_loaded"] = True
        query, model, notices = hub.from_query_params({k: st.query_params.get_all(k) for k in st.query_params})
        st.session_state.update(
            {
                KEY + "search": query.search,
                KEY + "task": query.task or NO_CHOICE,
                KEY + "licence": query.licence or NO_CHOICE,
                KEY + "library": query.library or NO_CHOICE,
                KEY + "params_min": query.params_min_b,
                KEY + "params_max": query.params_max_b,
                KEY + "gated": next(k for k, v in GATED.items() if v == query.gated),
                KEY + "sort": query.sort,
                KEY + "page": query.page,
                KEY + "model": model,
                KEY + "notices": notices,
            }
        )
    for notice in st.session_state.pop(KEY + "notices", []):
        show_notice(notice)


def render_token_note() -> None:
    if hub_ui.hub_token():
        st.caption(":material/key: Using your Hugging Face token (gated models, higher rate limits).")
    else:
        st.caption(":material/public: No Hugging Face token: public models only. Set HF_TOKEN to see gated ones.")


def _reset_page() -> None:
    st.session_state[KEY + "page"] = 1


def render_form() -> None:
    """The search widgets; changing any filter goes back to page 1."""
    with st.container(border=True):
        row1 = st.columns([3, 2, 2, 2])
        row1[0].text_input("Search model names", key=KEY + "search", placeholder="e.g. llama", on_change=_reset_page)
        row1[1].selectbox(
            "Task",
            [NO_CHOICE, *hub.TASKS],
            key=KEY + "task",
            format_func=lambda t: hub.TASKS.get(t, "any task"),
            on_change=_reset_page,
        )
        row1[2].selectbox("Licence", [NO_CHOICE, *hub.LICENCES], key=KEY + "licence", on_change=_reset_page)
        row1[3].selectbox("Library", [NO_CHOICE, *hub.LIBRARIES], key=KEY + "library", on_change=_reset_page)
        row2 = st.columns([2, 2, 2, 2, 1])
        for column, (bound, key) in zip(row2, (("Min", "params_min"), ("Max", "params_max")), strict=False):
            column.number_input(
                f"{bound} parameters (B)",
                min_value=0.0,
                max_value=1e5,
                value=None,
                key=KEY + key,
                on_change=_reset_page,
            )
        row2[2].selectbox("Gated", list(GATED), key=KEY + "gated", on_change=_reset_page)
        row2[3].selectbox("Sort by", list(hub.SORTS), key=KEY + "sort", on_change=_reset_page)
        row2[4].number_input("Page", min_value=1, max_value=hub.MAX_PAGES, step=1, key=KEY + "page")


def _choice(name: str) -> str | None:
    value = st.session_state[KEY + name]
    return None if value == NO_CHOICE else value


def current_query() -> HubQuery:
    """The search the widgets describe."""
    return HubQuery(
        search=(st.session_state[KEY + "search"] or "").strip(),
        task=_choice("task"),
        licence=_choice("licence"),
        library=_choice("library"),
        params_min_b=st.session_state[KEY + "params_min"],
        params_max_b=st.session_state[KEY + "params_max"],
        gated=GATED[st.session_state[KEY + "gated"]],
        sort=st.session_state[KEY + "sort"],
        page=int(st.session_state[KEY + "page"]),
    )


def render_results(endpoint: str, query: HubQuery, catalog: pd.DataFrame, snap: Snapshot) -> list[str]:
    """The Hub's answer as a table (or the snapshot's, saying so); the repo ids listed."""
    try:
        with st.spinner("Asking the Hugging Face Hub…"):
            result = hub_ui.search(endpoint, hub_ui.query_fields(query))
    except Exception as exc:  # every Hub failure ends here: say so, serve the snapshot
        st.warning(hub.describe_error(exc), icon=":material/cloud_off:")
        return _render_fallback(query, catalog, snap)
    rows = result.rows
    first = (result.page - 1) * hub.PAGE_SIZE + 1
    if rows.empty:
        st.info("The Hub has no models matching these filters on this page. Loosen a filter or go back a page.")
    else:
        more = " More match: raise the page number." if result.more else ""
        st.caption(f"Models {first}–{first + len(rows) - 1} from the Hub, sorted by {query.sort}.{more}")
        _table(rows.drop(columns=["id"]), RESULT_COLUMNS)
    return rows["id"].tolist()


def _render_fallback(query: HubQuery, catalog: pd.DataFrame, snap: Snapshot) -> list[str]:
    fallback = hub.snapshot_open_models(catalog, query)
    as_of = load_source_status(snap).set_index("source")["data_as_of"]
    st.info(
        f"Showing the snapshot's open-weights models instead: {len(fallback)} match. Snapshot built "
        f"{snap.built_at[:10]}; Open LLM Leaderboard data of {as_of.get('oll') or 'unknown date'}, Hub data of "
        f"{as_of.get('hub') or 'unknown date'}. Downloads and likes are as of then.",
        icon=":material/inventory_2:",
    )
    _table(fallback.drop(columns=["id", "model_id"]), FALLBACK_COLUMNS)
    return fallback["id"].tolist()


def _table(rows: pd.DataFrame, order: list[str]) -> None:
    st.dataframe(
        rows,
        hide_index=True,
        column_order=order,
        column_config=config(RESULT_COLUMNS, table="hub_results"),
        placeholder=MISSING,
    )


def pick_model(live_ids: list[str]) -> str | None:
    """The one model to open: picked from the results, typed as a repo id, or from the URL."""
    current = st.session_state.get(KEY + "model")
    options = list(dict.fromkeys([*([current] if current else []), *live_ids]))
    return st.selectbox(
        "Open a model (pick one above or type a repo id, e.g. HuggingFaceH4/zephyr-7b-beta)",
        options,
        accept_new_options=True,
        placeholder="owner/name",
        key=KEY + "model",
    )
