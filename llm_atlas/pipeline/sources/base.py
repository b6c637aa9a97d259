"""What every source adapter is: payload files, a live fetch, a parse to frames."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from llm_atlas import config
from llm_atlas.pipeline.frames import FetchError, PayloadError, SourceFrames

Payloads = dict[str, bytes]
__all__ = ["FetchError", "PayloadError", "Payloads", "Source", "SourceFrames"]

# (connect, read) seconds. Read covers one socket read, so a stalled server
# is cut off even when it sent headers.
USER_AGENT = "llm-atlas/0.1 (+https://github.com/)"


@dataclass
class Source:
    """One upstream. `files` maps payload names to paths under a data dir
    (the layout of shared/data); `urls` maps the same names to live URLs."""

    name: str
    title: str
    homepage: str
    license: str
    attribution: str
    files: dict[str, str]
    urls: dict[str, str]
    parse: Callable[[Payloads], SourceFrames]
    fetch_live: Callable[[Source, Mapping[str, str], float | tuple[float, float]], Payloads] | None = None
    recorded_as_of: str = ""  # date of the upstream content recorded in shared/data (SOURCES.md)

    def read_dir(self, data_dir: Path) -> Payloads:
        """Read this source's payloads from files laid out as in shared/data."""
        out: Payloads = {}
        for key, rel in self.files.items():
            path = Path(data_dir) / rel
            if path.is_dir():
                for child in sorted(path.glob("*")):
                    out[f"{key}/{child.name}"] = child.read_bytes()
            elif path.exists():
                out[key] = path.read_bytes()
            else:
                raise FetchError(f"{self.name}: payload file missing: {path}")
        return out

    def fetch(
        self,
        urls: Mapping[str, str] | None = None,
        timeout: float | tuple[float, float] | None = None,
    ) -> Payloads:
        """Fetch the live payloads (or from `urls`, e.g. a loopback test server); `timeout` defaults to
        the configured one (LLM_ATLAS_READ_TIMEOUT)."""
        urls = {**self.urls, **(urls or {})}
        timeout = timeout or config.timeout()
        if self.fetch_live is not None:
            return self.fetch_live(self, urls, timeout)
        session = http_session()
        return {key: get_bytes(session, url, timeout) for key, url in urls.items() if key in self.urls}


def http_session(retries: int = 2, backoff: float = 0.3) -> requests.Session:
    """A session that retries 429/5xx with backoff and honours Retry-After."""
    retry = Retry(
        total=retries,
        connect=retries,
        read=False,  # a read timeout is raised as such, not retried: it already waited its limit
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=("GET",),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def get_bytes(session: requests.Session, url: str, timeout: float | tuple[float, float]) -> bytes:
    try:
        resp = session.get(url, timeout=timeout)
    except requests.Timeout as exc:
        raise FetchError(f"timed out after {timeout} s: {url}") from exc
    except requests.RequestException as exc:
        raise FetchError(f"could not reach {url}: {type(exc).__name__}") from exc
    if resp.status_code != 200:
        raise FetchError(f"HTTP {resp.status_code} from {url}")
    return resp.content


def load_json(payload: bytes, what: str) -> object:
    try:
        return json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PayloadError(f"{what}: not valid JSON ({exc.msg if hasattr(exc, 'msg') else exc}); truncated?") from exc


def require_fields(records: list[dict], fields: tuple[str, ...], what: str, min_share: float = 0.9) -> None:
    """Fail when required fields are missing from most records (schema drift)."""
    if not records:
        raise PayloadError(f"{what}: no records")
    for f in fields:
        share = sum(1 for r in records if isinstance(r, dict) and f in r) / len(records)
        if share < min_share:
            raise PayloadError(f"{what}: field '{f}' missing from {1 - share:.0%} of records (renamed upstream?)")


def per_million(value: object) -> float | None:
    """USD per token (number or numeric string) -> USD per 1M tokens; None if absent."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number * 1e6


def to_float(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def http_url(value: object) -> str | None:
    """Only http(s) links come out of data."""
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None
