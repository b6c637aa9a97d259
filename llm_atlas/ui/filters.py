"""Catalog filter widgets shared by pages, kept in sync with st.query_params."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from llm_atlas import urlstate
from llm_atlas.text import escape_markdown
from llm_atlas.views import explore, filter_params
from llm_atlas.views.explore import FILTER_LABELS, PRESETS, Filters
from llm_atlas.views.summary import TASK_LABELS

KEY = "f_"  # widget keys: f_tasks, f_openness, ...
_DEFAULTS = Filters()


def _set_state(filters: Filters) -> None:
    for name in explore.Filters.__dataclass_fields__:
        value = getattr(filters, name)
        if name in ("date_from", "date_to"):
            value = dt.date.fromisoformat(value) if value else None
        elif isinstance(value, tuple):
            value = list(value)
        st.session_state[KEY + name] = value


def init_from_url(
    page: str, vocab: dict[str, set[str]], own_keys: tuple[str, ...] = (), defaults: Filters | None = None
) -> str | None:
    """On a session's first visit to `page`, load filters from the URL if it has any (otherwise the
    ones set on another page stay, or `defaults` when no page set any); return the model id in the URL.

    `own_keys` are the page's own view parameters, read by the page itself.
    """
    flag = f"_url_loaded_{page}"
    if st.session_state.get(flag):
        return st.session_state.get("selected_model")
    st.session_state[flag] = True
    params = {k: st.query_params.get_all(k) for k in st.query_params if k not in own_keys}
    filters, model, notices = filter_params.from_query_params(params, vocab)
    if filters != _DEFAULTS:  # a shared link's filters win; a URL with none keeps the person's own
        _set_state(filters)
    elif defaults is not None and not any(KEY + name in st.session_state for name in Filters.__dataclass_fields__):
        _set_state(defaults)  # the page's opinionated opening view (e.g. chat models only)
    st.session_state["url_notices"] = notices
    st.session_state["selected_model"] = model
    return model


def keep_across_pages() -> None:
    """Call on every run, before the page: Streamlit forgets a widget's value when a run does not
    draw it (another page), and the filter widgets' ids differ per page. Setting each value
    through the Session State API keeps it for whichever page draws the filters next."""
    for name in Filters.__dataclass_fields__:
        if KEY + name in st.session_state:
            st.session_state[KEY + name] = st.session_state[KEY + name]


def current() -> Filters:
    values = {}
    for name in explore.Filters.__dataclass_fields__:
        value = st.session_state.get(KEY + name, getattr(_DEFAULTS, name))
        if isinstance(value, list):
            value = tuple(value)
        if isinstance(value, dt.date):
            value = value.isoformat()
        if name == "search":
            value = (value or "").strip()
        values[name] = value
    return Filters(**values)


def clear_filter(name: str) -> None:
    if name == "include_deprecated":  # "clearing" the hiding of deprecated models shows them
        st.session_state[KEY + name] = True
        return
    _set_state(current().without(name))


def apply_preset(key: str) -> None:
    _set_state(PRESETS[key][1])


def _options(values: set[str]) -> list[str]:
    return sorted(values, key=str.lower)


def render(vocab: dict[str, set[str]]) -> Filters:
    """Draw the filter widgets in the sidebar and return the filters they describe."""
    sb = st.sidebar
    sb.subheader("Filters")
    sb.text_input("Search name or id", key=KEY + "search", placeholder="e.g. llama, gpt-4o")
    sb.multiselect("Task", _options(vocab["tasks"]), key=KEY + "tasks", format_func=lambda t: TASK_LABELS.get(t, t))
    sb.multiselect("Openness", list(explore.OPENNESS), key=KEY + "openness")
    sb.multiselect("Licence class", _options(vocab["license_classes"]), key=KEY + "license_classes")
    # A popover, not an expander: a collapsed expander still mounts its twelve widgets in the
    # browser on first render; a popover mounts them when opened (bench/README.md).
    more = [name for name in current().active() if name not in ("search", "tasks", "openness", "license_classes")]
    with sb.popover(f"More filters ({len(more)} set)" if more else "More filters", width="stretch"):
        st.multiselect("Licence", _options(vocab["licenses"]), key=KEY + "licenses")
        st.multiselect("Creator", _options(vocab["creators"]), key=KEY + "creators")
        st.multiselect("Provider (any offer)", _options(vocab["providers"]), key=KEY + "providers")
        st.multiselect("Architecture", list(explore.ARCHITECTURES), key=KEY + "architectures")
        st.checkbox("Mixture of experts only", key=KEY + "moe_only")
        c1, c2 = st.columns(2)
        c1.number_input("Min params (B)", min_value=0.0, value=None, step=1.0, key=KEY + "params_min")
        c2.number_input("Max params (B)", min_value=0.0, value=None, step=1.0, key=KEY + "params_max")
        st.number_input("Min context (tokens)", min_value=0, value=None, step=8192, key=KEY + "context_min")
        st.number_input(
            "Fits in GPU memory (GB)",
            min_value=1.0,
            value=None,
            step=8.0,
            key=KEY + "fits_gb",
            help="16-bit weights + one 8,192-token request's KV cache + 10 %: the Costs page's self-hosting estimate.",
        )
        st.multiselect("Capabilities", list(explore.CAPABILITIES), key=KEY + "capabilities")
        c3, c4 = st.columns(2)
        c3.number_input("Min input $/1M", min_value=0.0, value=None, step=0.1, key=KEY + "price_min")
        c4.number_input("Max input $/1M", min_value=0.0, value=None, step=0.1, key=KEY + "price_max")
        c5, c6 = st.columns(2)
        c5.date_input("Released from", value=None, key=KEY + "date_from")
        c6.date_input("Released until", value=None, key=KEY + "date_to")
        st.checkbox("Has a quality score", key=KEY + "scored_only")
        st.checkbox("Include deprecated models", key=KEY + "include_deprecated")
    return current()


def render_funnel(result: explore.FilterResult, total: int) -> None:
    """How many models each active filter leaves, in the sidebar."""
    if not result.steps:
        st.sidebar.caption(f"All {total:,} models")
        return
    lines = [f"All models: {total:,}"] + [f"→ {FILTER_LABELS[name]}: {left:,}" for name, left in result.steps]
    st.sidebar.caption("  \n".join(lines))


def sync_url(filters: Filters, model: str | None, extra: dict[str, str] | None = None) -> None:
    wanted = {**filter_params.to_query_params(filters, model), **(extra or {})}
    if dict(st.query_params.to_dict()) != wanted:
        st.query_params.from_dict(wanted)


def show_url_notices() -> None:
    for notice in st.session_state.pop("url_notices", []):
        show_notice(notice)


def show_notice(notice: str) -> None:
    st.info(escape_markdown(notice), icon=":material/link_off:")


def drop_unknown_params(known: tuple[str, ...] = ()) -> None:
    """Pages with little or no URL state still say what they ignored, and drop it."""
    keys = list(st.query_params)
    for notice in urlstate.unknown_params(keys, known):
        show_notice(notice)
    for key in keys:
        if key not in known:
            del st.query_params[key]
