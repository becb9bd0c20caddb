"""The loopback OpenAI server speaks the wire format real clients (httpx, openai SDK) understand."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import openai
import pytest

from resume_worker.event_loop import run_async
from tests.openai_server import (
    OpenAIServer,
    fake_embedding,
    hang,
    latency,
    malformed,
    reply,
    status,
)

MESSAGES: list[Any] = [{"role": "user", "content": "hello there"}]


def _client(server: OpenAIServer, **kwargs: Any) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=server.base_url, api_key="test-key", max_retries=0, **kwargs)


def _post(server: OpenAIServer, path: str, body: Any, timeout: float = 5.0) -> httpx.Response:
    return httpx.post(server.base_url + path, json=body, timeout=timeout)


def test_base_url_is_loopback_and_ends_with_v1(openai_server: OpenAIServer) -> None:
    """base_url points at 127.0.0.1 on a real port and ends with /v1."""
    assert openai_server.base_url.startswith("http://127.0.0.1:")
    assert openai_server.base_url.endswith("/v1")


def test_chat_reply_has_the_openai_wire_shape(openai_server: OpenAIServer) -> None:
    """A scripted chat reply comes back with id, object, created, model, choices and usage."""
    openai_server.script("chat", reply('{"name": "A"}'))
    payload = _post(openai_server, "/chat/completions", {"model": "m1", "messages": MESSAGES})
    data = payload.json()
    assert payload.status_code == 200
    assert data["object"] == "chat.completion" and data["id"].startswith("chatcmpl-")
    assert isinstance(data["created"], int) and data["model"] == "m1"
    choice = data["choices"][0]
    assert choice["index"] == 0 and choice["finish_reason"] == "stop"
    assert choice["message"] == {"role": "assistant", "content": '{"name": "A"}'}
    usage = data["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0


def test_openai_sdk_parses_scripted_then_default_chat_replies(openai_server: OpenAIServer) -> None:
    """The SDK reads the scripted reply first, then the configurable default content."""
    openai_server.chat_content = '{"default": true}'
    openai_server.script("chat", reply("first"))

    async def two_calls() -> list[str | None]:
        async with _client(openai_server) as client:
            out = []
            for _ in range(2):
                done = await client.chat.completions.create(model="m", messages=MESSAGES)
                out.append(done.choices[0].message.content)
            return out

    assert run_async(two_calls()) == ["first", '{"default": true}']
    assert openai_server.pending("chat") == 0


def test_callable_content_sees_the_request_body(openai_server: OpenAIServer) -> None:
    """Reply content may be computed from the parsed request body."""
    openai_server.chat_content = lambda body: body["messages"][-1]["content"].upper()
    data = _post(openai_server, "/chat/completions", {"model": "m", "messages": MESSAGES}).json()
    assert data["choices"][0]["message"]["content"] == "HELLO THERE"


def test_openai_sdk_reads_tool_calls(openai_server: OpenAIServer) -> None:
    """A tool-call reply reaches the SDK as a function call with JSON arguments."""
    openai_server.script("chat", reply(tool_calls=[{"name": "save", "arguments": {"x": 1}}]))

    async def call() -> Any:
        async with _client(openai_server) as client:
            return await client.chat.completions.create(model="m", messages=MESSAGES)

    done = run_async(call())
    assert done.choices[0].finish_reason == "tool_calls"
    tool_call = done.choices[0].message.tool_calls[0]
    assert tool_call.function.name == "save"
    assert json.loads(tool_call.function.arguments) == {"x": 1}


def test_default_embeddings_are_deterministic_unit_vectors(openai_server: OpenAIServer) -> None:
    """Default embeddings are hash-seeded unit vectors of the configured dimension."""
    openai_server.embedding_dim = 16
    body = {"model": "e", "input": ["alpha", "beta", "alpha"]}
    data = _post(openai_server, "/embeddings", body).json()
    vectors = [item["embedding"] for item in data["data"]]
    assert [item["index"] for item in data["data"]] == [0, 1, 2]
    assert {item["object"] for item in data["data"]} == {"embedding"}
    assert data["model"] == "e" and data["usage"]["total_tokens"] == 3
    assert all(len(v) == 16 for v in vectors)
    assert abs(sum(x * x for x in vectors[0]) - 1.0) < 1e-9
    assert vectors[0] == vectors[2] == fake_embedding("alpha", 16) != vectors[1]


def test_openai_sdk_decodes_base64_embeddings(openai_server: OpenAIServer) -> None:
    """The SDK's default base64 encoding round-trips the same vectors (float32 precision)."""

    async def embed() -> Any:
        async with _client(openai_server) as client:
            return await client.embeddings.create(model="e", input=["안녕하세요", "hello"])

    done = run_async(embed())
    assert openai_server.requests[-1].body["encoding_format"] == "base64"
    for item, text in zip(done.data, ["안녕하세요", "hello"], strict=True):
        assert item.embedding == pytest.approx(fake_embedding(text, 8), abs=1e-6)


def test_scripted_embeddings_are_served_as_given(openai_server: OpenAIServer) -> None:
    """Explicit embeddings in a reply replace the default vectors."""
    openai_server.script("embeddings", reply(embeddings=[[1.0, 0.0]]))
    data = _post(openai_server, "/embeddings", {"model": "e", "input": "x"}).json()
    assert data["data"][0]["embedding"] == [1.0, 0.0]


def test_429_carries_retry_after_to_httpx_and_the_sdk(openai_server: OpenAIServer) -> None:
    """A scripted 429 has a Retry-After header; the SDK raises RateLimitError with it."""
    openai_server.script("chat", status(429, retry_after=1), status(429, retry_after=2))
    raw = _post(openai_server, "/chat/completions", {"messages": MESSAGES})
    assert raw.status_code == 429 and raw.headers["retry-after"] == "1"
    assert raw.json()["error"]["type"] == "rate_limit_error"

    async def call() -> None:
        async with _client(openai_server) as client:
            await client.chat.completions.create(model="m", messages=MESSAGES)

    with pytest.raises(openai.RateLimitError) as caught:
        run_async(call())
    assert caught.value.response.headers["retry-after"] == "2"


def test_500_raises_internal_server_error_in_the_sdk(openai_server: OpenAIServer) -> None:
    """A scripted 500 becomes openai.InternalServerError."""
    openai_server.script("chat", status(500))

    async def call() -> None:
        async with _client(openai_server) as client:
            await client.chat.completions.create(model="m", messages=MESSAGES)

    with pytest.raises(openai.InternalServerError) as caught:
        run_async(call())
    assert caught.value.status_code == 500


def test_hang_longer_than_client_timeout_times_out(openai_server: OpenAIServer) -> None:
    """A hang beyond the client's timeout raises APITimeoutError after about that timeout."""
    openai_server.script("chat", hang(10))

    async def call() -> None:
        async with _client(openai_server, timeout=0.3) as client:
            await client.chat.completions.create(model="m", messages=MESSAGES)

    started = time.perf_counter()
    with pytest.raises(openai.APITimeoutError):
        run_async(call())
    assert 0.25 < time.perf_counter() - started < 3


def test_hang_shorter_than_client_timeout_drops_the_connection(
    openai_server: OpenAIServer,
) -> None:
    """After a short hang the server closes the connection without answering."""
    openai_server.script("chat", hang(0.1))
    with pytest.raises(httpx.RemoteProtocolError):
        _post(openai_server, "/chat/completions", {"messages": MESSAGES})


def test_malformed_body_makes_clients_fail_to_parse(openai_server: OpenAIServer) -> None:
    """A malformed 200 body cannot be parsed by httpx .json() nor by the SDK."""
    openai_server.script("chat", malformed(), malformed())
    raw = _post(openai_server, "/chat/completions", {"messages": MESSAGES})
    assert raw.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        raw.json()

    async def call() -> None:
        async with _client(openai_server) as client:
            await client.chat.completions.create(model="m", messages=MESSAGES)

    with pytest.raises(ValueError, match="Expecting"):
        run_async(call())


def test_scripted_and_fixed_latency_delay_replies(openai_server: OpenAIServer) -> None:
    """latency(s, then=...) delays one reply; the fixed latency setting delays every reply."""
    openai_server.script("chat", latency(0.2, then=reply("late")))
    started = time.perf_counter()
    late = _post(openai_server, "/chat/completions", {"messages": MESSAGES}).json()
    assert time.perf_counter() - started >= 0.2
    assert late["choices"][0]["message"]["content"] == "late"
    openai_server.latency = 0.15
    started = time.perf_counter()
    _post(openai_server, "/embeddings", {"input": "x"})
    assert time.perf_counter() - started >= 0.15


def test_every_request_is_recorded(openai_server: OpenAIServer) -> None:
    """Requests are recorded in order with path, route, lower-case headers and parsed body."""

    async def calls() -> None:
        async with _client(openai_server) as client:
            await client.chat.completions.create(model="m", messages=MESSAGES)
            await client.embeddings.create(model="e", input="x")

    run_async(calls())
    _post(openai_server, "/unknown", {"a": 1})
    chat, embeddings, unknown = openai_server.requests
    assert (chat.path, chat.route) == ("/v1/chat/completions", "chat")
    assert chat.headers["authorization"] == "Bearer test-key"
    assert chat.body == {"model": "m", "messages": MESSAGES}
    assert embeddings.route == "embeddings" and embeddings.body["input"] == "x"
    assert unknown.route is None and unknown.body == {"a": 1}
    assert [r.path for r in openai_server.requests_for("chat")] == ["/v1/chat/completions"]


def test_unknown_paths_and_routes_are_refused(openai_server: OpenAIServer) -> None:
    """Unknown paths answer 404; scripting an unknown route is a ValueError."""
    assert _post(openai_server, "/completions", {}).status_code == 404
    assert httpx.get(openai_server.base_url + "/models").status_code == 404
    with pytest.raises(ValueError, match="unknown route"):
        openai_server.script("images", reply())


def test_stop_wakes_hanging_requests_quickly() -> None:
    """Stopping the server does not wait for a scripted hang to finish."""
    server = OpenAIServer().start()
    server.script("chat", hang(30))
    with httpx.Client(timeout=0.2) as client, pytest.raises(httpx.ReadTimeout):
        client.post(server.base_url + "/chat/completions", json={})
    started = time.perf_counter()
    server.stop()
    assert time.perf_counter() - started < 2
