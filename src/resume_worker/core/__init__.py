"""The core vocabulary every layer shares: records, the profile schema, errors, flags, ports, the
retry helper and the PII vocabulary.
"""
