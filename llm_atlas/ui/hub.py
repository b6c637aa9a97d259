"""The Hub page's Streamlit side: the client (token from secrets or the environment) and
the cached, deadline-bound Hub calls. Errors are raised, so they are never cached."""

from __future__ import annotations

import dataclasses

import streamlit as st
from huggingface_hub import HfApi

from llm_atlas import config, hub
from llm_atlas.hub import client as hub_calls

# The Hub changes by the minute, but a person paging back and forth should not re-ask it.
HUB_TTL_S = 600


def hub_token() -> str | None:
    """HF_TOKEN from st.secrets, else the environment. Only ever handed to HfApi."""
    try:
        token = st.secrets.get("HF_TOKEN")
    except Exception:  # no secrets file at all is the normal case
        token = None
    return token or hub_calls.hub_token()


@st.cache_resource(show_spinner=False)
def hub_client(endpoint: str) -> HfApi:
    return hub_calls.make_api(endpoint, token=hub_token(), read_timeout=config.timeout()[1])


def _call(fn):
    return hub.with_deadline(fn, config.hub_deadline())


@st.cache_data(ttl=HUB_TTL_S, show_spinner=False, max_entries=256)
def search(endpoint: str, query_fields: tuple) -> hub.SearchPage:
    query = hub.HubQuery(*query_fields)
    return _call(lambda: hub.search(hub_client(endpoint), query))


@st.cache_data(ttl=HUB_TTL_S, show_spinner=False, max_entries=256)
def model_facts(endpoint: str, repo_id: str) -> hub.ModelFacts:
    return _call(lambda: hub.model_facts(hub_client(endpoint), repo_id))


@st.cache_data(ttl=HUB_TTL_S, show_spinner=False, max_entries=256)
def model_card(endpoint: str, repo_id: str) -> str:
    return hub.safe_card(_call(lambda: hub.fetch_card(hub_client(endpoint), repo_id)))


@st.cache_data(ttl=HUB_TTL_S, show_spinner=False, max_entries=256)
def model_tree(endpoint: str, repo_id: str) -> dict[str, hub.Branch]:
    return _call(lambda: hub.model_tree(hub_client(endpoint), repo_id))


def query_fields(query: hub.HubQuery) -> tuple:
    return dataclasses.astuple(query)
