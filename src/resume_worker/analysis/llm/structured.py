"""Structured output: the schema a reply must match, and reading a reply back into a pydantic
model.

Several OpenAI-compatible endpoints ignore `response_format` or answer a tool call with plain
text, so every mode reads the reply the same tolerant way: the tool call's arguments when there
is one (the chat adapter takes those out), else the message text, with or without ```json fences
or prose around the object.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from resume_worker.core.ports.analyst import ReplyShape, StructuredOutput

# Values the worker computes itself (validate does): kept out of what the model is asked for.
COMPUTED_FIELDS = frozenset({"months", "total_experience_months"})
# Schema keywords that cost tokens and tell the model nothing the property names do not.
NOISE_KEYWORDS = frozenset({"title"})
MAX_REPORTED_ERRORS = 20
Model = TypeVar("Model", bound=BaseModel)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


class ReplyError(ValueError):
    """A reply that is not the JSON asked for. The message names what is wrong (JSON syntax,
    field paths and pydantic messages) but never quotes a value, so it can go back to the model
    and into logs."""


def reply_shape(model: type[BaseModel], name: str, description: str) -> ReplyShape:
    """The shape of a reply that must validate as `model` (its lean schema)."""
    return ReplyShape(name, description, lean_schema(model.model_json_schema()))


def lean_schema(schema: Any) -> Any:
    """The schema without computed properties and without titles."""
    if isinstance(schema, dict):
        return {
            key: (
                {k: lean_schema(v) for k, v in value.items() if k not in COMPUTED_FIELDS}
                if key == "properties" and isinstance(value, dict)
                else lean_schema(value)
            )
            for key, value in schema.items()
            if key not in NOISE_KEYWORDS
        }
    if isinstance(schema, list):
        return [lean_schema(item) for item in schema]
    return schema


def schema_in_prompt(mode: StructuredOutput) -> bool:
    """json_object and prompt modes carry no schema in the request, so the prompt must."""
    return mode in ("json_object", "prompt")


def parse_json(text: str | None) -> Any:
    """The JSON object in a reply: fenced, bare, or inside prose (first `{` to last `}`)."""
    if text is None or not text.strip():
        raise ReplyError("the reply was empty; reply with one JSON object")
    fenced = _FENCE.search(text)
    body = fenced.group(1) if fenced else text
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end < start:
        raise ReplyError("the reply held no JSON object; reply with one JSON object")
    try:
        return json.loads(body[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ReplyError(
            f"the reply is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc


def read_reply(text: str | None, model: type[Model]) -> Model:
    """Parse and validate a reply; a null value counts as absent (its default applies)."""
    data = _without_nulls(parse_json(text))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(part) for part in error['loc']) or '(root)'}: {error['msg']}"
            for error in exc.errors(include_input=False, include_url=False)
        ]
        shown = "; ".join(problems[:MAX_REPORTED_ERRORS])
        raise ReplyError(f"the JSON does not match the schema: {shown}") from exc


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value if item is not None]
    return value
