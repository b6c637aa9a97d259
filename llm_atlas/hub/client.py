"""Every Hub call: huggingface_hub's client with timeouts, runs under a deadline the page sets, and its
failures become one line for a person. Used by the Hub page and the refresh's Hub source alike."""

from __future__ import annotations

import concurrent.futures
import os
import threading
from collections.abc import Callable
from typing import TypeVar

import httpx2
from huggingface_hub import HfApi
from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError
from huggingface_hub.utils import set_client_factory
from huggingface_hub.utils._http import default_client_factory

HUB_ENDPOINT = "https://huggingface.co"


def hub_token() -> str | None:
    """Token from the environment only here; the app passes st.secrets in itself."""
    return os.environ.get("HF_TOKEN") or None


def make_api(endpoint: str | None = None, token: str | None = None, read_timeout: float = 30.0) -> HfApi:
    use_timeouts(min(5.0, read_timeout), read_timeout)
    return HfApi(endpoint=endpoint or HUB_ENDPOINT, token=token or hub_token() or False)


_timeouts: tuple[float, float] | None = None


def use_timeouts(connect: float, read: float) -> None:
    """huggingface_hub's shared client has no timeout at all: a hung Hub would hang a
    refresh or a page for ever. Keep its hooks and redirects; add timeouts, and note errors."""
    global _timeouts
    if _timeouts == (connect, read):
        return
    _timeouts = (connect, read)

    def client() -> httpx2.Client:
        default = default_client_factory()
        hooks = {k: list(v) for k, v in default.event_hooks.items()}
        default.close()
        hooks["response"] = [*hooks.get("response", []), _remember_status]
        return httpx2.Client(
            event_hooks=hooks,
            follow_redirects=True,
            timeout=httpx2.Timeout(read, connect=connect),
            transport=_RememberingTransport(connect, read),
        )

    set_client_factory(client)


# The last failure each thread saw: ("HTTP 429", Retry-After) or ("ConnectError", None).
# huggingface_hub retries 429/5xx/network errors inside list_models, so a caller that gives
# up waiting can still say why.
LAST_ERROR: dict[int, tuple[str, str | None]] = {}


def _remember_status(response: httpx2.Response) -> None:
    if response.status_code >= 400:
        LAST_ERROR[threading.get_ident()] = (f"HTTP {response.status_code}", response.headers.get("Retry-After"))


# The Hub call each thread is running for a caller, as the Event that caller sets when it stops
# waiting (llm_atlas.hub.with_deadline). The transport then refuses the call's next attempt, so
# huggingface_hub's retries end there instead of holding a worker for ~25 s.
_CALLER_GONE: dict[int, threading.Event] = {}
T = TypeVar("T")


class HubCallAbandonedError(RuntimeError):
    """The caller stopped waiting for this Hub call; not retried by huggingface_hub."""


def run_for_caller(fn: Callable[[], T], caller_gone: threading.Event) -> T:
    """Run one Hub call in this thread; once `caller_gone` is set it sends no more requests."""
    ident = threading.get_ident()
    LAST_ERROR.pop(ident, None)
    if caller_gone.is_set():  # gave up while this call waited for a worker
        raise HubCallAbandonedError("the caller stopped waiting before the call started")
    _CALLER_GONE[ident] = caller_gone
    try:
        return fn()
    finally:
        _CALLER_GONE.pop(ident, None)


class _RememberingTransport(httpx2.HTTPTransport):
    """Notes failures; and applies our timeouts where huggingface_hub passes timeout=None
    per request (list_models and model_info do), which would otherwise mean "wait for ever"."""

    def __init__(self, connect: float, read: float) -> None:
        super().__init__()
        self.defaults = {"connect": connect, "read": read, "write": read, "pool": read}

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        caller_gone = _CALLER_GONE.get(threading.get_ident())
        if caller_gone is not None and caller_gone.is_set():
            raise HubCallAbandonedError(f"the caller stopped waiting; not asking {request.url.host} again")
        given = request.extensions.get("timeout") or {}
        request.extensions["timeout"] = {k: given.get(k) or v for k, v in self.defaults.items()}
        try:
            return super().handle_request(request)
        except httpx2.ConnectError as exc:
            # Not retried: huggingface_hub would retry for ~25 s and close the shared client
            # (failing other threads' requests in flight) on each attempt.
            LAST_ERROR[threading.get_ident()] = ("ConnectError", None)
            raise HubUnreachableError(f"cannot connect to {request.url.host}") from exc
        except Exception as exc:
            LAST_ERROR[threading.get_ident()] = (type(exc).__name__, None)
            raise


class HubUnreachableError(ConnectionError):
    """No connection to the Hub at all (refused, no route, no DNS)."""


# --- errors and deadlines -----------------------------------------------------------------------


class HubTimeoutError(Exception):
    def __init__(self, seconds: float, last_error: tuple[str, str | None] | None = None) -> None:
        super().__init__(f"no answer within {seconds:g} s")
        self.seconds = seconds
        self.last_error = last_error


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="hub")
T = TypeVar("T")


def with_deadline(fn: Callable[[], T], seconds: float) -> T:
    """Run a Hub call, giving up after `seconds` (huggingface_hub retries 429/5xx with
    backoff for ~25 s; a page should say what is wrong sooner). A call given up on sends no
    further attempts, so its worker is soon free for the next visitor."""
    worker: list[int] = []
    caller_gone = threading.Event()

    def run() -> T:
        worker.append(threading.get_ident())
        return run_for_caller(fn, caller_gone)

    future = _POOL.submit(run)
    try:
        return future.result(timeout=seconds)
    except concurrent.futures.TimeoutError as exc:
        caller_gone.set()  # its retries stop at the next attempt: the worker is free for others
        raise HubTimeoutError(seconds, LAST_ERROR.get(worker[0]) if worker else None) from exc


def describe_error(exc: BaseException, repo_id: str | None = None) -> str:
    """One line for a person; never the token, never a raw traceback."""
    what = f" for {repo_id}" if repo_id else ""
    if isinstance(exc, HubTimeoutError):
        kind, retry_after = exc.last_error or ("", None)
        if kind == "HTTP 429":
            wait = f", asked to retry after {retry_after} s" if retry_after else ""
            return f"The Hub is rate-limiting requests (HTTP 429{wait}); gave up after {exc.seconds:g} s."
        if kind.startswith("HTTP"):
            return f"The Hub kept answering {kind}{what}; gave up after {exc.seconds:g} s."
        if "Connect" in kind:
            return f"The Hugging Face Hub is unreachable (no network?); gave up after {exc.seconds:g} s."
        return f"The Hugging Face Hub did not answer{what} within {exc.seconds:g} s."
    if isinstance(exc, GatedRepoError):
        return f"{repo_id or 'This model'} is gated: accept its terms on the Hub and set HF_TOKEN to see it."
    if isinstance(exc, RepositoryNotFoundError):
        return f"The Hub has no public model {repo_id or ''} (HTTP {_status(exc)}).".replace("  ", " ")
    if isinstance(exc, HfHubHTTPError):
        status = _status(exc)
        if status == 429:
            wait = exc.response.headers.get("Retry-After") if exc.response is not None else None
            return f"The Hub is rate-limiting requests (HTTP 429{f', retry after {wait} s' if wait else ''})."
        if status in (401, 403):
            return f"The Hub refused the request{what} (HTTP {status}); a token may be needed or invalid."
        return f"The Hub answered HTTP {status}{what}."
    name = type(exc).__name__
    if "Timeout" in name:
        return f"The Hugging Face Hub did not answer{what} in time ({name})."
    if "Connect" in name or isinstance(exc, OSError):
        return "The Hugging Face Hub is unreachable (no network?)."
    return f"The Hub request{what} failed ({name})."


def _status(exc: HfHubHTTPError) -> int | str:
    return exc.response.status_code if exc.response is not None else "?"
