"""Results of evaluation runs in SQLite (WAL), written as each answer arrives.

A stopped, failed or killed run keeps every finished answer; resuming runs only the cases
with no answer yet (or whose last attempt ended in an error). Keys are never stored.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from llm_atlas import config
from llm_atlas.evaluate.cases import Case

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, title TEXT NOT NULL, settings TEXT NOT NULL,
    cases_digest TEXT NOT NULL, n_cases INTEGER NOT NULL, status TEXT NOT NULL, note TEXT
);
CREATE TABLE IF NOT EXISTS run_cases (
    run_id TEXT NOT NULL, idx INTEGER NOT NULL, case_id TEXT NOT NULL, input TEXT NOT NULL,
    expected TEXT, grader TEXT, PRIMARY KEY (run_id, case_id)
);
CREATE TABLE IF NOT EXISTS run_models (
    run_id TEXT NOT NULL, idx INTEGER NOT NULL, model_key TEXT NOT NULL, role TEXT NOT NULL,
    spec TEXT NOT NULL, PRIMARY KEY (run_id, model_key)
);
CREATE TABLE IF NOT EXISTS results (
    run_id TEXT NOT NULL, case_id TEXT NOT NULL, model_key TEXT NOT NULL, answer TEXT,
    passed INTEGER, why TEXT, score REAL, input_tokens INTEGER, output_tokens INTEGER,
    cached_tokens INTEGER, cost_usd REAL, latency_s REAL, ttft_s REAL, error TEXT, detail TEXT,
    attempts INTEGER, finished_at TEXT NOT NULL, PRIMARY KEY (run_id, case_id, model_key)
);
"""
RESULT_COLUMNS = ("answer", "passed", "why", "score", "input_tokens", "output_tokens", "cached_tokens", "cost_usd",
                  "latency_s", "ttft_s", "error", "detail", "attempts")  # fmt: skip


def default_path() -> Path:
    return config.cache_dir() / "evaluate.sqlite"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredRun:
    run_id: str
    title: str
    created_at: str
    status: str
    note: str | None
    settings: dict
    cases: list[Case]
    models: list[dict]  # ModelSpec.public() dicts, candidates then the judge (role in "role")


class Store:
    """One SQLite file; safe to share between the threads of one run (one connection, a lock)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path or default_path())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a crash keeps every committed answer
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _write(self, sql: str, rows: list[tuple] | tuple) -> None:
        with self._lock:
            if isinstance(rows, list):
                self._db.execute("BEGIN")
                self._db.executemany(sql, rows)
                self._db.execute("COMMIT")
            else:
                self._db.execute(sql, rows)

    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def create_run(
        self, title: str, settings: dict, cases: list[Case], digest: str, models: list[dict], judge: dict | None = None
    ) -> str:
        run_id = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT INTO runs VALUES (?,?,?,?,?,?,?,?)",
                (run_id, _now(), title, json.dumps(settings), digest, len(cases), "created", None),
            )
            self._db.executemany(
                "INSERT INTO run_cases VALUES (?,?,?,?,?,?)",
                [(run_id, i, c.case_id, c.input, c.expected, c.grader) for i, c in enumerate(cases)],
            )
            specs = [(m, "candidate") for m in models] + ([(judge, "judge")] if judge else [])
            self._db.executemany(
                "INSERT INTO run_models VALUES (?,?,?,?,?)",
                [(run_id, i, m["key"], role, json.dumps(m)) for i, (m, role) in enumerate(specs)],
            )
            self._db.execute("COMMIT")
        return run_id

    def set_status(self, run_id: str, status: str, note: str | None = None) -> None:
        self._write("UPDATE runs SET status = ?, note = ? WHERE run_id = ?", (status, note, run_id))

    def save_result(self, run_id: str, case_id: str, model_key: str, values: dict) -> None:
        cols = ", ".join(RESULT_COLUMNS)
        marks = ", ".join("?" for _ in RESULT_COLUMNS)
        row = (run_id, case_id, model_key, *(values.get(c) for c in RESULT_COLUMNS), _now())
        self._write(f"INSERT OR REPLACE INTO results (run_id, case_id, model_key, {cols}, finished_at) "
                    f"VALUES (?, ?, ?, {marks}, ?)", row)  # fmt: skip

    def done(self, run_id: str) -> set[tuple[str, str]]:
        """(case_id, model_key) pairs that have an answer (no error): resume skips them."""
        rows = self._read("SELECT case_id, model_key FROM results WHERE run_id = ? AND error IS NULL", (run_id,))
        return {(c, m) for c, m in rows}

    def run(self, run_id: str) -> StoredRun | None:
        head = self._read("SELECT title, created_at, status, note, settings FROM runs WHERE run_id = ?", (run_id,))
        if not head:
            return None
        title, created, status, note, settings = head[0]
        cases = [
            Case(*r)
            for r in self._read(
                "SELECT case_id, input, expected, grader FROM run_cases WHERE run_id = ? ORDER BY idx", (run_id,)
            )
        ]
        models = [
            {**json.loads(spec), "role": role}
            for spec, role in self._read("SELECT spec, role FROM run_models WHERE run_id = ? ORDER BY idx", (run_id,))
        ]
        return StoredRun(run_id, title, created, status, note, json.loads(settings), cases, models)

    def runs(self) -> pd.DataFrame:
        """Past runs, newest first, with how many answers each has."""
        rows = self._read(
            "SELECT r.run_id, r.created_at, r.title, r.status, r.n_cases, "
            "(SELECT COUNT(*) FROM run_models m WHERE m.run_id = r.run_id AND m.role = 'candidate'), "
            "(SELECT COUNT(*) FROM results x WHERE x.run_id = r.run_id AND x.error IS NULL), r.note "
            "FROM runs r ORDER BY r.created_at DESC, r.run_id DESC"
        )
        cols = ["run_id", "created_at", "title", "status", "cases", "models", "answers", "note"]
        return pd.DataFrame(rows, columns=cols)

    def results(self, run_id: str) -> pd.DataFrame:
        """One row per (case, model) answered or failed, in case order."""
        cols = ", ".join(f"x.{c}" for c in RESULT_COLUMNS)
        rows = self._read(
            f"SELECT x.case_id, x.model_key, {cols}, x.finished_at, c.idx FROM results x "
            "JOIN run_cases c ON c.run_id = x.run_id AND c.case_id = x.case_id "
            "WHERE x.run_id = ? ORDER BY c.idx, x.model_key",
            (run_id,),
        )
        df = pd.DataFrame(rows, columns=["case_id", "model_key", *RESULT_COLUMNS, "finished_at", "idx"])
        df["passed"] = df["passed"].map(lambda v: None if v is None or pd.isna(v) else bool(v)).astype("object")
        return df.drop(columns="idx")
