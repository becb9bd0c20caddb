"""The analysts: the offline rules analyst and the LLM analysts (prompts, PII masking policy,
crosscheck).
"""
