"""The OpenAI wire format of chat completions and embeddings, as the loopback server writes it."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import struct
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.openai_server import Reply


def fake_embedding(text: str, dim: int) -> list[float]:
    """Return the deterministic unit vector the server gives `text` (seeded by its SHA-256)."""
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    rng = random.Random(seed)
    vector = [rng.gauss(0.0, 1.0) for _ in range(dim)]
    norm = sum(x * x for x in vector) ** 0.5 or 1.0
    return [x / norm for x in vector]


def _words(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).split())


def chat_body(
    reply: Reply, body: Any, number: int, default: str | Callable[[Any], str]
) -> dict[str, Any]:
    content = reply.content if reply.content is not None else default
    if callable(content):
        content = content(body)
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if reply.tool_calls:
        message = {"role": "assistant", "content": None, "tool_calls": _tool_calls(reply)}
    finish = reply.finish_reason or ("tool_calls" if reply.tool_calls else "stop")
    prompt, completion = _words((body or {}).get("messages", [])), _words(message)
    usage = {"prompt_tokens": prompt, "completion_tokens": completion}
    return {
        "id": f"chatcmpl-{number}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": (body or {}).get("model", "fake-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {**usage, "total_tokens": prompt + completion},
    }


def answer_reply(value: Any, body: Any, honour_format: bool) -> Reply:
    """The Reply that carries `value` the way the request's structured-output mode asks."""
    from tests.openai_server import Reply

    body = body if isinstance(body, dict) else {}
    if callable(value):
        value = value(body)
    text = json.dumps(value, ensure_ascii=False)
    if honour_format and body.get("tools"):
        chosen = (body.get("tool_choice") or {}).get("function", {}).get("name")
        name = chosen or body["tools"][0]["function"]["name"]
        return Reply(tool_calls=[{"name": name, "arguments": text}])
    if honour_format and body.get("response_format"):
        return Reply(content=text)
    return Reply(content=f"Here is the JSON you asked for:\n```json\n{text}\n```\nAnything else?")


def leaks(bodies: list[Any], values: tuple[str, ...]) -> list[str]:
    """The values that occur in any of the bodies (see OpenAIServer.leaked)."""
    sent = "\n".join(json.dumps(b, ensure_ascii=False) for b in bodies)
    squashed = re.sub(r"\s+", "", sent).casefold()
    found = []
    for value in values:
        digits = re.sub(r"\D", "", value)
        spread = len(digits) >= 8 and re.search(r"\D{0,3}".join(digits), sent)
        if re.sub(r"\s+", "", value).casefold() in squashed or spread:
            found.append(value)
    return found


def _tool_calls(reply: Reply) -> list[dict[str, Any]]:
    calls = []
    for index, call in enumerate(reply.tool_calls):
        arguments = call.get("arguments", {})
        if not isinstance(arguments, str):
            arguments = json.dumps(arguments, ensure_ascii=False)
        function = {"name": call["name"], "arguments": arguments}
        calls.append({"id": f"call_{index}", "type": "function", "function": function})
    return calls


def embeddings_body(reply: Reply, body: Any, dim: int) -> dict[str, Any]:
    body = body or {}
    inputs = body.get("input", [])
    texts = [inputs] if isinstance(inputs, str) else list(inputs)
    dim = int(body.get("dimensions") or dim)
    vectors = list(reply.embeddings or ())
    vectors += [fake_embedding(str(t), dim) for t in texts[len(vectors) :]]
    use_base64 = body.get("encoding_format") == "base64"
    data = [
        {"object": "embedding", "index": i, "embedding": _encode(v, use_base64)}
        for i, v in enumerate(vectors)
    ]
    tokens = sum(len(str(t).split()) for t in texts)
    return {
        "object": "list",
        "data": data,
        "model": body.get("model", "fake-embedding"),
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


def _encode(vector: Any, use_base64: bool) -> Any:
    return (
        list(vector)
        if not use_base64
        else base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")
    )
