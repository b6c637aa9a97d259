"""The Hub page's one model: its facts, openness checklist, inference providers, declared evaluations,
model tree and card, each read from the Hub (a failure is said where it happens)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from llm_atlas import hub
from llm_atlas.ui import MISSING
from llm_atlas.ui import hub as hub_ui
from llm_atlas.ui.columns import config


def show_catalog(catalog: pd.DataFrame, repo_ids: list[str]) -> None:
    """Links to the catalog's entries for these Hub repos (Explore's detail), or say there are none."""
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


def render(endpoint: str, selected: str, catalog: pd.DataFrame) -> None:
    """Everything the Hub says about one repo id, in page order."""
    try:
        with st.spinner(f"Reading {selected} from the Hub…"):
            facts = hub_ui.model_facts(endpoint, selected)
    except Exception as exc:
        st.warning(hub.describe_error(exc, selected), icon=":material/cloud_off:")
        show_catalog(catalog, [selected])
        return
    st.markdown(f"### [{facts.id}]({hub.hub_url(facts.id)})")
    left, right = st.columns(2)
    with left:
        st.dataframe(
            pd.DataFrame(hub.fact_rows(facts), columns=["Fact", "Value"]),
            hide_index=True,
            width="stretch",
            placeholder=MISSING,
        )
        show_catalog(catalog, [facts.id, facts.requested])
    with right:
        _openness(facts.info)
    _providers(facts, selected)
    _evaluations(facts.info)
    _tree(endpoint, facts)
    _card(endpoint, facts)


def _openness(info) -> None:
    st.markdown("**How open is it?** What the Hub metadata shows of the five things a fully open model publishes.")
    checklist = hub.openness_checklist(info)
    st.dataframe(
        checklist,
        hide_index=True,
        column_config=config(checklist.columns, table="hub_openness"),
        placeholder=MISSING,
    )
    known = int((checklist["status"] == hub.KNOWN).sum())
    st.caption(f"{known} of {len(checklist)} known from metadata. 'Not stated' means the metadata is silent, not 'no'.")


def _providers(facts: hub.ModelFacts, selected: str) -> None:
    if facts.providers is None:
        st.caption(facts.providers_note or "The Hub lists no inference providers for this model.")
    elif facts.providers:
        st.markdown("**Served by inference providers**")
        st.dataframe(pd.DataFrame(facts.providers), hide_index=True, placeholder=MISSING)
        st.page_link("app_pages/evaluate.py", label="Try it on your own prompts", icon=":material/fact_check:",
                     query_params={"models": selected})  # fmt: skip
    else:
        st.caption("No inference provider serves this model through the Hub.")


def _evaluations(info) -> None:
    evals = hub.eval_results(info)
    if not evals.empty:
        with st.expander(f"Evaluation results declared in the card ({len(evals)})"):
            st.dataframe(evals, hide_index=True, placeholder=MISSING)


def _tree(endpoint: str, facts: hub.ModelFacts) -> None:
    """The models built on it and on its base models, counted by relation (the Hub's base_model tags)."""
    st.markdown("**Model tree**: the models built on it, by relation (the Hub's base_model tags).")
    for root in dict.fromkeys([facts.id, *facts.base_models]):
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


def _card(endpoint: str, facts: hub.ModelFacts) -> None:
    with st.expander("Card metadata (YAML header)"):
        st.json(hub.card_metadata(facts.info), expanded=False)
    with st.expander("Model card"):
        try:
            card = hub_ui.model_card(endpoint, facts.id)
        except Exception as exc:
            st.warning(hub.describe_error(exc, facts.id), icon=":material/cloud_off:")
        else:
            st.markdown(card or "*This repo has no model card.*")
