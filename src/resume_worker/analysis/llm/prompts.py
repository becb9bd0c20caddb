"""The messages sent to a model: profile extraction, its one repair, and the identity vote.

The document is budgeted by characters (no tokenizer is downloaded): text past
`max_prompt_chars` is cut at a line boundary and the cut is said in the prompt.
"""

from __future__ import annotations

import json
from typing import Any

from resume_worker.analysis.llm.structured import schema_in_prompt
from resume_worker.core.ports.analyst import ReplyShape, StructuredOutput

Message = dict[str, Any]

PLACEHOLDER_RULE = (
    "Text in square brackets such as [EMAIL_1], [PHONE_2], [ADDRESS_1], [BIRTHDATE_1] or "
    "[NAME_1] stands for personal data hidden from you; the same placeholder is the same value "
    "and different numbers are different values."
)
PROFILE_RULES = f"""You read one resume (Korean or English) and return its facts as one JSON \
object that matches the candidate profile schema.
- Copy values as the resume writes them; never translate, guess or invent. Leave a field out \
when the resume does not state it.
- {PLACEHOLDER_RULE} Copy a placeholder verbatim into its field: [NAME_n] into name, \
[EMAIL_n] into emails, [PHONE_n] into phones, [ADDRESS_n] into address.
- Dates as YYYY-MM, or YYYY when only a year is given. A current job (현재, 재직중, present) \
has is_current true and no end.
- careers: one entry per job (company, department, position, start, end, is_current, \
responsibilities). education: one entry per school (school, degree, major, status, start, end).
- skills: one technology, tool or language per item. Do not compute months or total experience.
"""
VOTE_RULES = f"""You decide whether a document is the resume of one person or holds the \
resumes of several people. People named inside one resume (referees, references, professors, \
family members, managers, company contacts) are not more people. {PLACEHOLDER_RULE}
Reply with one JSON object {{"people": N}}: N is how many different people's own resumes the \
document holds."""
REPAIR = (
    "Your reply could not be used: {problem}. Reply again with the complete, corrected JSON "
    "object only."
)


def budget(text: str, max_chars: int) -> tuple[str, int]:
    """The text cut to at most `max_chars` at a line boundary, and how many characters went."""
    if len(text) <= max_chars:
        return text, 0
    cut = text.rfind("\n", 0, max_chars)
    kept = text[: cut if cut > max_chars // 2 else max_chars]
    return kept, len(text) - len(kept)


def _document(text: str, cut: int) -> str:
    note = f"\n[... the last {cut} characters of the document were cut ...]" if cut else ""
    return f"Document:\n<<<\n{text}{note}\n>>>"


def _system(rules: str, mode: StructuredOutput, shape: ReplyShape) -> Message:
    content = rules
    if schema_in_prompt(mode):
        schema = json.dumps(shape.schema, ensure_ascii=False, separators=(",", ":"))
        content += f"\nThe JSON schema of your reply:\n{schema}\nReply with the JSON object only."
    return {"role": "system", "content": content}


def profile_messages(
    text: str, *, mode: StructuredOutput, shape: ReplyShape, max_chars: int
) -> list[Message]:
    """System rules (with the schema when the mode sends none) and the budgeted document."""
    kept, cut = budget(text, max_chars)
    return [
        _system(PROFILE_RULES, mode, shape),
        {"role": "user", "content": _document(kept, cut)},
    ]


def vote_messages(
    text: str, *, mode: StructuredOutput, shape: ReplyShape, max_chars: int
) -> list[Message]:
    kept, cut = budget(text, max_chars)
    return [_system(VOTE_RULES, mode, shape), {"role": "user", "content": _document(kept, cut)}]


def repair_messages(previous: list[Message], reply: str | None, problem: str) -> list[Message]:
    """The conversation so far, the unusable reply, and what was wrong with it."""
    return [
        *previous,
        {"role": "assistant", "content": reply or ""},
        {"role": "user", "content": REPAIR.format(problem=problem)},
    ]
