"""The real InferenceClient against the loopback chat server: recorded replies, and every fault
ends as an error kind on the answer, never as an exception, with the key scrubbed."""

import json

import pytest

from llm_atlas.evaluate import client, connections
from llm_atlas.evaluate.connections import Connection, EndpointError
from tests.chat_server import STREAM, ChatFault, ChatServer, ChatUpstream, answer_book, sse_events

KEY = "sk-test-SENTINEL-0123456789"
ASK = [{"role": "user", "content": "What is 6 x 7?"}]


@pytest.fixture
def chat():
    up = ChatUpstream(
        answers=answer_book({("good", "What is 6 x 7?"): "6 x 7 = 42"}),
        api_key=KEY,
        style={"together-style": "together"},
        faults={
            "limited": ChatFault(status=429, retry_after="2"),
            "broken": ChatFault(status=500),
            "unprocessable": ChatFault(status=422),
            "hang": ChatFault(hang_s=10),
            "cut": ChatFault(cut=True),
            "malformed": ChatFault(malformed=True),
            "no-usage": ChatFault(no_usage=True),
            "old-server": ChatFault(refuse_stream_options=True),
        },
    )
    with ChatServer(up) as server:
        yield server


def conn(server, key=KEY) -> Connection:
    return Connection("openai", "test", base_url=server.base_url, key=key)


def test_recorded_stream_replayed_through_the_real_client():
    """Exactly the recorded request gets exactly the recorded answer (Cerebras, streamed)."""
    rec = STREAM["cerebras"]
    body = json.loads(rec["request"]["body"])
    want = "".join(
        e["choices"][0]["delta"].get("content") or ""
        for e in sse_events(rec["response"]["body"]["string"])
        if isinstance(e, dict)
    )
    with ChatServer(ChatUpstream()) as server:
        ans = client.chat(conn(server), body["model"], body["messages"], max_tokens=body["max_tokens"])
    assert ans.error is None and ans.text == want and want.startswith("Deep learning")
    assert (ans.input_tokens, ans.output_tokens) == (46, 20)  # the recorded usage
    assert ans.ttft_s is not None and ans.ttft_s <= ans.total_s


@pytest.mark.parametrize("stream", [True, False])
def test_answer_text_usage_and_timing(chat, stream):
    ans = client.chat(conn(chat), "good", ASK, stream=stream)
    assert ans.error is None and ans.text == "6 x 7 = 42"
    served = chat.upstream.answered()[-1]
    assert (ans.input_tokens, ans.output_tokens) == (served.usage["prompt_tokens"], served.usage["completion_tokens"])
    assert served.authorization == f"Bearer {KEY}"


def test_together_wire_format(chat):
    ans = client.chat(conn(chat), "together-style", ASK)
    assert ans.error is None and ans.text == "I don't know." and ans.output_tokens == 3


@pytest.mark.parametrize(
    ("model", "kind"),
    [
        ("limited", "rate_limited"),
        ("broken", "server_error"),
        ("unprocessable", "bad_request"),
        ("hang", "timeout"),
        ("cut", "stream_cut"),
        ("malformed", "malformed"),
    ],
)
def test_faults_are_errors_not_crashes(chat, model, kind):
    ans = client.chat(conn(chat), model, ASK, timeout_s=1)
    assert ans.error == kind
    assert KEY not in (ans.detail or "") and KEY not in repr(ans)


def test_retry_after_is_read(chat):
    assert client.chat(conn(chat), "limited", ASK).retry_after_s == 2.0


def test_missing_usage_is_unknown_not_zero(chat):
    ans = client.chat(conn(chat), "no-usage", ASK)
    assert ans.error is None and ans.text and ans.input_tokens is None and not ans.has_usage


def test_wrong_key_gets_the_recorded_401(chat):
    ans = client.chat(conn(chat, key="sk-wrong-key-999"), "good", ASK)
    assert ans.error == "auth" and "Invalid username or password" in ans.detail
    assert "sk-wrong-key-999" not in ans.detail


def test_scrub_removes_keys_and_bearer_tokens():
    text = client.scrub(f"failed with {KEY}; header Authorization: Bearer abc.def", [KEY])
    assert KEY not in text and "abc.def" not in text


def test_connection_repr_never_shows_the_key():
    c = Connection("openai", "x", base_url="https://a.example/v1", key=KEY)
    assert KEY not in repr(c) and KEY not in json.dumps(c.public())


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://openrouter.ai/api/v1", True),
        ("http://127.0.0.1:8000/v1", True),
        ("http://localhost:1234/v1/", True),
        ("http://[::1]:8000/v1", True),
        ("http://10.0.0.5:8000/v1", False),
        ("ftp://example.com/v1", False),
        ("file:///etc/passwd", False),
        ("https://user:secret@example.com/v1", False),
        ("https://example.com/v1?key=abc", False),
        ("", False),
    ],
)
def test_base_url_screening(url, ok):
    if ok:
        assert connections.screen_base_url(url).startswith("http")
    else:
        with pytest.raises(EndpointError):
            connections.screen_base_url(url)


def test_plain_http_elsewhere_only_when_confirmed():
    assert connections.screen_base_url("http://10.0.0.5:8000/v1", allow_plain_http=True) == "http://10.0.0.5:8000/v1"


def test_connections_from_settings():
    conns, notes = connections.from_settings(
        {"OPENAI_BASE_URL": "https://api.groq.com/openai/v1", "OPENAI_API_KEY": KEY, "HF_TOKEN": "hf_x"}
    )
    assert [c.kind for c in conns] == ["openai", "hf"] and conns[0].key == KEY and not notes
    conns, notes = connections.from_settings({"OPENAI_BASE_URL": "http://10.1.1.1/v1"})
    assert conns == [] and "not used" in notes[0]
    assert connections.from_settings({}) == ([], [])


def test_ollama_probe_finds_a_server_that_answers_and_not_one_that_does_not(chat):
    chat.upstream.models = ["llama3.2"]
    found = connections.probe_ollama(chat.base_url)
    assert found is not None and found.kind == "ollama"
    assert connections.list_models(conn(chat)) == ["llama3.2"]
    assert connections.probe_ollama("http://127.0.0.1:9/v1") is None


def test_a_server_that_refuses_stream_options_is_asked_again_without(chat):
    ans = client.chat(conn(chat), "old-server", ASK)
    assert ans.error is None and ans.text == "I don't know."
    assert [s.status for s in chat.upstream.served if s.model == "old-server"] == [422, 200]
