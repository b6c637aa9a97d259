"""A model card made safe to render: front matter, HTML and non-http(s) links removed, length capped."""

from __future__ import annotations

import re

from huggingface_hub import HfApi, hf_hub_url
from huggingface_hub.utils import build_hf_headers, get_session

CARD_MAX_CHARS = 20_000

# --- the card -----------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*(\n|\Z)", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)
_HTML_BLOCK = re.compile(r"<(script|style|iframe|object|embed|svg|math|template)\b.*?(</\1\s*>|\Z)", re.I | re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<[!?][^>]*>")
# [label](url "title"); the url may hold one level of balanced parentheses.
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+).*$", re.MULTILINE)


def fetch_card(api: HfApi, repo_id: str, timeout: float = 10.0) -> str:
    """The repo's README.md text, through huggingface_hub's own HTTP client."""
    url = hf_hub_url(repo_id, "README.md", endpoint=api.endpoint)
    response = get_session().get(url, headers=build_hf_headers(token=api.token), timeout=timeout)
    if response.status_code == 404:
        return ""
    response.raise_for_status()
    return response.text


def safe_card(text: str) -> str:
    """A model card as Markdown with no raw HTML and only http(s) links and images."""
    text = _FRONT_MATTER.sub("", text or "", count=1)
    text = _HTML_COMMENT.sub("", text)
    text = _HTML_BLOCK.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _LINK.sub(_safe_link, text)
    text = _REF_DEF.sub(lambda m: m.group(0) if _is_http(m.group(1)) else "", text)
    if len(text) > CARD_MAX_CHARS:
        text = text[:CARD_MAX_CHARS] + "\n\n*(card cut here; read the rest on the Hub)*"
    return text.strip()


def _is_http(url: str) -> bool:
    return url.lower().startswith(("https://", "http://"))


def _safe_link(match: re.Match) -> str:
    bang, label, url = match.groups()
    if not _is_http(url):
        return label
    # Images become links: a card should not make the reader's browser fetch third-party images.
    return f"[{'image: ' if bang else ''}{label or url}]({url})"
