"""A real OpenAI-compatible chat server on 127.0.0.1, built from recorded real traffic, with faults.

The recordings (tests/fixtures/chat/, trimmed from huggingface_hub's test cassettes, see
tests/fixtures/chat/README.md) are replayed verbatim when a request asks exactly what was
recorded. Any other prompt is answered in the recorded wire format of one provider (Cerebras:
a role chunk, content chunks, a final chunk with finish_reason and usage; Together: usage and
finish_reason on the last content chunk, then `data: [DONE]`), with the text a test chooses
(`answers`) and usage counted by a stated rule (`usage_for`), and every answer logged in
`served` so a test can compute the cost it expects from what was actually sent.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

FIXTURES = Path(__file__).parent / "fixtures" / "chat"


def recording(name: str) -> dict:
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))["interactions"][0]


def sse_events(body: str) -> list[dict | str]:
    """The `data:` payloads of a recorded text/event-stream body ("[DONE]" kept as a string)."""
    out: list[dict | str] = []
    for line in body.splitlines():
        if line.startswith("data:"):
            payload = line[5:].strip()
            out.append(payload if payload == "[DONE]" else json.loads(payload))
    return out


def usage_for(messages: list[dict], pieces: list[str]) -> dict:
    """The server's token rule: a prompt token per whitespace-separated word plus 4 per message
    (role markers); a completion token per streamed piece."""
    prompt = sum(len(str(m.get("content", "")).split()) + 4 for m in messages)
    return {"prompt_tokens": prompt, "completion_tokens": len(pieces), "total_tokens": prompt + len(pieces)}


def pieces_of(text: str) -> list[str]:
    """The text cut as providers stream it: a word with its leading space per chunk."""
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words)] if text else []


@dataclass
class ChatFault:
    status: int | None = None  # answer with this status (and the recorded error body shape)
    times: int | None = None  # only for the first N requests of this model (None: always)
    retry_after: str | None = None
    hang_s: float = 0.0  # wait before answering (released at shutdown)
    cut: bool = False  # stream: send half the events, then close the connection mid-body
    malformed: bool = False  # a body that is not JSON
    no_usage: bool = False  # leave usage out
    refuse_stream_options: bool = False  # 422 to a request that names stream_options (older servers)
    hits: int = 0


@dataclass
class Served:
    model: str
    user: str
    stream: bool
    status: int
    text: str = ""
    usage: dict | None = None
    authorization: str | None = None
    at: float = field(default_factory=time.monotonic)


@dataclass
class ChatUpstream:
    answers: Callable[[str, list[dict]], str] | None = None  # (model, messages) -> answer text
    api_key: str | None = None  # when set, any other key gets the recorded 401
    latency_s: float = 0.0  # before the first byte of every answer
    style: dict[str, str] = field(default_factory=dict)  # model -> "cerebras" | "together" (default cerebras)
    faults: dict[str, ChatFault] = field(default_factory=dict)  # model -> fault
    models: list[str] = field(default_factory=list)  # what GET /v1/models lists
    served: list[Served] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answered(self) -> list[Served]:
        with self.lock:
            return [s for s in self.served if s.status == 200]


STREAM = {"cerebras": recording("stream_cerebras.yaml"), "together": recording("stream_together.yaml")}
PLAIN = recording("no_stream_cerebras.yaml")
UNAUTHORIZED = recording("unauthorized.yaml")


def _recorded_reply(body: dict) -> tuple[int, str, bytes] | None:
    """The recorded response when the request is exactly a recorded one."""
    for rec in [*STREAM.values(), PLAIN]:
        req = json.loads(rec["request"]["body"])
        if (
            body.get("messages") == req["messages"]
            and body.get("model") == req["model"]
            and bool(body.get("stream")) == bool(req.get("stream"))
        ):
            ctype = rec["response"]["headers"]["Content-Type"][0]
            return 200, ctype, rec["response"]["body"]["string"].encode()
    return None


def stream_body(style: str, model: str, text: str, usage: dict | None) -> list[bytes]:
    """Events in the recorded wire format of `style`, carrying `text` and `usage`."""
    events = sse_events(STREAM[style]["response"]["body"]["string"])
    chunks = [e for e in events if isinstance(e, dict)]
    pieces = pieces_of(text)
    out: list[dict | str] = []
    if style == "cerebras":
        role, content, final = chunks[0], chunks[1], chunks[-1]
        out.append({**copy.deepcopy(role), "model": model})
        for p in pieces:
            c = copy.deepcopy(content)
            c["model"], c["choices"][0]["delta"]["content"] = model, p
            out.append(c)
        last = copy.deepcopy(final)
        last["model"], last["choices"][0]["finish_reason"] = model, "stop"
        last.pop("usage", None)
        if usage is not None:
            last["usage"] = usage
        out.append(last)
    else:  # together: usage and finish_reason ride on the last content chunk, then [DONE]
        template = chunks[0]
        for i, p in enumerate(pieces or [""]):
            c = copy.deepcopy(template)
            c["model"] = model
            c["choices"][0]["text"] = c["choices"][0]["delta"]["content"] = p
            is_last = i == max(len(pieces), 1) - 1
            c["choices"][0]["finish_reason"] = "stop" if is_last else None
            c["usage"] = usage if is_last else None
            out.append(c)
        out.append("[DONE]")
    return [f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n".encode() for e in out]


def plain_body(model: str, text: str, usage: dict | None) -> bytes:
    resp = json.loads(PLAIN["response"]["body"]["string"])
    resp["model"] = model
    resp["choices"][0]["message"]["content"] = text
    resp["choices"][0]["finish_reason"] = "stop"
    resp.pop("usage", None)
    if usage is not None:
        resp["usage"] = usage
    return json.dumps(resp).encode()


def make_handler(up: ChatUpstream):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # small SSE writes go out at once, as streaming servers send them

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.path.rstrip("/").endswith("/models"):
                data = {"object": "list", "data": [{"id": m, "object": "model"} for m in up.models]}
                return self._send(200, json.dumps(data).encode(), "application/json")
            self._send(404, b'{"error": "not found"}', "application/json")

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            auth = self.headers.get("Authorization")
            try:
                body = json.loads(raw)
            except json.JSONDecodeError:
                return self._send(400, b'{"error": "invalid JSON body"}', "application/json")
            model, messages = str(body.get("model")), body.get("messages") or []
            user = next((str(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")
            stream = bool(body.get("stream"))
            if not self.path.rstrip("/").endswith("/chat/completions"):
                return self._send(404, b'{"error": "not found"}', "application/json")
            if up.api_key is not None and auth != f"Bearer {up.api_key}":
                self._log(Served(model, user, stream, 401, authorization=auth))
                rec = UNAUTHORIZED["response"]
                return self._send(401, rec["body"]["string"].encode(), rec["headers"]["Content-Type"][0])
            fault = up.faults.get(model)
            with up.lock:
                active = fault is not None and (fault.times is None or fault.hits < fault.times)
                if active:
                    fault.hits += 1
            if up.latency_s:
                time.sleep(up.latency_s)
            if active and fault.hang_s:
                up.release.wait(fault.hang_s)
            if active and fault.refuse_stream_options and "stream_options" in body:
                self._log(Served(model, user, stream, 422, authorization=auth))
                msg = b'{"error": "Input validation error: unknown field stream_options"}'
                return self._send(422, msg, "application/json")
            if active and fault.status:
                self._log(Served(model, user, stream, fault.status, authorization=auth))
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                msg = json.dumps({"error": f"injected {fault.status}"}).encode()
                return self._send(fault.status, msg, "application/json", headers)
            recorded = _recorded_reply(body) if up.answers is None else None
            if recorded and not active:
                self._log(Served(model, user, stream, 200, authorization=auth))
                return self._send(recorded[0], recorded[2], recorded[1])
            text = up.answers(model, messages) if up.answers else ""
            pieces = pieces_of(text)
            usage = None if active and fault.no_usage else usage_for(messages, pieces)
            self._log(Served(model, user, stream, 200, text, usage, auth))
            if not stream:
                payload = b"{not json" if active and fault.malformed else plain_body(model, text, usage)
                return self._send(200, payload, "application/json")
            style = up.style.get(model, "cerebras")
            events = [b"data: {not json\n\n"] if active and fault.malformed else stream_body(style, model, text, usage)
            self._stream(
                events, cut=active and fault.cut, ctype=STREAM[style]["response"]["headers"]["Content-Type"][0]
            )

        def _log(self, served: Served) -> None:
            with up.lock:
                up.served.append(served)

        def _stream(self, events: list[bytes], cut: bool, ctype: str) -> None:
            total = sum(len(e) for e in events)
            try:
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(total))
                if cut:
                    self.send_header("Connection", "close")
                self.end_headers()
                for e in events[: len(events) // 2] if cut else events:
                    self.wfile.write(e)
                    self.wfile.flush()
                if cut:
                    self.close_connection = True
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class ChatServer:
    def __init__(self, upstream: ChatUpstream | None = None) -> None:
        self.upstream = upstream or ChatUpstream()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.upstream))
        self.httpd.daemon_threads = True
        self.httpd.request_queue_size = 64
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> ChatServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.upstream.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def answer_book(book: dict[tuple[str, str], str], default: str = "I don't know.") -> Callable[[str, list[dict]], str]:
    """answers= from a {(model, user prompt): answer} table."""

    def answers(model: str, messages: list[dict]) -> str:
        user = next((str(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")
        return book.get((model, user), default)

    return answers


if __name__ == "__main__":  # python -m tests.chat_server [latency_s]: serve for drills and benchmarks
    import sys

    latency = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0
    # Outside a test there is no answer book: every prompt gets the same short answer.
    with ChatServer(ChatUpstream(answers=lambda model, messages: "The answer is 42", latency_s=latency)) as server:
        print(server.base_url, flush=True)
        while True:
            time.sleep(3600)
