"""Test cases from an uploaded CSV or JSONL, or the bundled GSM8K sample.

Each bad upload gets one clear message (CasesError) and nothing changes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from llm_atlas import BUNDLED_DATA_DIR
from llm_atlas.evaluate.graders import GRADERS

MAX_BYTES = 2_000_000
MAX_CASES = 1_000
MAX_INPUT_CHARS = 20_000
GSM8K_SAMPLE = Path(BUNDLED_DATA_DIR) / "eval" / "gsm8k_test_50.jsonl"
GSM8K_ATTRIBUTION = (
    "Sample: the first 50 problems of the GSM8K test set (openai/grade-school-math, "
    "Cobbe et al. 2021), MIT licence, Copyright (c) 2021 OpenAI."
)
# JSONL rows in GSM8K's own shape are accepted as they are.
ALIASES = {"question": "input", "answer": "expected", "prompt": "input"}


class CasesError(ValueError):
    """Why an upload was refused, in one sentence."""


@dataclass(frozen=True)
class Case:
    case_id: str
    input: str
    expected: str | None = None
    grader: str | None = None  # per-case grader; None: the run's default


def parse_upload(name: str, data: bytes) -> list[Case]:
    """Cases from a .csv or .jsonl upload, or CasesError saying what is wrong with it."""
    if not data.strip():
        raise CasesError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise CasesError(f"The file is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CasesError(
            f"The file is not UTF-8 text (byte {exc.start:,} is not valid UTF-8); save it as UTF-8."
        ) from None
    lower = name.lower()
    if lower.endswith(".csv"):
        rows = _csv_rows(text)
    elif lower.endswith((".jsonl", ".ndjson")):
        rows = _jsonl_rows(text)
    else:
        raise CasesError("Upload a .csv or a .jsonl file.")
    return _cases(rows)


def _csv_rows(text: str) -> list[tuple[int, dict]]:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        columns = [c.strip().lower() for c in reader.fieldnames or []]
        if "input" not in columns:
            found = ", ".join(reader.fieldnames or []) or "none"
            raise CasesError(f"The CSV needs an 'input' column (optional: 'expected', 'grader', 'id'); found: {found}.")
        rows = []
        for i, raw in enumerate(reader, start=2):
            if None in raw:
                raise CasesError(f"Row {i} has more cells than the header has columns.")
            rows.append((i, {k.strip().lower(): v for k, v in raw.items() if k is not None}))
    except csv.Error as exc:
        raise CasesError(f"The CSV could not be read: {exc}.") from None
    return rows


def _jsonl_rows(text: str) -> list[tuple[int, dict]]:
    rows = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            raise CasesError(f"Line {i} is not valid JSON.") from None
        if not isinstance(obj, dict):
            raise CasesError(f"Line {i} is not a JSON object.")
        obj = {ALIASES.get(k, k): v for k, v in obj.items()}
        if "input" not in obj:
            raise CasesError(f"Line {i} has no 'input' (or 'question'); keys: {', '.join(map(str, obj)) or 'none'}.")
        rows.append((i, obj))
    return rows


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value)  # a JSON schema given as an object
    value = str(value)
    return value if value.strip() else None


def _cases(rows: list[tuple[int, dict]]) -> list[Case]:
    if not rows:
        raise CasesError("The file has a header but no cases.")
    if len(rows) > MAX_CASES:
        raise CasesError(f"The file has {len(rows):,} cases; the limit is {MAX_CASES:,}.")
    cases, seen = [], set()
    for where, row in rows:
        text = _text(row.get("input"))
        if text is None:
            raise CasesError(f"Row/line {where} has an empty input.")
        if len(text) > MAX_INPUT_CHARS:
            raise CasesError(
                f"Row/line {where} has {len(text):,} characters of input; the limit is {MAX_INPUT_CHARS:,}."
            )
        grader = (_text(row.get("grader")) or "").strip().lower() or None
        if grader and grader not in GRADERS:
            raise CasesError(f"Row/line {where} names grader '{grader}'; known: {', '.join(GRADERS)}.")
        case_id = (_text(row.get("id")) or str(len(cases) + 1)).strip()
        if case_id in seen:
            raise CasesError(f"Row/line {where} repeats the id '{case_id}'.")
        seen.add(case_id)
        cases.append(Case(case_id, text, _text(row.get("expected")), grader))
    return cases


def gsm8k_sample() -> list[Case]:
    """The bundled 50 GSM8K problems, graded numerically on the number after '####'."""
    rows = _jsonl_rows(GSM8K_SAMPLE.read_text(encoding="utf-8"))
    return [Case(c.case_id, c.input, c.expected, "numeric") for c in _cases(rows)]


def digest(cases: list[Case]) -> str:
    """Identifies a set of cases (a resumed run must be given the same cases)."""
    blob = json.dumps([[c.case_id, c.input, c.expected, c.grader] for c in cases]).encode()
    return hashlib.sha256(blob).hexdigest()[:16]
