"""The `llm` analyst and identity vote on any OpenAI-compatible endpoint (official `openai` SDK).

client.py calls one endpoint with our retries; structured.py speaks the four structured-output
modes and reads replies; masking.py applies the LLM PII policy; prompts.py writes the messages;
analyst.py and voter.py are the two roles the pipeline sees.
"""

from __future__ import annotations

from resume_worker.adapters.llm_analyst.analyst import LlmAnalyst
from resume_worker.adapters.llm_analyst.client import ChatClient, Endpoint, Price
from resume_worker.adapters.llm_analyst.voter import LlmIdentityVoter

__all__ = ["ChatClient", "Endpoint", "LlmAnalyst", "LlmIdentityVoter", "Price"]
