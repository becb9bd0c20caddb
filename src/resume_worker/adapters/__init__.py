"""Adapters: one module per external technology, each implementing a port from `ports.py`."""
