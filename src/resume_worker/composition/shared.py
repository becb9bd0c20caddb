"""The part of the composition root a process builds once and every one of its worker threads
shares: what is read-only and thread-safe (the tool probes, the local embedding model), unlike
database engines and HTTP clients, which belong to the event loop of the thread that made them."""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from resume_worker.adapters.local.child_process import ToolMissingError
from resume_worker.adapters.local.embedder import LocalEmbedder
from resume_worker.adapters.local.libreoffice_converter import (
    LibreOfficeConverter,
    open_libreoffice,
)
from resume_worker.adapters.local.scratch import Scratch, open_scratch
from resume_worker.adapters.local.tesseract_ocr import TesseractOcr, open_tesseract
from resume_worker.settings import Settings

log = structlog.get_logger("resume_worker.services")


@dataclass(frozen=True)
class SharedServices:
    """Built once per process. The OCR and DOC runners hold a program path and options and
    start a child process per call; the local model is mapped read-only and its C engine
    allocates its buffers per call, so one instance serves every thread (as fast as one per
    thread, in half the memory: see LocalEmbedder)."""

    ocr: TesseractOcr | None
    convert_doc: LibreOfficeConverter | None
    local_embedder: LocalEmbedder | None


def build_shared(settings: Settings, *, load_model: bool = False) -> SharedServices:
    """Sweep the scratch folder, probe the tools and make the local embedder when it is the
    configured one; a long-lived process loads the model now (`load_model`), a one-off command
    at its first use. Every process that opens the pipeline comes here first, so what a killed
    one left in the scratch folder goes before anyone's first job."""
    scratch = build_scratch(settings)
    embedder = LocalEmbedder() if settings.embedding.provider == "local" else None
    if embedder is not None and load_model:
        embedder.load()
    return SharedServices(build_ocr(settings), build_doc_converter(settings, scratch), embedder)


def build_scratch(settings: Settings) -> Scratch:
    """The data folder's private scratch folder, swept of what stopped processes left. Only
    DOC conversion works there (OCR goes through pipes), so its time limit bounds a call."""
    return open_scratch(settings.data_dir, call_limit_s=settings.limits.doc_convert_timeout_s)


def build_ocr(settings: Settings) -> TesseractOcr | None:
    """Tesseract when OCR is on and installed with every language of ocr.languages, else None
    (documents that need OCR then end OCR_UNAVAILABLE); checked once, at start-up."""
    ocr = settings.ocr
    if not ocr.enabled:
        log.info("OCR is off (ocr.enabled=false): scanned documents end OCR_UNAVAILABLE")
        return None
    try:
        return open_tesseract(languages=ocr.languages, dpi=ocr.dpi, timeout_s=ocr.timeout_s)
    except ToolMissingError as exc:
        log.warning("OCR unavailable: scanned documents end OCR_UNAVAILABLE", reason=str(exc))
        return None


def build_doc_converter(settings: Settings, scratch: Scratch) -> LibreOfficeConverter | None:
    """LibreOffice, converting in `scratch`, when installed, else None (DOC files then end
    UNSUPPORTED_FORMAT)."""
    try:
        return open_libreoffice(timeout_s=settings.limits.doc_convert_timeout_s, scratch=scratch)
    except ToolMissingError as exc:
        log.warning("DOC unavailable: .doc files end UNSUPPORTED_FORMAT", reason=str(exc))
        return None
