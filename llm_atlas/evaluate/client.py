"""One chat call through huggingface_hub.InferenceClient, for every kind of endpoint.

Never raises for what an endpoint or the network does: the Answer says what happened, as an
error kind and a short detail with every key scrubbed out.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import httpx2
from huggingface_hub import InferenceClient
from huggingface_hub.errors import HfHubHTTPError, InferenceTimeoutError

from llm_atlas.evaluate.connections import Connection

ERROR_KINDS = {
    "rate_limited": "rate limited (429)",
    "server_error": "server error (5xx)",
    "auth": "key refused (401/403)",
    "bad_request": "request refused (4xx)",
    "timeout": "timed out",
    "connection": "could not connect",
    "stream_cut": "answer cut off mid-stream",
    "malformed": "unreadable response",
    "cancelled": "stopped before an answer",
}
RETRYABLE = {"rate_limited", "server_error", "connection"}
DETAIL_MAX = 300


@dataclass
class Answer:
    text: str = ""
    input_tokens: int | None = None
    output_tokens: int | None = None
    cached_tokens: int | None = None
    ttft_s: float | None = None
    total_s: float | None = None
    error: str | None = None  # a key of ERROR_KINDS
    detail: str | None = None  # scrubbed, short
    status: int | None = None
    retry_after_s: float | None = None

    @property
    def has_usage(self) -> bool:
        return self.input_tokens is not None and self.output_tokens is not None


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """`text` with every secret and every bearer token replaced, cut to a readable length."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    text = re.sub(r"(?i)(bearer\s+)\S+", r"\1***", text)
    return text if len(text) <= DETAIL_MAX else text[: DETAIL_MAX - 1] + "…"


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date); None when absent or odd."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def make_client(conn: Connection, timeout_s: float, connect_s: float = 5.0) -> InferenceClient:
    # httpx's Timeout: connect bounded separately; read is the longest silence between two bytes.
    timeout = httpx2.Timeout(timeout_s, connect=min(connect_s, timeout_s))
    if conn.kind == "hf":
        return InferenceClient(provider=conn.provider or "auto", api_key=conn.key, timeout=timeout)  # type: ignore[arg-type]
    return InferenceClient(base_url=conn.base_url, api_key=conn.key or "none", timeout=timeout)  # type: ignore[arg-type]


def _usage(answer: Answer, usage) -> None:
    if usage is None:
        return
    prompt = getattr(usage, "prompt_tokens", None)
    completion = getattr(usage, "completion_tokens", None)
    if isinstance(prompt, int) and isinstance(completion, int):
        answer.input_tokens, answer.output_tokens = prompt, completion
        details = getattr(usage, "prompt_tokens_details", None)
        cached = details.get("cached_tokens") if isinstance(details, dict) else None
        answer.cached_tokens = cached if isinstance(cached, int) else None


def chat(
    conn: Connection,
    model: str,
    messages: list[dict[str, str]],
    *,
    temperature: float | None = None,
    max_tokens: int | None = None,
    timeout_s: float = 60.0,
    stream: bool = True,
    on_text: Callable[[str], None] | None = None,
) -> Answer:
    """Ask `model` once. Streams by default (time to first token), asking for usage in the stream;
    a server that refuses `stream_options` (400/422) is asked again without it."""
    answer = _chat(conn, model, messages, temperature, max_tokens, timeout_s, stream, on_text, True)
    if stream and answer.error == "bad_request" and answer.status in (400, 422):
        answer = _chat(conn, model, messages, temperature, max_tokens, timeout_s, stream, on_text, False)
    return answer


def _chat(
    conn: Connection,
    model: str,
    messages: list[dict[str, str]],
    temperature: float | None,
    max_tokens: int | None,
    timeout_s: float,
    stream: bool,
    on_text: Callable[[str], None] | None,
    usage_option: bool,
) -> Answer:
    answer = Answer()
    start = time.perf_counter()
    parts: list[str] = []
    finished = False
    try:
        with make_client(conn, timeout_s) as client:
            kwargs = {"model": model, "messages": messages, "temperature": temperature, "max_tokens": max_tokens}
            if stream:
                options = {"stream_options": {"include_usage": True}} if usage_option else {}
                chunks = client.chat_completion(**kwargs, stream=True, **options)
                for chunk in chunks:
                    if time.perf_counter() - start > timeout_s * 4:
                        raise InferenceTimeoutError("answer took too long in total")
                    _usage(answer, chunk.usage)
                    for choice in chunk.choices or []:
                        piece = choice.delta.content if choice.delta else None
                        if piece:
                            if answer.ttft_s is None:
                                answer.ttft_s = time.perf_counter() - start
                            parts.append(piece)
                            if on_text:
                                on_text("".join(parts))
                        if choice.finish_reason:
                            finished = True
                if not finished:
                    answer.error, answer.detail = "stream_cut", "the stream ended without a finish reason"
            else:
                out = client.chat_completion(**kwargs)
                _usage(answer, out.usage)
                message = out.choices[0].message if out.choices else None
                parts.append((message.content if message else None) or "")
                answer.ttft_s = time.perf_counter() - start
    except HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else None
        answer.status = status
        answer.error = (
            "rate_limited"
            if status == 429
            else "server_error"
            if status and status >= 500
            else "auth"
            if status in (401, 403)
            else "bad_request"
        )
        if exc.response is not None:
            answer.retry_after_s = parse_retry_after(exc.response.headers.get("retry-after"))
        answer.detail = str(exc)
    except (InferenceTimeoutError, httpx2.TimeoutException) as exc:
        answer.error, answer.detail = "timeout", str(exc) or f"no answer within {timeout_s:g} s"
    except (httpx2.RemoteProtocolError, httpx2.ReadError) as exc:
        answer.error, answer.detail = "stream_cut", str(exc) or "the connection closed mid-answer"
    except (httpx2.ConnectError, httpx2.NetworkError, httpx2.ProxyError) as exc:
        answer.error, answer.detail = "connection", str(exc)
    except (json.JSONDecodeError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        answer.error, answer.detail = "malformed", f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 (anything else from a third-party client is one case's error, not a crash)
        answer.error, answer.detail = "malformed", f"{type(exc).__name__}: {exc}"
    answer.text = "".join(parts)
    answer.total_s = time.perf_counter() - start
    if answer.detail:
        answer.detail = scrub(answer.detail, [conn.key])
    return answer
