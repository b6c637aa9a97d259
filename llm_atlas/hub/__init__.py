"""The Hub page's logic, pure Python (no Streamlit); every Hub call goes through the `HfApi` passed in:
`search` (live search), `urlstate` (query parameters), `model` (facts, tree, openness), `card` (safe card),
`client` (deadlines and errors), `fallback` (the snapshot when the Hub is out of reach)."""

from llm_atlas.hub.card import CARD_MAX_CHARS, fetch_card, safe_card
from llm_atlas.hub.client import HubTimeoutError, describe_error, with_deadline
from llm_atlas.hub.fallback import catalog_entries, snapshot_open_models
from llm_atlas.hub.model import (
    KNOWN,
    NOT_STATED,
    RELATIONS,
    TREE_CAP,
    TREE_TOP,
    Branch,
    ModelFacts,
    card_metadata,
    eval_results,
    fact_rows,
    model_facts,
    model_tree,
    openness_checklist,
)
from llm_atlas.hub.search import (
    LIBRARIES,
    LICENCES,
    LIST_EXPAND,
    MAX_PAGES,
    PAGE_SIZE,
    SORTS,
    TASKS,
    HubQuery,
    SearchPage,
    hub_url,
    list_kwargs,
    listing_row,
    num_parameters,
    search,
)
from llm_atlas.hub.urlstate import URL_KEYS, from_query_params, to_query_params, valid_repo_id

__all__ = [
    "CARD_MAX_CHARS", "KNOWN", "LIBRARIES", "LICENCES", "LIST_EXPAND", "MAX_PAGES", "NOT_STATED", "PAGE_SIZE",
    "RELATIONS", "SORTS", "TASKS", "TREE_CAP", "TREE_TOP", "URL_KEYS", "Branch", "HubQuery", "HubTimeoutError",
    "ModelFacts", "SearchPage", "card_metadata", "catalog_entries", "describe_error", "eval_results", "fact_rows",
    "fetch_card", "from_query_params", "hub_url", "list_kwargs", "listing_row", "model_facts", "model_tree",
    "num_parameters", "openness_checklist", "safe_card", "search", "snapshot_open_models", "to_query_params",
    "valid_repo_id", "with_deadline",
]  # fmt: skip
