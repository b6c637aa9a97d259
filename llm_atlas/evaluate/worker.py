"""Run or resume a stored evaluation run outside Streamlit:
`python -m llm_atlas.evaluate.worker RUN_ID [--db PATH]`. Keys come from the environment."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from llm_atlas.evaluate import connections, runner
from llm_atlas.evaluate.store import Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("run_id")
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args(argv)
    conns, notes = connections.from_settings(os.environ)
    for note in notes:
        print(note)
    store = Store(args.db)
    progress = runner.resume(store, args.run_id, conns)
    print(f"{progress.done} answers, {progress.errors} errors, ended by {progress.ended_by or 'completion'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
