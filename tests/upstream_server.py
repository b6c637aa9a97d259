"""A real HTTP server on 127.0.0.1 that serves recorded upstream payloads, with faults.

Paths follow `refresh.source_urls(base)`: `/{source}/{payload}` for plain sources,
`/llmstats/tarball` (a tar.gz built from the merged fixture, as GitHub serves the
repository), and `/hub/api/models...` for the Hugging Face Hub, answered from the
recorded cassettes (model_info, including the 307 redirect) and, for listings,
from Open LLM Leaderboard rows in the Hub's JSON shape.
"""

from __future__ import annotations

import csv
import io
import json
import tarfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import yaml

from llm_atlas.pipeline.sources import SOURCES

FIXTURES = Path(__file__).parent / "fixtures" / "upstream"


@dataclass
class Fault:
    status: int | None = None  # answer with this status instead
    times: int | None = None  # only for the first N requests (None: always)
    retry_after: str | None = None
    hang_s: float = 0.0  # sleep before answering
    truncate: bool = False  # send half the body
    mutate: Callable[[bytes], bytes] | None = None  # change the body (schema drift, bad values)
    redirect_to: str | None = None  # answer 307 with this Location
    headers: dict[str, str] = field(default_factory=dict)  # e.g. X-Error-Code: GatedRepo
    hits: int = 0


@dataclass
class Upstream:
    fixtures: Path = FIXTURES
    faults: dict[str, Fault] = field(default_factory=dict)  # path prefix -> fault
    requests: list[str] = field(default_factory=list)
    request_headers: list[dict[str, str]] = field(default_factory=list)  # lower-case names, same order
    release: threading.Event = field(default_factory=threading.Event)

    def hub_listing_queries(self) -> list[dict[str, list[str]]]:
        """The query of every GET /hub/api/models (a Hub search) received, in order."""
        return [parse_qs(urlsplit(r).query) for r in self.requests if urlsplit(r).path == "/hub/api/models"]

    def routes(self) -> dict[str, bytes]:
        out = {}
        for name, src in SOURCES.items():
            if name in ("hub", "llmstats"):
                continue
            for key, rel in src.files.items():
                out[f"/{name}/{key}"] = (self.fixtures / rel).read_bytes()
        out["/llmstats/tarball"] = llmstats_tarball(self.fixtures / SOURCES["llmstats"].files["data"])
        return out

    def hub_models(self) -> dict[str, tuple[int, dict, bytes]]:
        """Recorded model_info answers by path, and by path?query when the recording had
        one (expand=...): (status, headers, body)."""
        out = {}
        for cassette in sorted((self.fixtures / "hf-hub-cassettes").glob("*.yaml")):
            for it in yaml.safe_load(cassette.read_bytes())["interactions"]:
                req, resp = it["request"], it["response"]
                if req["method"] != "GET" or "/api/models/" not in req["uri"]:
                    continue
                uri = urlsplit(req["uri"])
                headers = {k: v[0] for k, v in resp["headers"].items() if k.lower() in ("location", "content-type")}
                answer = (resp["status"]["code"], headers, resp["body"]["string"].encode())
                out.setdefault(uri.path, answer)
                if uri.query:
                    out[f"{uri.path}?{uri.query}"] = answer
        return out


def llmstats_tarball(merged_json: Path) -> bytes:
    """The merged llm-stats fixture split back into the repository's files, as a tar.gz."""
    data = json.loads(merged_json.read_bytes())
    files: dict[str, list | dict] = {}
    for table, rows in data.items():
        if table == "_meta":
            continue
        for row in rows:
            path = row["source_path"]
            record = {k: v for k, v in row.items() if k != "source_path"}
            if path.endswith(("benchmarks.json", "/models.json")) and not path.startswith("data/benchmarks/"):
                files.setdefault(path, []).append(record)
            else:
                files[path] = record
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for path, content in files.items():
            blob = json.dumps(content).encode()
            info = tarfile.TarInfo(f"llm-leaderboard-main/{path}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    return buf.getvalue()


HUB_PAGE_MAX = 1000  # the Hub's own cap on one page of /api/models
EXPAND_ALWAYS = ("_id", "id")


def hub_records(fixtures: Path, recorded: dict[str, dict]) -> list[dict]:
    """Hub-shaped model records built from the Open LLM Leaderboard rows in
    hub-listing/models.csv (real ids, licences, likes, parameters, base models);
    where a cassette recorded the same repo, its own fields win (downloads, gated...)."""
    text = (fixtures / "hub-listing/models.csv").read_text(encoding="utf-8")
    renamed = renamed_bases(recorded.values())
    records = []
    for r in csv.DictReader(io.StringIO(text)):
        rid = r["model_name"]
        base = r["metadata_base_model"].removesuffix(" (Merge)")
        base = renamed.get(base, base)
        relation = (
            "adapter"
            if r["model_weight_type"] == "Adapter"
            else "merge"
            if r["features_is_merged"] == "True"
            else "quantized"
            if r["model_precision"] == "4bit"
            else "finetune"
        )
        library = "peft" if relation == "adapter" else "transformers"
        tags = [library, "safetensors", "text-generation"]
        if r["metadata_hub_license"]:
            tags.append(f"license:{r['metadata_hub_license']}")
        card = {"license": r["metadata_hub_license"] or None}
        if base and base not in ("Removed", rid):
            tags += [f"base_model:{base}", f"base_model:{relation}:{base}"]
            card["base_model"] = base
        params = int(float(r["metadata_params_billions"]) * 1e9)
        record = {
            "_id": r["model_sha"] or rid,
            "id": rid,
            "modelId": rid,
            "author": rid.split("/")[0],
            "sha": r["model_sha"],
            "private": False,
            "pipeline_tag": "text-generation",
            "library_name": library,
            "likes": int(r["metadata_hub_hearts"] or 0),
            "tags": tags,
            "cardData": card,
            "config": {"architectures": [r["model_architecture"]]},
            "safetensors": {"parameters": {"BF16": params}, "total": params},
            "createdAt": f"{r['metadata_upload_date'][:10]}T00:00:00.000Z",
        }
        record.update(recorded.get(rid, {}))
        records.append(record)
    return records


def renamed_bases(infos) -> dict[str, str]:
    """Old repo id -> current id, where a recording's card names a base model that the Hub's
    own base_model tags give under a new name (the Hub resolves renames in tags)."""
    out = {}
    for info in infos:
        card_base = (info.get("cardData") or {}).get("base_model")
        tagged = [t.split(":", 2)[2] for t in info.get("tags", []) if t.count(":") >= 2 and t.startswith("base_model:")]
        if isinstance(card_base, str) and len(set(tagged)) == 1 and tagged[0] != card_base:
            out[card_base] = tagged[0]
    return out


def hub_listing(records: list[dict], params: dict[str, list[str]]) -> list[dict]:
    """GET /api/models as the Hub answers it: filters are tags (all must match),
    search is a substring of the id, num_parameters is "min:7B,max:13B", sort is descending."""
    one = lambda key: (params.get(key) or [None])[0]  # noqa: E731
    items = records
    for tag in params.get("filter", []):
        items = [m for m in items if tag in m.get("tags", []) or tag == m.get("library_name")]
    if one("pipeline_tag"):
        items = [m for m in items if m.get("pipeline_tag") == one("pipeline_tag")]
    if one("search"):
        items = [m for m in items if one("search").lower() in m["id"].lower()]
    if one("author"):
        items = [m for m in items if m["id"].split("/")[0] == one("author")]
    if one("gated") is not None:
        want = one("gated").lower() == "true"
        items = [m for m in items if bool(m.get("gated")) == want]
    if one("num_parameters"):
        low, high = parse_num_parameters(one("num_parameters"))
        items = [m for m in items if low <= ((m.get("safetensors") or {}).get("total") or -1) <= high]
    if one("sort"):
        key = one("sort")
        items = sorted(items, key=lambda m: (m.get(key) is not None, m.get(key) or 0), reverse=True)
    expand = params.get("expand")
    if expand:
        items = [{k: v for k, v in m.items() if k in expand or k in EXPAND_ALWAYS} for m in items]
    return items


def parse_num_parameters(value: str) -> tuple[float, float]:
    scale = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
    bounds = {"min": 0.0, "max": float("inf")}
    for part in value.split(","):
        key, _, number = part.partition(":")
        number = number.strip().upper()
        bounds[key.strip()] = float(number[:-1]) * scale[number[-1]] if number[-1:] in scale else float(number)
    return bounds["min"], bounds["max"]


def model_card(record: dict) -> bytes:
    """README.md for a model: its recorded cardData as front matter, and a body saying so."""
    front = yaml.safe_dump(record.get("cardData") or {}, sort_keys=False)
    body = f"# {record['id']}\n\nCard served by the LLM Atlas test server from the recorded metadata.\n"
    return f"---\n{front}---\n\n{body}".encode()


def make_handler(up: Upstream):
    routes = up.routes()
    hub = up.hub_models()
    full_infos = [json.loads(body) for status, _, body in hub.values() if status == 200]
    recorded = {info["id"]: info for info in full_infos if "pipeline_tag" in info}
    records = hub_records(up.fixtures, recorded)
    by_id = {r["id"]: r for r in records} | recorded

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802
            up.requests.append(self.path)
            up.request_headers.append({k.lower(): v for k, v in self.headers.items()})
            split = urlsplit(self.path)
            path = unquote(split.path)
            fault = next((f for p, f in up.faults.items() if path.startswith(p)), None)
            active = fault is not None and (fault.times is None or fault.hits < fault.times)
            if active:
                fault.hits += 1
                if fault.hang_s:
                    up.release.wait(fault.hang_s)
                if fault.redirect_to:
                    return self._send(307, b"moved", {"Location": fault.redirect_to})
                if fault.status:
                    headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                    return self._send(fault.status, b'{"error": "injected"}', headers | fault.headers)
            status, headers, body = self._resolve(path, split.query)
            if active and fault.mutate:
                body = fault.mutate(body)
            if active and fault.truncate:
                body = body[: len(body) // 2]
            self._send(status, body, headers)

        def _resolve(self, path: str, query: str) -> tuple[int, dict, bytes]:
            if path in routes:
                return 200, {}, routes[path]
            if path.startswith("/hub/api/models"):
                return self._hub_api(path[len("/hub") :], query)
            if path.startswith("/hub/") and path.endswith("/resolve/main/README.md"):
                repo = path[len("/hub/") : -len("/resolve/main/README.md")]
                if repo in by_id:
                    return 200, {"Content-Type": "text/markdown"}, model_card(by_id[repo])
                return 404, {"X-Error-Code": "EntryNotFound"}, b'{"error": "Entry not found"}'
            return 404, {}, b"not found"

        def _hub_api(self, hub_path: str, query: str) -> tuple[int, dict, bytes]:
            params = parse_qs(query)
            json_type = {"Content-Type": "application/json"}
            if hub_path.rstrip("/") == "/api/models":
                return self._hub_page(hub_listing(records, params), params)
            recording = hub.get(f"{hub_path}?{query}") or hub.get(hub_path)
            if recording:
                status, headers, body = recording
                if "Location" in headers:
                    headers = {**headers, "Location": "/hub" + headers["Location"]}
                return status, headers, body
            repo = hub_path[len("/api/models/") :]
            if repo in by_id:
                record = by_id[repo]
                if params.get("expand"):
                    record = {k: v for k, v in record.items() if k in params["expand"] or k in EXPAND_ALWAYS}
                return 200, json_type, json.dumps(record).encode()
            return 404, {"X-Error-Code": "RepoNotFound"}, b'{"error": "Repository not found"}'

        def _hub_page(self, items: list[dict], params: dict[str, list[str]]) -> tuple[int, dict, bytes]:
            """One page of a listing; a Link header with a cursor when more remain, as the Hub does."""
            size = min(int((params.get("limit") or [HUB_PAGE_MAX])[0]), HUB_PAGE_MAX)
            start = int((params.get("cursor") or ["0"])[0])
            headers = {"Content-Type": "application/json"}
            if start + size < len(items):
                rest = {k: v for k, v in params.items() if k != "cursor"} | {"cursor": [str(start + size)]}
                query = "&".join(f"{k}={quote(v)}" for k, vs in rest.items() for v in vs)
                headers["Link"] = f'<http://{self.headers["Host"]}/hub/api/models?{query}>; rel="next"'
            return 200, headers, json.dumps(items[start : start + size]).encode()

        def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
            try:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

    return Handler


class UpstreamServer:
    def __init__(self, upstream: Upstream | None = None) -> None:
        self.upstream = upstream or Upstream()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.upstream))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> UpstreamServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.upstream.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":  # serve for manual drills: python -m tests.upstream_server
    with UpstreamServer() as server:
        print(server.base_url, flush=True)
        while True:
            time.sleep(3600)
