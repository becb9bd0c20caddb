"""Keys in use: where the keyring comes from, the census of stored ciphertexts, rotation, the per-
key counter.
"""
