"""The GitHub Actions workflows cannot run here: validate them against GitHub's workflow
schema, and run the commands they call, locally (the refresh against the loopback server)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from llm_atlas.pipeline.sources import SOURCES

REPO = Path(__file__).parents[1]
WORKFLOWS = REPO / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize("name", ["test.yml", "refresh.yml"])
def test_workflow_is_valid_for_github(name):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOWS / name),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_push_workflow_runs_the_readme_test_command():
    workflow = load("test.yml")
    assert {"push", "pull_request"} <= set(workflow[True])  # YAML 1.1 reads the key `on` as True
    assert [s["run"] for s in steps(workflow) if "run" in s] == ["bash .ci/run"]
    assert "make test" in (REPO / ".ci" / "run").read_text()
    assert "make test" in (REPO / "README.md").read_text()


def test_refresh_workflow_is_scheduled_and_its_commands_work_here(tmp_path, upstream):
    workflow = load("refresh.yml")
    assert workflow[True]["schedule"][0]["cron"] and "workflow_dispatch" in workflow[True]
    runs = [s["run"] for s in steps(workflow) if "run" in s]
    install = next(r for r in runs if r.startswith("make "))
    assert subprocess.run(["make", "-n", *shlex.split(install)[1:]], cwd=REPO, capture_output=True).returncode == 0

    refresh_cmd = shlex.split(next(r for r in runs if "llm_atlas.refresh" in r))
    assert refresh_cmd[:3] == [".venv/bin/python", "-m", "llm_atlas.refresh"]
    args = refresh_cmd[3:]
    out, report = args[args.index("--out") + 1], args[args.index("--report") + 1]
    pr = next(s for s in steps(workflow) if s.get("uses", "").startswith("peter-evans/create-pull-request"))
    assert pr["with"]["body-path"] == report and pr["with"]["add-paths"].rstrip("/") == out
    assert "bash .ci/run" in runs  # tests run on the new snapshot before the PR

    # The same command, against the loopback upstream instead of the internet.
    local = [a if a not in (out, report) else str(tmp_path / a) for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "llm_atlas.refresh", *local, "--base-url", upstream.base_url],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / report).read_text()
    for name in SOURCES:
        assert f"| {name} | refreshed |" in text
    assert "Models with a price and a quality score" in text
    assert (tmp_path / out / "manifest.json").exists()
