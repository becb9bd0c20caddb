"""The persisted per-key encryption counter: adds this process's encryptions and warns early.

AES-GCM with random 96-bit nonces is safe for about 2^32 encryptions per key; past
`crypto.warn_encryptions` (2^31 by default) every process that flushes logs a warning naming the
key id, and `keys check` reports it, so the key is rotated long before the limit.
"""

from __future__ import annotations

import structlog

from resume_worker.core.ports.keys import KeyUsage
from resume_worker.privacy.crypto import Keyring

log = structlog.get_logger("resume_worker.keys")


async def persist_key_usage(keyring: Keyring, counters: KeyUsage) -> dict[str, int]:
    """Add the pending encryption counts to the database; returns the new totals of the keys
    that were used. On a database error the counts stay pending for the next flush."""
    pending = keyring.usage.take()
    if not pending:
        return {}
    try:
        totals = await counters.add_key_usage(pending)
    except BaseException:
        keyring.usage.restore(pending)
        raise
    for key_id, total in totals.items():
        if total >= keyring.usage.warn_at:
            log.warning(
                "key is nearing its AES-GCM encryption limit; rotate it",
                key_id=key_id,
                encryptions=total,
                warn_at=keyring.usage.warn_at,
            )
    return totals
