"""The LLM identity vote: a cheap question, "how many people's resumes is this?", under the same
PII policy as the analysis. An unreadable answer abstains; it never rejects a document."""

from __future__ import annotations

import structlog
from pydantic import BaseModel, ConfigDict, Field

from resume_worker.analysis.llm.analyst import masked_document
from resume_worker.analysis.llm.prompts import vote_messages
from resume_worker.analysis.llm.structured import ReplyError, read_reply, reply_shape
from resume_worker.core.models import ExtractedText
from resume_worker.core.ports.analyst import ChatModel, IdentityVote

log = structlog.get_logger("resume_worker.llm")
# Room for {"people": 2} and a little preamble from a chatty model; the vote stays cheap.
VOTE_MAX_TOKENS = 64


class PeopleCount(BaseModel):
    model_config = ConfigDict(extra="ignore")

    people: int = Field(ge=0, description="how many different people's own resumes")


VOTE_SHAPE = reply_shape(PeopleCount, "people_count", "How many people's resumes the text is.")


class LlmIdentityVoter:
    """Votes through one endpoint; the rules have already refused the clear cases."""

    def __init__(self, client: ChatModel, *, send_names: bool, max_prompt_chars: int) -> None:
        self.client = client
        self.send_names = send_names
        self.max_prompt_chars = max_prompt_chars

    async def vote(self, text: ExtractedText) -> IdentityVote:
        masked = await masked_document(text, send_names=self.send_names)
        messages = vote_messages(
            masked.text, mode=self.client.mode, shape=VOTE_SHAPE, max_chars=self.max_prompt_chars
        )
        reply = await self.client.complete(messages, VOTE_SHAPE, max_tokens=VOTE_MAX_TOKENS)
        try:
            people = read_reply(reply.text, PeopleCount).people
        except ReplyError as problem:
            log.warning("identity vote unreadable, abstaining", problem=str(problem))
            return IdentityVote(None, reply.usage)
        return IdentityVote(None if people == 0 else people == 1, reply.usage)
