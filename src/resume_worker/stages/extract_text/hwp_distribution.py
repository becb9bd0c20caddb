"""Distribution documents (배포용): decrypting a ViewText section stream into the records that
BodyText would hold.

Each ViewText/Section stream opens with a DISTRIBUTE_DOC_DATA record of 256 bytes. Its first four
bytes seed the Microsoft Visual C `rand()` generator; pairs of draws (a byte, then a run length
of 1-16) build a 256-byte stream that is XORed over the rest of the record. The decoded record
holds the 16-byte AES-128 key at offset 4 + (low nibble of byte 0). Everything after the record
is AES-128-ECB ciphertext of the section (raw-deflate compressed when the document is).
"""

from __future__ import annotations

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from resume_worker.stages.extract_text.hwp_records import TAG_DISTRIBUTE_DOC_DATA, HwpFormatError

DOC_DATA_SIZE = 256
_RECORD_HEADER = 4
_SEED_SIZE = 4
_KEY_SIZE = 16
_BLOCK = 16
_RAND_MULTIPLIER = 214013
_RAND_INCREMENT = 2531011


def decrypt_view_section(stream: bytes) -> bytes:
    """Return the plaintext of one ViewText section (still compressed if the file is)."""
    if len(stream) < _RECORD_HEADER + DOC_DATA_SIZE:
        raise HwpFormatError("distribution record missing")
    header = int.from_bytes(stream[:_RECORD_HEADER], "little")
    if header & 0x3FF != TAG_DISTRIBUTE_DOC_DATA or header >> 20 != DOC_DATA_SIZE:
        raise HwpFormatError("distribution record missing")
    doc_data = decode_doc_data(stream[_RECORD_HEADER : _RECORD_HEADER + DOC_DATA_SIZE])
    offset = _SEED_SIZE + (doc_data[0] & 0x0F)
    key = doc_data[offset : offset + _KEY_SIZE]
    body = stream[_RECORD_HEADER + DOC_DATA_SIZE :]
    body = body[: len(body) // _BLOCK * _BLOCK]
    # ECB is what the format prescribes; this reads a document, it protects nothing.
    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()  # noqa: S305
    return decryptor.update(body) + decryptor.finalize()


def decode_doc_data(data: bytes) -> bytes:
    """Undo the XOR over bytes 4-255 of a DISTRIBUTE_DOC_DATA record (the seed stays as is).
    XOR is its own inverse, so this also encodes."""
    seed = int.from_bytes(data[:_SEED_SIZE], "little")
    mask = _rand_stream(seed, len(data))
    return data[:_SEED_SIZE] + bytes(
        value ^ key for value, key in zip(data[_SEED_SIZE:], mask[_SEED_SIZE:], strict=True)
    )


def _rand_stream(seed: int, length: int) -> bytes:
    """Byte runs from MSVC rand() (state * 214013 + 2531011, output bits 16-30): each run is
    one draw's low byte, repeated (next draw's low nibble + 1) times."""
    state = seed & 0xFFFFFFFF
    out = bytearray()
    while len(out) < length:
        state = (state * _RAND_MULTIPLIER + _RAND_INCREMENT) & 0xFFFFFFFF
        value = (state >> 16) & 0xFF
        state = (state * _RAND_MULTIPLIER + _RAND_INCREMENT) & 0xFFFFFFFF
        run = ((state >> 16) & 0x0F) + 1
        out.extend(bytes((value,)) * run)
    return bytes(out[:length])
