"""The `llm` analyst and identity vote on any ChatModel (an OpenAI-compatible endpoint in
adapters/openai/chat_client.py), and the `crosscheck` analyst over two of them.

prompts.py writes the messages; structured.py is the reply schema and the tolerant reading of
replies; masking.py applies the LLM PII policy; analyst.py and voter.py are the two roles the
pipeline sees; crosscheck.py combines two analysts field by field.
"""
