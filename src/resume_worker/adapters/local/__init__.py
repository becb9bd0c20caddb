"""Adapters for what runs on this machine: the local embedding model, Tesseract, LibreOffice, child
processes.
"""
