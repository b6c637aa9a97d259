"""Endpoints a person has configured: an OpenAI-compatible base URL and key, Hugging Face
Inference Providers with a token, a local Ollama. Keys never leave the Connection object."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

OLLAMA_BASE = "http://127.0.0.1:11434/v1"


class EndpointError(ValueError):
    """A base URL the app will not send a key to; the message says why, in plain words."""


@dataclass(frozen=True)
class Connection:
    """One endpoint. `key` is excluded from repr/eq so it never lands in a log or a traceback."""

    kind: str  # "openai" (any OpenAI-compatible server), "hf" (Inference Providers), "ollama"
    label: str
    base_url: str | None = None  # openai / ollama
    provider: str | None = None  # hf: "auto" or a provider name
    key: str | None = field(default=None, repr=False, compare=False)

    @property
    def endpoint_id(self) -> str:
        """What identifies the endpoint in stored runs and for concurrency limits (never the key)."""
        return f"{self.kind}:{self.base_url or self.provider or ''}"

    def public(self) -> dict[str, str | None]:
        """The settings that may be stored or shown."""
        return {"kind": self.kind, "label": self.label, "base_url": self.base_url, "provider": self.provider}


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def screen_base_url(url: str, *, allow_plain_http: bool = False) -> str:
    """The URL, normalised, or EndpointError: http(s) only; plain http only to this machine unless
    the person confirmed it (a key sent over plain http can be read on the way)."""
    url = (url or "").strip()
    if not url:
        raise EndpointError("Enter a base URL, e.g. https://openrouter.ai/api/v1.")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise EndpointError("Only http:// and https:// base URLs are accepted.")
    if not parts.hostname:
        raise EndpointError("The base URL has no host name.")
    if parts.username or parts.password:
        raise EndpointError("Put the key in the key field, not in the URL.")
    if parts.query or parts.fragment:
        raise EndpointError("A base URL has no ?query or #fragment; the key goes in the key field.")
    if parts.scheme == "http" and not is_loopback(parts.hostname) and not allow_plain_http:
        raise EndpointError(
            "Plain http:// to another machine sends the key unencrypted. Use https://, or confirm plain http."
        )
    return url.rstrip("/")


def from_settings(settings: Mapping[str, object]) -> tuple[list[Connection], list[str]]:
    """Connections named in secrets/environment (OPENAI_BASE_URL + OPENAI_API_KEY, HF_TOKEN), and
    a message for each setting that could not be used. `settings` maps names to values."""
    out: list[Connection] = []
    notes: list[str] = []
    base = str(settings.get("OPENAI_BASE_URL") or "").strip()
    key = str(settings.get("OPENAI_API_KEY") or "").strip() or None
    if base:
        try:
            url = screen_base_url(base)
            host = urlsplit(url).netloc
            out.append(Connection("openai", f"OpenAI-compatible · {host}", base_url=url, key=key))
        except EndpointError as exc:
            notes.append(f"OPENAI_BASE_URL is not used: {exc}")
    elif key:
        # The official client's default: a key alone means OpenAI itself.
        out.append(Connection("openai", "OpenAI · api.openai.com", base_url="https://api.openai.com/v1", key=key))
    token = str(settings.get("HF_TOKEN") or "").strip()
    if token:
        out.append(Connection("hf", "Hugging Face Inference Providers", provider="auto", key=token))
    return out, notes


def probe_ollama(base_url: str = OLLAMA_BASE, timeout_s: float = 0.3) -> Connection | None:
    """A local Ollama when it answers its OpenAI-compatible model list quickly, else None."""
    try:
        resp = requests.get(f"{base_url}/models", timeout=timeout_s)
        if resp.status_code == 200 and isinstance(resp.json().get("data"), list):
            return Connection("ollama", "Ollama · this machine", base_url=base_url, key="ollama")
    except (requests.RequestException, ValueError, AttributeError):
        pass
    return None


def list_models(conn: Connection, timeout_s: float = 3.0) -> list[str]:
    """Model ids an OpenAI-compatible endpoint lists at /models (empty when it lists none)."""
    if conn.kind == "hf" or not conn.base_url:
        return []
    headers = {"Authorization": f"Bearer {conn.key}"} if conn.key else {}
    try:
        resp = requests.get(f"{conn.base_url}/models", headers=headers, timeout=timeout_s)
        data = resp.json().get("data") if resp.status_code == 200 else None
    except (requests.RequestException, ValueError, AttributeError):
        return []
    return sorted({str(m["id"]) for m in data or [] if isinstance(m, dict) and m.get("id")})
