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
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from llm_atlas.sources import SOURCES

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
    hits: int = 0


@dataclass
class Upstream:
    fixtures: Path = FIXTURES
    faults: dict[str, Fault] = field(default_factory=dict)  # path prefix -> fault
    requests: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

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
        """Recorded model_info answers by path: (status, headers, body)."""
        out = {}
        for cassette in sorted((self.fixtures / "hf-hub-cassettes").glob("*.yaml")):
            for it in yaml.safe_load(cassette.read_bytes())["interactions"]:
                req, resp = it["request"], it["response"]
                if req["method"] != "GET" or "/api/models/" not in req["uri"]:
                    continue
                path = urlsplit(req["uri"]).path
                headers = {k: v[0] for k, v in resp["headers"].items() if k.lower() in ("location", "content-type")}
                out[path] = (resp["status"]["code"], headers, resp["body"]["string"].encode())
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


def hub_listing(fixtures: Path, params: dict[str, list[str]]) -> list[dict]:
    """A /api/models answer built from Open LLM Leaderboard rows, in the Hub's shape."""
    text = (fixtures / "open-llm-leaderboard/huggingface_v2.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    tag = (params.get("pipeline_tag") or ["text-generation"])[0]
    if tag != "text-generation":  # the leaderboard only holds text-generation models
        return []
    search = (params.get("search") or [""])[0].lower()
    items = []
    for r in rows:
        if search and search not in r["model_name"].lower():
            continue
        items.append(
            {
                "_id": r["model_sha"] or r["model_name"],
                "id": r["model_name"],
                "modelId": r["model_name"],
                "author": r["model_name"].split("/")[0],
                "pipeline_tag": tag,
                "library_name": "transformers",
                "likes": int(r["metadata_hub_hearts"] or 0),
                "tags": [f"license:{r['metadata_hub_license']}"] if r["metadata_hub_license"] else [],
                "safetensors": {
                    "parameters": {"BF16": int(float(r["metadata_params_billions"]) * 1e9)},
                    "total": int(float(r["metadata_params_billions"]) * 1e9),
                },
                "createdAt": f"{r['metadata_upload_date']}T00:00:00.000Z",
            }
        )
    limit = int((params.get("limit") or ["1000"])[0])
    return items[:limit]


def make_handler(up: Upstream):
    routes = up.routes()
    hub = up.hub_models()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802
            up.requests.append(self.path)
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
                    return self._send(fault.status, b'{"error": "injected"}', headers)
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
                hub_path = path[len("/hub") :]
                if hub_path.rstrip("/") == "/api/models":
                    return (
                        200,
                        {"Content-Type": "application/json"},
                        json.dumps(hub_listing(up.fixtures, parse_qs(query))).encode(),
                    )
                if hub_path in hub:
                    status, headers, body = hub[hub_path]
                    if "Location" in headers:
                        headers = {**headers, "Location": "/hub" + headers["Location"]}
                    return status, headers, body
                return 404, {"X-Error-Code": "RepoNotFound"}, b'{"error": "Repository not found"}'
            return 404, {}, b"not found"

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
