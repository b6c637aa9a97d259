"""Screening URL query parameters, shared by every page: a parameter a page may parse is known,
given once, short and free of control characters; anything else is named in a notice, never echoed
back raw, and nothing here raises. Each page keeps its own parameter names and parsing."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Container, Iterable, Iterator, Mapping

from llm_atlas.text import escape_markdown, has_control, without_control

MAX_PARAM_CHARS = 200
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def shown_key(key: str) -> str:
    """A parameter name as a notice may show it: control characters replaced, at most 40 characters."""
    return without_control(key)[:40]


def echo(value: object, limit: int) -> str:
    """A parameter's value as a notice may show it: cut to `limit` characters, Markdown escaped."""
    return escape_markdown(str(value)[:limit])


def unknown_notice(key: str) -> str:
    return f"Unknown parameter '{shown_key(key)}' ignored."


def unknown_params(keys: Iterable[str], known: Container[str]) -> list[str]:
    """Notices for URL parameters a page does not read."""
    return [unknown_notice(k) for k in keys if k not in known]


def screened(params: Mapping[str, list[str]], known: Container[str]) -> Iterator[tuple[str, str | None, str | None]]:
    """Each URL parameter in order, as (key, its one value, None) when a page may parse it, or
    (key, None, notice) when it is unknown, repeated, over-long or has control characters."""
    for key, raw_values in params.items():
        shown = shown_key(key)
        if key not in known:
            yield key, None, unknown_notice(key)
        elif len(raw_values) != 1:
            yield key, None, f"Parameter '{shown}' given {len(raw_values)} times; ignored."
        elif len(raw_values[0]) > MAX_PARAM_CHARS or has_control(raw_values[0]):
            yield key, None, f"Parameter '{shown}' is too long or has control characters; ignored."
        else:
            yield key, raw_values[0], None


def is_date(text: str) -> bool:
    """A real day written YYYY-MM-DD (2024-13-45 has the shape and is not one)."""
    if not _DATE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def number_between(raw: str, low: float, high: float) -> float | None:
    """`raw` as a finite number from `low` to `high`, else None."""
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def split_list(raw: str) -> tuple[str, ...]:
    """'a, b,,a' -> ('a', 'b'): a comma-separated value's items, stripped, blanks and repeats dropped."""
    return tuple(dict.fromkeys(x.strip() for x in raw.split(",") if x.strip()))
