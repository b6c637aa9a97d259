"""Graders and statistics, checked against values worked out by hand."""

import pytest

from llm_atlas.evaluate import graders, stats
from llm_atlas.evaluate.graders import grade


def test_exact_and_contains():
    assert grade("exact", "  Paris \n", "Paris").passed is True
    assert grade("exact", "paris", "Paris").passed is False
    assert grade("contains", "The capital is PARIS.", "paris").passed is True
    assert grade("contains", "Lyon", "Paris").passed is False
    assert grade("exact", "x", None).passed is None


def test_regex_reports_what_matched_and_bad_patterns():
    g = grade("regex", "order #A-1234 shipped", r"[A-Z]-\d{4}")
    assert g.passed is True and "A-1234" in g.why
    assert grade("regex", "nothing", r"\d+").passed is False
    bad = grade("regex", "x", "(unclosed")
    assert bad.passed is None and "not a valid regular expression" in bad.why


@pytest.mark.parametrize(
    ("answer", "expected", "passed"),
    [
        ("She makes $18 every day.\n#### 18", "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs...\n#### 18", True),
        ("So the total is 1,234.", "#### 1234", True),  # thousands separator
        ("It takes 2 + 1 = 3 bolts, so 3.", "#### 3", True),  # the last number, not the first
        ("The answer is 70000 dollars", "#### 70000", True),
        ("#### 17", "#### 18", False),
        ("No idea.", "#### 18", False),
        ("-5 degrees", "-5", True),
        ("It takes 5-7 days, so 7", "#### 7", True),
        ("16-3-4=9 eggs", "#### 9", True),
        ("a range of 5-7", "#### -7", False),
        ("3.5", "3.50001", False),  # default tolerance is 1e-6 absolute
    ],
)
def test_numeric_gsm8k(answer, expected, passed):
    assert grade("numeric", answer, expected).passed is passed


def test_numeric_tolerance_and_why():
    g = grade("numeric", "about 3.14", "3.1416", tolerance=0.01)
    assert g.passed is True and "3.14" in g.why
    assert grade("numeric", "x", "no number here").passed is None


def test_json_and_schema_subset():
    assert grade("json", '```json\n{"a": 1}\n```', None).passed is True
    bad = grade("json", "{a: 1}", None)
    assert bad.passed is False and "not valid JSON" in bad.why
    schema = '{"type": "object", "required": ["name", "age"], "additionalProperties": false, "properties": {"name": {"type": "string", "minLength": 1}, "age": {"type": "integer", "minimum": 0}, "tags": {"type": "array", "items": {"enum": ["a", "b"]}}}}'
    assert grade("json_schema", '{"name": "Ann", "age": 31, "tags": ["a"]}', schema).passed is True
    assert "lacks 'age'" in grade("json_schema", '{"name": "Ann"}', schema).why
    assert "not integer" in grade("json_schema", '{"name": "Ann", "age": 3.5}', schema).why
    assert "unexpected 'x'" in grade("json_schema", '{"name": "A", "age": 1, "x": 0}', schema).why
    assert "$.tags[0]" in grade("json_schema", '{"name": "A", "age": 1, "tags": ["z"]}', schema).why
    assert "out of range" in grade("json_schema", '{"name": "A", "age": -1}', schema).why
    unsupported = grade("json_schema", '{"a": 1}', '{"type": "object", "oneOf": []}')
    assert unsupported.passed is True and "not checked: oneOf" in unsupported.why


def test_judge_score_parsing():
    assert graders.parse_judge("Reasoning...\nSCORE: 8").passed is True
    g = graders.parse_judge("score = 6/10")
    assert g.passed is False and g.score == 6
    assert graders.parse_judge("Score: 3. Later: SCORE: 9").score == 9  # the last one counts
    assert graders.parse_judge("great answer").passed is None
    assert graders.parse_judge("SCORE: 12").passed is None
    msgs = graders.judge_prompt("2+2?", "4", "4", "be strict")
    assert "be strict" in msgs[1]["content"] and "SCORE" in msgs[0]["content"]


def test_wilson_by_hand():
    # 8 of 10, z = 1.96: centre (0.8 + 0.19208) / 1.38415 = 0.71674, half 0.22658
    low, high = stats.wilson(8, 10)
    assert low == pytest.approx(0.49016, abs=1e-4) and high == pytest.approx(0.94332, abs=1e-4)
    low, high = stats.wilson(0, 10)
    assert low == pytest.approx(0.0) and high == pytest.approx(0.27753, abs=1e-4)
    low, high = stats.wilson(10, 10)
    assert low == pytest.approx(0.72247, abs=1e-4) and high == pytest.approx(1.0)
    assert stats.wilson(0, 0) == (None, None)


def test_percentile_nearest_rank():
    assert stats.percentile([float(i) for i in range(1, 11)], 50) == 5.0
    assert stats.percentile([float(i) for i in range(1, 11)], 95) == 10.0
    assert stats.percentile([0.4, 0.1, 0.2], 50) == 0.2
    assert stats.percentile([], 50) is None


def test_every_bundled_gsm8k_reference_passes_against_itself():
    from llm_atlas.evaluate.cases import gsm8k_sample

    for case in gsm8k_sample():
        assert grade("numeric", case.expected, case.expected).passed is True, case.case_id
