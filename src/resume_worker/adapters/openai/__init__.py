"""Adapters for OpenAI-compatible endpoints on the official SDK: chat completions and embeddings."""
