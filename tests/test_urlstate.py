"""The shared screening of URL parameters: what passes, and what a notice says instead."""

from __future__ import annotations

from llm_atlas import urlstate
from llm_atlas.text import escape_markdown


def test_screened_names_every_odd_parameter_and_passes_the_rest():
    params = {"a": ["1"], "b": ["1", "2"], "c": ["x" * 201], "d": ["\x07"], "zz\x00": ["1"]}
    out = list(urlstate.screened(params, {"a", "b", "c", "d"}))
    assert out[0] == ("a", "1", None)
    assert [notice for _, _, notice in out[1:]] == [
        "Parameter 'b' given 2 times; ignored.",
        "Parameter 'c' is too long or has control characters; ignored.",
        "Parameter 'd' is too long or has control characters; ignored.",
        "Unknown parameter 'zz?' ignored.",
    ]
    assert urlstate.unknown_params(["a", "q"], {"a"}) == ["Unknown parameter 'q' ignored."]


def test_values_are_parsed_without_raising():
    assert urlstate.split_list(" a, b,,a ") == ("a", "b")
    assert urlstate.number_between("0.5", 0, 1) == 0.5
    assert urlstate.number_between("inf", 0, 1e9) is None and urlstate.number_between("x", 0, 1) is None
    assert urlstate.is_date("2024-02-29") and not urlstate.is_date("2024-13-45") and not urlstate.is_date("2024-1-1")
    assert urlstate.echo("[a](b)" * 10, 6) == escape_markdown("[a](b)")
