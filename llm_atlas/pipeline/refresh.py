"""Build or refresh the snapshot: `python -m llm_atlas.refresh [--from-dir DIR] [--only SOURCE]`.

Each source is fetched (or read from files), parsed and validated on its own, in
parallel. A source that fails keeps its last good data, marked stale with the
reason. The catalog is rebuilt from every source's latest good frames and the
snapshot is replaced atomically.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from llm_atlas import config
from llm_atlas.pipeline import catalog, history, refresh_report, snapshot
from llm_atlas.pipeline.sources import SOURCES, FetchError, PayloadError, SourceFrames
from llm_atlas.pipeline.validate import validate

Progress = Callable[[str, str, str], None]  # (source, status, message)


@dataclass
class SourceOutcome:
    name: str
    ok: bool
    reason: str = ""
    frames: SourceFrames | None = None
    payload_sha256: str = ""
    seconds: float = 0.0


@dataclass
class RefreshResult:
    outcomes: dict[str, SourceOutcome]
    manifest: dict
    report: dict = field(default_factory=dict)

    @property
    def refreshed(self) -> list[str]:
        return [n for n, o in self.outcomes.items() if o.ok]

    @property
    def failed(self) -> list[str]:
        return [n for n, o in self.outcomes.items() if not o.ok]


def source_urls(base: str | None) -> dict[str, dict[str, str]]:
    """Every source's URLs, or all under one base URL (`{base}/{source}/{payload}`)."""
    if not base:
        return {name: {} for name in SOURCES}
    base = base.rstrip("/")
    out = {name: {key: f"{base}/{name}/{key}" for key in src.urls} for name, src in SOURCES.items()}
    out["hub"] = {"endpoint": f"{base}/hub"}
    return out


def _fetch_one(name: str, from_dir: Path | None, urls: dict, timeout, previous_rows: int | None) -> SourceOutcome:
    """One source fetched (or read), parsed and validated; any failure is its outcome, never raised."""
    source = SOURCES[name]
    started = time.monotonic()
    try:
        payloads = source.read_dir(from_dir) if from_dir else source.fetch(urls, timeout)
        frames = validate(name, source.parse(payloads), previous_rows)
        return SourceOutcome(name, True, "", frames, _digest(payloads), time.monotonic() - started)
    except (FetchError, PayloadError) as exc:
        return SourceOutcome(name, False, str(exc), seconds=time.monotonic() - started)
    except Exception as exc:  # an adapter bug must not take the others down
        return SourceOutcome(name, False, f"unexpected {type(exc).__name__}: {exc}", seconds=time.monotonic() - started)


def _digest(payloads: dict[str, bytes]) -> str:
    return hashlib.sha256(b"".join(payloads[k] for k in sorted(payloads))).hexdigest()


def _previous(out_dir: Path, base_dir: Path | None) -> tuple[dict, dict[str, SourceFrames]]:
    for candidate in (out_dir, base_dir):
        if candidate is None:
            continue
        try:
            manifest = snapshot.read_manifest(candidate)
            return manifest, snapshot.load_source_frames(candidate, manifest)
        except snapshot.SnapshotError:
            continue
    return {}, {}


def refresh(
    out_dir: Path,
    *,
    from_dir: Path | None = None,
    only: Iterable[str] | None = None,
    base_url: str | None = None,
    timeout=None,
    base_dir: Path | None = None,
    progress: Progress | None = None,
) -> RefreshResult:
    """Refresh `only` (default: all) sources into `out_dir`.

    Previous data comes from `out_dir`, or else from `base_dir` (the bundled snapshot).
    """
    out_dir = Path(out_dir)
    names = _source_names(only)
    prev_manifest, prev_frames = _previous(out_dir, base_dir)
    urls = source_urls(base_url)
    outcomes = _fetch_all(names, from_dir, urls, timeout or config.timeout(), prev_frames, progress)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    frames = dict(prev_frames)
    frames.update({n: o.frames for n, o in outcomes.items() if o.ok})
    sources_meta = dict(prev_manifest.get("sources", {}))
    for n in SOURCES:
        sources_meta[n] = _source_meta(n, outcomes.get(n), prev_manifest, n in frames, from_dir, urls[n], now)
    result = RefreshResult(outcomes, prev_manifest)
    if not any(o.ok for o in outcomes.values()) and prev_manifest:
        # Nothing new: record why, keep every table as it was.
        manifest = {**prev_manifest, "sources": sources_meta, "checked_at": now}
        tables = _tables_from(out_dir if (out_dir / snapshot.MANIFEST).exists() else base_dir, prev_manifest)
        result.manifest = snapshot.write(out_dir, tables, manifest)
        return result
    if not frames:
        return result
    cat = catalog.build(frames, as_of=_data_date(sources_meta, now))
    # Every refresh that rebuilt the catalog appends what changed (a failed one never gets here).
    hist = history.update(
        _previous_history(out_dir, base_dir),
        cat.models,
        cat.offers,
        cat.scores,
        history.source_dates({"sources": sources_meta}),
    )
    manifest = {"built_at": now, "sources": sources_meta, "coverage": refresh_report.manifest_coverage(cat.report)}
    manifest["history"] = history.join_report(hist, cat.models, cat.offers)
    result.manifest = snapshot.write(out_dir, _snapshot_tables(cat, frames, hist), manifest)
    result.report = cat.report
    refresh_report.write_curation_files(out_dir, cat.report, hist)
    return result


def _source_names(only: Iterable[str] | None) -> list[str]:
    names = list(only) if only else list(SOURCES)
    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        raise ValueError(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(SOURCES)}")
    return names


def _fetch_all(
    names: list[str],
    from_dir: Path | None,
    urls: dict[str, dict[str, str]],
    timeout,
    prev_frames: dict[str, SourceFrames],
    progress: Progress | None,
) -> dict[str, SourceOutcome]:
    """Every named source at once, each on its own thread; progress is reported as each ends."""
    say = progress or (lambda *_: None)
    outcomes: dict[str, SourceOutcome] = {}
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        futures = {}
        for n in names:
            say(n, "running", "fetching" if not from_dir else f"reading {from_dir}")
            prev_rows = prev_frames[n].rows if n in prev_frames else None
            futures[pool.submit(_fetch_one, n, from_dir, urls[n], timeout, prev_rows)] = n
        for future in as_completed(futures):
            outcome = future.result()
            outcomes[outcome.name] = outcome
            say(outcome.name, "ok" if outcome.ok else "failed", _summary(outcome))
    return outcomes


def _source_meta(
    name: str,
    outcome: SourceOutcome | None,
    prev_manifest: dict,
    has_data: bool,
    from_dir: Path | None,
    urls: dict[str, str],
    now: str,
) -> dict:
    """A source's manifest entry after this run: refreshed, stale or missing (with the reason), or as it
    was when the run did not ask for it."""
    meta = dict(prev_manifest.get("sources", {}).get(name, {}))
    src = SOURCES[name]
    meta.update(title=src.title, homepage=src.homepage, license=src.license, attribution=src.attribution)
    if outcome is None:
        pass  # not asked for: keeps its data and status
    elif outcome.ok:
        meta.update(
            status="ok",
            reason="",
            fetched_at=now,
            data_as_of=src.recorded_as_of if from_dir else now[:10],
            mode="files" if from_dir else "live",
            urls=list(src.files.values()) if from_dir else list({**src.urls, **urls}.values()),
            rows=outcome.frames.rows,
            sha256=outcome.payload_sha256,
            quarantined=outcome.frames.quarantined[:50],
            quarantined_count=len(outcome.frames.quarantined),
        )
    else:
        meta.update(status="stale" if has_data else "missing", reason=outcome.reason, failed_at=now)
    return meta


def _data_date(sources_meta: dict, now: str) -> str:
    """Deprecation is judged at the data's own date (a rebuild from recorded payloads gives the same tables)."""
    as_of = max((m.get("data_as_of") or "" for m in sources_meta.values() if m.get("status") == "ok"), default="")
    return as_of or now[:10]


def _snapshot_tables(cat: catalog.Catalog, frames: dict[str, SourceFrames], hist) -> dict:
    """What the snapshot stores: the catalog tables, every source's frames, the history."""
    tables = {t: (getattr(cat, t), t) for t in snapshot.CATALOG_TABLES}
    for n, f in frames.items():
        for t in snapshot.SOURCE_TABLES:
            tables[f"sources/{n}.{t}"] = (getattr(f, t), t)
    tables["history"] = (hist, "history")
    return tables


def _tables_from(data_dir: Path, manifest: dict) -> dict:
    snap = snapshot.load(data_dir, with_sources=True)
    tables = {t: (getattr(snap, t), t) for t in snapshot.CATALOG_TABLES}
    for n, f in snap.source_frames.items():
        for t in snapshot.SOURCE_TABLES:
            tables[f"sources/{n}.{t}"] = (getattr(f, t), t)
    if "history" in manifest.get("files", {}):
        tables["history"] = (history.load(data_dir), "history")
    return tables


def _previous_history(out_dir: Path, base_dir: Path | None):
    """The history of the snapshot a refresh starts from (as `_previous` picks it)."""
    for candidate in (out_dir, base_dir):
        if candidate is None:
            continue
        try:
            return history.load(candidate)
        except snapshot.SnapshotError:
            continue
    return history.empty()


def _summary(o: SourceOutcome) -> str:
    if not o.ok:
        return o.reason
    extra = f", {len(o.frames.quarantined)} rows quarantined" if o.frames.quarantined else ""
    return f"{o.frames.rows} rows in {o.seconds:.1f} s{extra}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m llm_atlas.refresh", description=__doc__.splitlines()[0])
    parser.add_argument("--from-dir", type=Path, help="read payloads from files laid out as shared/data")
    parser.add_argument("--only", action="append", choices=list(SOURCES), help="refresh this source only (repeatable)")
    parser.add_argument("--out", type=Path, default=config.bundled_dir(), help="snapshot directory (default: data/)")
    parser.add_argument("--base-url", default=config.upstream_base(), help="serve every source from this base URL")
    parser.add_argument("--json", action="store_true", help="print the coverage report as JSON")
    parser.add_argument("--report", type=Path, help="also write the report as Markdown here (a pull request's body)")
    parser.add_argument(
        "--history-from", type=Path, help="only backfill the history table from recorded files (as shared/data)"
    )
    args = parser.parse_args(argv)
    if args.history_from:
        _, hist_report = history.backfill(args.out, args.history_from)
        print(history.format_report(hist_report))
        return 0

    def progress(name: str, status: str, message: str) -> None:
        print(f"[{status:>7}] {name}: {message}", file=sys.stderr, flush=True)

    result = refresh(args.out, from_dir=args.from_dir, only=args.only, base_url=args.base_url, progress=progress)
    for n in result.failed:
        print(f"FAILED {n}: {result.outcomes[n].reason} (keeping its last good data)", file=sys.stderr)
    print(json.dumps(result.report, indent=1) if args.json else refresh_report.format_report(result))
    if args.report:
        args.report.write_text(refresh_report.markdown_report(result), encoding="utf-8")
    if not result.refreshed:
        print("Nothing could be refreshed.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
