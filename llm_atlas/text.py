"""Text from outside (a URL, an upstream name) shown on a page stays plain text."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def without_control(text: str) -> str:
    """`text` with every control character shown as '?'."""
    return _CONTROL.sub("?", text)


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text))


def escape_markdown(text: str) -> str:
    """Text from a URL shown through st.markdown/st.info stays text: no links, no emphasis,
    no LaTeX, no HTML (which Streamlit escapes anyway)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", without_control(text))
