"""Graders: is an answer right, and why. Pure functions of (answer, expected).

JSON schema: a small subset is checked here (no new dependency): type, enum, const, required,
properties, additionalProperties (true/false), items, minItems/maxItems, minLength/maxLength,
minimum/maximum, pattern. Any other keyword is named in the reason as not checked.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

GRADERS = ("exact", "contains", "regex", "numeric", "json", "json_schema", "judge")
GRADER_LABELS = {
    "exact": "Exact match (trimmed)",
    "contains": "Contains the expected text (any case)",
    "regex": "Matches a regular expression",
    "numeric": "Same number, within a tolerance (GSM8K '#### N')",
    "json": "Valid JSON",
    "json_schema": "Valid JSON matching a JSON schema",
    "judge": "LLM judge with a rubric",
}
# A minus sign only where it cannot be a range or a subtraction ("5-7 days" ends in 7, not -7).
NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?|(?<![\w.])-?\.\d+|\d[\d,]*(?:\.\d+)?")
MAX_ANSWER_CHARS = 20_000  # a regex never runs on more than this (bounded work per case)
CHECKED = {"type", "enum", "const", "required", "properties", "additionalProperties", "items", "minItems",
           "maxItems", "minLength", "maxLength", "minimum", "maximum", "pattern", "$schema", "title",
           "description"}  # fmt: skip


@dataclass(frozen=True)
class Grade:
    passed: bool | None  # None: could not be graded (no expected value, bad pattern...)
    why: str
    score: float | None = None  # the judge's parsed score


def grade(kind: str, answer: str, expected: str | None, *, tolerance: float = 1e-6) -> Grade:
    """Grade `answer` with one of GRADERS except "judge" (which needs a model: see judge_prompt)."""
    if kind == "exact":
        if expected is None:
            return Grade(None, "no expected answer to compare with")
        ok = answer.strip() == expected.strip()
        return Grade(ok, "identical after trimming spaces" if ok else "differs from the expected text")
    if kind == "contains":
        if expected is None:
            return Grade(None, "no expected text to look for")
        ok = expected.strip().casefold() in answer.casefold()
        return Grade(ok, f"{'contains' if ok else 'does not contain'} '{_short(expected.strip())}'")
    if kind == "regex":
        return _regex(answer, expected)
    if kind == "numeric":
        return _numeric(answer, expected, tolerance)
    if kind == "json":
        value, why = parse_json(answer)
        return Grade(why is None, why or "valid JSON")
    if kind == "json_schema":
        return _json_schema(answer, expected)
    raise ValueError(f"unknown grader {kind!r}")


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _regex(answer: str, pattern: str | None) -> Grade:
    if not pattern:
        return Grade(None, "no pattern given")
    try:
        rx = re.compile(pattern)
    except re.error as exc:
        return Grade(None, f"the pattern is not a valid regular expression ({exc})")
    found = rx.search(answer[:MAX_ANSWER_CHARS])
    return Grade(bool(found), f"matched '{_short(found.group(0))}'" if found else "no match for the pattern")


def to_number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def final_number(text: str) -> tuple[float | None, str]:
    """The number after the last '####' (GSM8K's convention), else the last number in the text."""
    where = "after '####'" if "####" in text else "last number"
    tail = text.rsplit("####", 1)[1] if "####" in text else text
    found = NUMBER.findall(tail.replace("$", ""))
    if not found:
        return None, where
    pick = found[0] if "####" in text else found[-1]
    return to_number(pick.rstrip(".")), where


def _numeric(answer: str, expected: str | None, tolerance: float) -> Grade:
    if expected is None:
        return Grade(None, "no expected number")
    want, _ = final_number(expected)
    if want is None:
        return Grade(None, "the expected value has no number")
    got, where = final_number(answer)
    if got is None:
        return Grade(False, f"no number in the answer (expected {want:g})")
    ok = math.isclose(got, want, rel_tol=0.0, abs_tol=tolerance)
    return Grade(ok, f"{where} {got:g} {'=' if ok else '≠'} expected {want:g}")


def parse_json(answer: str) -> tuple[object, str | None]:
    """The JSON value in `answer` (one surrounding ``` fence is allowed), or a reason it is not JSON."""
    text = answer.strip()
    fence = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, flags=re.S)
    if fence:
        text = fence.group(1)
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"


def _json_schema(answer: str, schema_text: str | None) -> Grade:
    if not schema_text:
        return Grade(None, "no schema given")
    try:
        schema = json.loads(schema_text)
    except json.JSONDecodeError:
        return Grade(None, "the expected schema is not valid JSON")
    value, why = parse_json(answer)
    if why:
        return Grade(False, why)
    problems: list[str] = []
    skipped: set[str] = set()
    _check(value, schema, "$", problems, skipped)
    note = f" (not checked: {', '.join(sorted(skipped))})" if skipped else ""
    if problems:
        return Grade(False, "; ".join(problems[:3]) + note)
    return Grade(True, "matches the schema" + note)


TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer(),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _check(value, schema, path: str, problems: list[str], skipped: set[str]) -> None:
    if not isinstance(schema, dict):
        return
    skipped.update(set(schema) - CHECKED)
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        if not any(TYPES.get(t, lambda v: True)(value) for t in names):
            problems.append(f"{path} is not {' or '.join(map(str, names))}")
            return
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path} is not one of {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        problems.append(f"{path} is not {schema['const']!r}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{path} lacks '{key}'")
        props = schema.get("properties", {})
        for key, sub in props.items():
            if key in value:
                _check(value[key], sub, f"{path}.{key}", problems, skipped)
        if schema.get("additionalProperties") is False:
            extra = sorted(set(value) - set(props))
            if extra:
                problems.append(f"{path} has unexpected '{extra[0]}'")
    if isinstance(value, list):
        if "items" in schema:
            for i, item in enumerate(value):
                _check(item, schema["items"], f"{path}[{i}]", problems, skipped)
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", math.inf):
            problems.append(f"{path} has {len(value)} items")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", math.inf):
            problems.append(f"{path} has {len(value)} characters")
        if "pattern" in schema:
            try:
                if not re.search(schema["pattern"], value):
                    problems.append(f"{path} does not match {schema['pattern']!r}")
            except re.error:
                skipped.add("pattern (invalid)")
    if TYPES["number"](value) and not schema.get("minimum", -math.inf) <= value <= schema.get("maximum", math.inf):
        problems.append(f"{path} = {value} is out of range")


JUDGE_RUBRIC = "Score 10 when the answer is correct and complete, 0 when it is wrong or missing."
JUDGE_PASS = 7.0


def judge_prompt(question: str, answer: str, expected: str | None, rubric: str = JUDGE_RUBRIC) -> list[dict]:
    """Messages asking a judge model for a 0–10 score on the last line as 'SCORE: n'."""
    reference = f"\n\nReference answer:\n{expected}" if expected else ""
    return [
        {"role": "system", "content": "You grade answers strictly by the rubric. End with a line 'SCORE: n' (0-10)."},
        {
            "role": "user",
            "content": f"Rubric: {rubric}\n\nQuestion:\n{question}{reference}\n\nAnswer to grade:\n{answer}",
        },
    ]


def parse_judge(text: str, pass_at: float = JUDGE_PASS) -> Grade:
    """The judge's 'SCORE: n' (0–10; 'n/10' accepted): passed when n >= pass_at."""
    found = re.findall(r"score\s*[:=]\s*(\d+(?:\.\d+)?)\s*(?:/\s*10)?", text, flags=re.I)
    if not found:
        return Grade(None, "the judge gave no 'SCORE: n' line")
    score = float(found[-1])
    if not 0 <= score <= 10:
        return Grade(None, f"the judge's score {score:g} is outside 0–10")
    return Grade(score >= pass_at, f"judge scored {score:g}/10 (pass at {pass_at:g})", score)
