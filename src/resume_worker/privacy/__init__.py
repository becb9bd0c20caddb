"""Privacy: the keyring and field encryption, where keys come from and how they rotate, erasure,
redaction.
"""
