"""Refresh against a real loopback server serving recorded payloads, with injected faults.

In every fault case: no crash, the source keeps its previous data, and the manifest
says why. Nothing here reaches the internet.
"""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest

from llm_atlas.hub import client as hub_client
from llm_atlas.pipeline import refresh, snapshot
from llm_atlas.pipeline.sources import SOURCES
from tests.upstream_server import Fault

FAST = (2.0, 2.0)


def offers_of(data_dir, source: str) -> pd.DataFrame:
    return snapshot.load(data_dir).offers.query("source == @source").reset_index(drop=True)


def test_live_refresh_from_loopback_updates_every_source(upstream, snapshot_copy):
    result = refresh.refresh(snapshot_copy, base_url=upstream.base_url, timeout=FAST)
    assert result.failed == [], {n: result.outcomes[n].reason for n in result.failed}
    manifest = snapshot.read_manifest(snapshot_copy)
    assert {m["status"] for m in manifest["sources"].values()} == {"ok"}
    assert all(m["mode"] == "live" for m in manifest["sources"].values())
    # The real clients were pointed at the loopback server: requests and HfApi both asked it.
    assert "/litellm/prices" in upstream.upstream.requests
    assert "/llmstats/tarball" in upstream.upstream.requests
    hub_calls = [r for r in upstream.upstream.requests if r.startswith("/hub/api/models?")]
    assert any("pipeline_tag=text-generation" in r and "sort=downloads" in r for r in hub_calls)
    assert "meta-llama/Llama-3.3-70B-Instruct" in set(snapshot.load(snapshot_copy).models["hf_id"].dropna())


def _truncate_json(body: bytes) -> bytes:
    return body[: len(body) // 2]


def _rename_pricing(body: bytes) -> bytes:
    data = json.loads(body)
    for m in data["data"]:
        m["price"] = m.pop("pricing")
    return json.dumps(data).encode()


def _negative_price(body: bytes) -> bytes:
    data = json.loads(body)
    data["gpt-4o"]["input_cost_per_token"] = -2.5e-06
    return json.dumps(data).encode()


def _unit_drift(body: bytes) -> bytes:
    # Every price suddenly per 1M tokens instead of per token.
    data = json.loads(body)
    for v in data.values():
        for k in ("input_cost_per_token", "output_cost_per_token"):
            if isinstance(v.get(k), float):
                v[k] *= 1e6
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("source", "path", "fault", "reason"),
    [
        ("litellm", "/litellm/", Fault(status=500), "HTTP 500"),
        ("openrouter", "/openrouter/", Fault(mutate=_truncate_json), "not valid JSON"),
        ("openrouter", "/openrouter/", Fault(mutate=_rename_pricing), "field 'pricing' missing"),
        ("openrouter", "/openrouter/", Fault(mutate=lambda b: b'{"data": []}'), "no records"),
        ("litellm", "/litellm/", Fault(mutate=_negative_price), "negative price for 'gpt-4o'"),
        ("litellm", "/litellm/", Fault(mutate=_unit_drift), "outside sane bounds"),
        ("oll", "/oll/", Fault(truncate=True), "under half the previous"),
        ("aider", "/aider/", Fault(status=404), "HTTP 404"),
        # The Hub client backs off on 5xx by itself for ~24 s; 401 (gated) is answered at once.
        ("hub", "/hub/", Fault(status=401), "HTTP 401"),
        ("llmstats", "/llmstats/", Fault(truncate=True), "unreadable repository archive"),
    ],
)
def test_fault_keeps_previous_data_and_says_why(upstream, snapshot_copy, source, path, fault, reason):
    before = snapshot.load(snapshot_copy, with_sources=True)
    upstream.upstream.faults[path] = fault
    result = refresh.refresh(snapshot_copy, base_url=upstream.base_url, timeout=FAST)
    assert result.failed == [source]
    assert reason in result.outcomes[source].reason
    after = snapshot.load(snapshot_copy, with_sources=True)
    meta = after.manifest["sources"][source]
    assert meta["status"] == "stale" and reason in meta["reason"]
    pd.testing.assert_frame_equal(after.source_frames[source].facts, before.source_frames[source].facts)
    pd.testing.assert_frame_equal(after.source_frames[source].scores, before.source_frames[source].scores)
    pd.testing.assert_frame_equal(after.source_frames[source].offers, before.source_frames[source].offers)
    assert len(after.models) >= len(before.models) * 0.9  # the catalog still has the source's models


def test_429_then_success_is_retried(upstream, snapshot_copy):
    fault = Fault(status=429, times=1, retry_after="0")
    upstream.upstream.faults["/openrouter/"] = fault
    result = refresh.refresh(snapshot_copy, base_url=upstream.base_url, only=["openrouter"], timeout=FAST)
    assert result.refreshed == ["openrouter"] and fault.hits == 1
    assert upstream.upstream.requests.count("/openrouter/models") == 2


def test_persistent_5xx_gives_up_after_retries(upstream, snapshot_copy):
    fault = Fault(status=502)
    upstream.upstream.faults["/aider/"] = fault
    result = refresh.refresh(snapshot_copy, base_url=upstream.base_url, only=["aider"], timeout=FAST)
    assert result.failed == ["aider"] and fault.hits == 3  # first try + 2 retries


def test_hung_source_times_out_and_others_update(upstream, snapshot_copy):
    upstream.upstream.faults["/aider/"] = Fault(hang_s=30)
    started = time.monotonic()
    result = refresh.refresh(snapshot_copy, base_url=upstream.base_url, timeout=(1.0, 1.0))
    elapsed = time.monotonic() - started
    assert result.failed == ["aider"] and "timed out" in result.outcomes["aider"].reason
    assert set(result.refreshed) == set(SOURCES) - {"aider"}
    assert elapsed < 1.0 + 2.0 + 3.0  # its timeout plus 2 s, with 3 s slack for a loaded CI box


def test_redirect_is_followed(upstream, snapshot_copy):
    upstream.upstream.faults["/litellm/prices"] = Fault(redirect_to="/litellm/prices?moved=1", times=1)
    result = refresh.refresh(snapshot_copy, base_url=upstream.base_url, only=["litellm"], timeout=FAST)
    assert result.refreshed == ["litellm"]
    assert "/litellm/prices?moved=1" in upstream.upstream.requests


def test_hub_307_for_renamed_repo_is_followed(upstream):
    api = hub_client.make_api(f"{upstream.base_url}/hub")
    info = api.model_info("bert-base-uncased")
    assert info.id == "google-bert/bert-base-uncased"
    assert "/hub/api/models/bert-base-uncased" in upstream.upstream.requests


def test_only_refreshes_one_source(upstream, snapshot_copy):
    before = snapshot.read_manifest(snapshot_copy)["sources"]
    result = refresh.refresh(snapshot_copy, base_url=upstream.base_url, only=["aider"], timeout=FAST)
    after = snapshot.read_manifest(snapshot_copy)["sources"]
    assert result.refreshed == ["aider"] and after["aider"]["mode"] == "live"
    assert after["litellm"] == before["litellm"]


def test_cli_exits_nonzero_only_when_nothing_refreshed(upstream, snapshot_copy, capsys):
    for name in SOURCES:
        upstream.upstream.faults[f"/{name}/"] = Fault(status=403 if name == "hub" else 500)
    code = refresh.main(["--out", str(snapshot_copy), "--base-url", upstream.base_url])
    err = capsys.readouterr().err
    assert code == 1 and "Nothing could be refreshed" in err
    assert sum(1 for line in err.splitlines() if line.startswith("FAILED ")) == len(SOURCES)
    assert {m["status"] for m in snapshot.read_manifest(snapshot_copy)["sources"].values()} == {"stale"}
    upstream.upstream.faults.clear()
    assert refresh.main(["--out", str(snapshot_copy), "--base-url", upstream.base_url, "--only", "aider"]) == 0


def test_from_dir_build_reports_coverage(fixture_snapshot_dir):
    manifest = snapshot.read_manifest(fixture_snapshot_dir)
    assert manifest["coverage"]["models"] == len(snapshot.load(fixture_snapshot_dir).models)
    # the real W&B row at $55,000 / 1M tokens and Fireworks' FLUX ControlNet at $0.001 / 1M (a per-step price)
    assert manifest["sources"]["litellm"]["quarantined_count"] == 2
    assert (fixture_snapshot_dir / "unmatched.tsv").read_text().startswith("source\tname\n")


def test_snapshot_write_is_atomic_and_keeps_old_files_until_manifest(snapshot_copy, monkeypatch):
    snap = snapshot.load(snapshot_copy, with_sources=True)
    before = snapshot.read_manifest(snapshot_copy)

    def crash(*a, **k):
        raise OSError("disk full")

    original = snapshot._write_file_atomic
    monkeypatch.setattr(
        snapshot, "_write_file_atomic", lambda p, d: crash() if p.name == snapshot.MANIFEST else original(p, d)
    )
    changed = snap.models.assign(name="changed")
    with pytest.raises(OSError):
        snapshot.write(
            snapshot_copy,
            {"models": (changed, "models"), "offers": (snap.offers, "offers"), "scores": (snap.scores, "scores")},
            before,
        )
    # The manifest in force still names the old files, all of which are still there.
    assert snapshot.read_manifest(snapshot_copy) == before
    assert (snapshot.load(snapshot_copy).models["name"] != "changed").all()
