"""`keys check`: which key each stored ciphertext uses, the encryption counters, and problems."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from resume_worker.core.errors import ErrorCode, WorkerError
from resume_worker.core.ports.blobs import BlobStore
from resume_worker.core.ports.keys import KeyCensus, KeyUsage
from resume_worker.privacy.crypto import UNREADABLE_KEY, Keyring, key_id_or_unreadable

CENSUS_PAGE = 500
KINDS = ("pii", "file_name", "webhook_url", "blob")


@dataclass
class KeyStatus:
    key_id: str
    role: str  # primary | decrypt-only | disabled | unknown
    ciphertexts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    encryptions: int = 0


@dataclass
class CheckReport:
    source: str
    primary_key_id: str
    warn_encryptions: int
    keys: list[KeyStatus]
    blind_index_version: int
    blind_index_rows: dict[int, int]
    blobs_missing: int
    problems: list[str]


async def check_keys(
    census: KeyCensus,
    counters: KeyUsage,
    blobs: BlobStore,
    keyring: Keyring,
    *,
    source: str,
    weaknesses: tuple[str, ...] = (),
) -> CheckReport:
    """Census of ciphertexts per key id (PII cells, file names, webhook URLs, original files) and
    problems: weak keys, ciphertexts under unknown or disabled keys, a primary past the warning
    count, blind-index rows of another blind-index key."""
    key_ids = await census.ciphertext_key_ids()
    blob_ids, missing = await _blob_census(census, blobs)
    key_ids["blob"] = blob_ids
    usage = await counters.key_usage()
    statuses = _statuses(keyring, key_ids, usage)
    versions = await census.blind_index_versions()
    problems = list(weaknesses)
    problems += _key_problems(keyring, statuses)
    stale = sum(n for version, n in versions.items() if version != keyring.blind_index_version)
    if stale:
        problems.append(
            f"{stale} blind-index rows were made with another blind-index key or version "
            "(deduplication misses them); run `resume-worker keys rotate`"
        )
    return CheckReport(
        source=source,
        primary_key_id=keyring.primary_key_id,
        warn_encryptions=keyring.usage.warn_at,
        keys=statuses,
        blind_index_version=keyring.blind_index_version,
        blind_index_rows=versions,
        blobs_missing=missing,
        problems=problems,
    )


def _statuses(
    keyring: Keyring, census: dict[str, dict[str, int]], usage: dict[str, int]
) -> list[KeyStatus]:
    ids = list(keyring.keys) + sorted(
        {k for counts in census.values() for k in counts} - set(keyring.keys)
    )
    statuses = []
    for key_id in ids:
        status = KeyStatus(key_id, _role(keyring, key_id), encryptions=usage.get(key_id, 0))
        for kind in KINDS:
            status.ciphertexts[kind] = census.get(kind, {}).get(key_id, 0)
        statuses.append(status)
    return statuses


def _role(keyring: Keyring, key_id: str) -> str:
    if key_id in keyring.disabled:
        return "disabled"
    if key_id == keyring.primary_key_id:
        return "primary"
    return "decrypt-only" if key_id in keyring.keys else "unknown"


def _key_problems(keyring: Keyring, statuses: list[KeyStatus]) -> list[str]:
    problems = []
    for status in statuses:
        used = sum(status.ciphertexts.values())
        if status.key_id == UNREADABLE_KEY and used:
            problems.append(f"{used} ciphertexts have an unknown format or are truncated")
        elif status.role == "unknown" and used:
            problems.append(
                f"{used} ciphertexts use key id {status.key_id!r}, which is not in the keyring "
                "(unreadable until that key is added back)"
            )
        elif status.role == "disabled" and used:
            problems.append(
                f"{used} ciphertexts use disabled key {status.key_id!r}; they are refused "
                "until the key is re-enabled and `keys rotate` moves them"
            )
        if status.role == "primary" and status.encryptions >= keyring.usage.warn_at:
            problems.append(
                f"primary key {status.key_id!r} has made {status.encryptions} encryptions "
                f"(warning at {keyring.usage.warn_at}, AES-GCM limit 2^32): add a new primary "
                "key and run `keys rotate`"
            )
    return problems


async def _blob_census(census: KeyCensus, blobs: BlobStore) -> tuple[dict[str, int], int]:
    """Key ids of the original files still held, and how many jobs' files are gone."""
    counts: Counter[str] = Counter()
    missing, after = 0, None
    while True:
        page = await census.job_blobs(after=after, limit=CENSUS_PAGE)
        for blob in page:
            try:
                sealed = await blobs.get(blob.blob_key)
            except WorkerError as exc:
                if exc.code is ErrorCode.STORAGE_ERROR and not exc.retryable:
                    missing += 1
                    continue
                raise
            counts[key_id_or_unreadable(sealed)] += 1
        if len(page) < CENSUS_PAGE:
            return dict(counts), missing
        after = page[-1].job_id
