"""Structured-output modes and reading replies: pure helpers, no server needed."""

from __future__ import annotations

import json

import pytest

from resume_worker.adapters.openai.chat_client import request_options
from resume_worker.analysis.llm.analyst import PROFILE_SHAPE
from resume_worker.analysis.llm.prompts import budget, profile_messages
from resume_worker.analysis.llm.structured import ReplyError, parse_json, read_reply
from resume_worker.core.models import CandidateProfile
from resume_worker.core.ports.analyst import STRUCTURED_OUTPUTS as MODES


def test_each_mode_asks_for_structure_its_own_way() -> None:
    """json_schema and json_object set response_format, tools forces our tool, prompt nothing."""
    options = {mode: request_options(mode, PROFILE_SHAPE) for mode in MODES}
    assert options["json_schema"]["response_format"]["type"] == "json_schema"
    assert options["json_schema"]["response_format"]["json_schema"]["schema"]
    assert options["json_object"] == {"response_format": {"type": "json_object"}}
    assert options["tools"]["tool_choice"]["function"]["name"] == PROFILE_SHAPE.name
    assert options["tools"]["tools"][0]["function"]["parameters"] == PROFILE_SHAPE.schema
    assert options["prompt"] == {}


@pytest.mark.parametrize("mode", MODES)
def test_the_schema_is_in_the_prompt_only_when_the_request_lacks_it(mode: str) -> None:
    """json_object and prompt modes carry the schema in the system message."""
    system = profile_messages("text", mode=mode, shape=PROFILE_SHAPE, max_chars=1000)[0]  # type: ignore[arg-type]
    assert ('"careers"' in system["content"]) is (mode in ("json_object", "prompt"))


def test_the_schema_leaves_out_what_validate_computes() -> None:
    """months and total_experience_months are never asked of the model; titles are dropped."""
    text = json.dumps(PROFILE_SHAPE.schema)
    assert "total_experience_months" not in text and '"months"' not in text
    assert '"title"' not in text and '"careers"' in text


@pytest.mark.parametrize(
    "reply",
    [
        '{"name": "A"}',
        '```json\n{"name": "A"}\n```',
        'Sure! Here it is:\n```\n{"name": "A"}\n```\nAnything else?',
        'The profile is {"name": "A"} as requested.',
    ],
)
def test_replies_are_read_with_or_without_fences_and_prose(reply: str) -> None:
    """Bare JSON, fenced JSON and JSON inside prose all parse."""
    assert parse_json(reply) == {"name": "A"}


def test_nulls_count_as_absent() -> None:
    """ "skills": null and "careers": [null] take their defaults instead of failing."""
    profile = read_reply('{"name": "A", "skills": null, "careers": [null]}', CandidateProfile)
    assert profile.skills == [] and profile.careers == []


@pytest.mark.parametrize(
    ("reply", "fragment"),
    [
        (None, "empty"),
        ("no json at all", "no JSON object"),
        ('{"name": "A",}', "not valid JSON"),
        ('{"name": "010-1234-5678", "emails": "a@b.c", "extra": 1}', "emails"),
    ],
)
def test_bad_replies_say_what_is_wrong_without_quoting_values(
    reply: str | None, fragment: str
) -> None:
    """ReplyError names the problem and the field path, never the value."""
    with pytest.raises(ReplyError) as caught:
        read_reply(reply, CandidateProfile)
    assert fragment in str(caught.value)
    assert "010-1234-5678" not in str(caught.value) and "a@b.c" not in str(caught.value)


def test_prompt_budget_cuts_at_a_line_and_says_so() -> None:
    """Text past the budget is cut at a line boundary; the prompt tells the model."""
    text = "\n".join(f"line {i:04d}" for i in range(1000))
    kept, cut = budget(text, 2000)
    assert len(kept) <= 2000 and kept.endswith(("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"))
    assert cut == len(text) - len(kept) > 0
    user = profile_messages(text, mode="prompt", shape=PROFILE_SHAPE, max_chars=2000)[1]
    assert f"the last {cut} characters" in user["content"]
