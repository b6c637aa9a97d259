"""Uploads: every bad file gets one clear message; good files give cases; the bundled sample."""

import json

import pytest

from llm_atlas.evaluate import cases
from llm_atlas.evaluate.cases import CasesError, parse_upload


def test_csv_with_optional_columns():
    data = b'input,expected,grader\n"What is 2+2?",4,numeric\n"Capital of France?",Paris,\n'
    got = parse_upload("cases.csv", data)
    assert [(c.case_id, c.input, c.expected, c.grader) for c in got] == [
        ("1", "What is 2+2?", "4", "numeric"),
        ("2", "Capital of France?", "Paris", None),
    ]


def test_jsonl_accepts_gsm8k_shape_and_schema_objects():
    lines = [
        json.dumps({"question": "q1", "answer": "#### 3"}),
        json.dumps({"input": "give json", "expected": {"type": "object"}, "grader": "json_schema", "id": "j"}),
    ]
    got = parse_upload("x.jsonl", "\n".join(lines).encode())
    assert got[0].input == "q1" and got[0].expected == "#### 3"
    assert got[1].case_id == "j" and json.loads(got[1].expected) == {"type": "object"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.csv", b"", "empty"),
        ("a.csv", b"question,answer\nq,a\n", "needs an 'input' column"),
        ("a.csv", "input\ncaf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("a.csv", b"input\n", "no cases"),
        ("a.csv", b'input\n""\n', "empty input"),
        ("a.csv", b"input,grader\nq,fuzzy\n", "names grader 'fuzzy'"),
        ("a.csv", b"id,input\n1,a\n1,b\n", "repeats the id"),
        ("a.jsonl", b'{"input": "a"}\n{oops\n', "Line 2 is not valid JSON"),
        ("a.jsonl", b'["input"]\n', "not a JSON object"),
        ("a.txt", b"input\nq\n", ".csv or a .jsonl"),
        ("a.csv", b"input\n" + b"q\n" * (cases.MAX_CASES + 1), "the limit is 1,000"),
        ("a.csv", b"input\n" + b"x" * cases.MAX_BYTES, "bytes; the limit"),
    ],
)
def test_bad_uploads_get_one_clear_message(name, data, message):
    with pytest.raises(CasesError, match=message):
        parse_upload(name, data)


def test_gsm8k_sample_is_the_first_50_test_problems():
    sample = cases.gsm8k_sample()
    assert len(sample) == 50
    first = json.loads(cases.GSM8K_SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    assert sample[0].input == first["question"] and sample[0].expected.endswith("#### 18")
    assert {c.grader for c in sample} == {"numeric"}
    assert cases.digest(sample) == cases.digest(cases.gsm8k_sample())
