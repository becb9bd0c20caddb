"""The fake CandidateStore and CandidateAdmin: candidate versions in a MemoryDatabase, matched to
an earlier candidate of the tenant by blind index as adapters/sql/candidates.py does."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from resume_worker.core.models import (
    Chunks,
    Job,
    JobOutcome,
    ProtectedProfile,
    StoredCandidate,
    StoredRecord,
)
from resume_worker.core.ports.candidates import (
    CONTACT_FIELDS,
    NAME_DISAGREES,
    CandidateVersion,
    Erasure,
)
from resume_worker.privacy.crypto import key_id_of
from tests.fakes.database import MemoryPort, VersionRow, now


class MemoryCandidateStore(MemoryPort):
    """Stage 8: one version per job, a new candidate or version n+1 of a matched one."""

    async def store_candidate(
        self, job: Job, protected: ProtectedProfile, chunks: Chunks, outcome: JobOutcome
    ) -> StoredCandidate:
        """A second call for the job returns the first version (without its warnings) and
        leaves the job's outcome alone; an unknown job raises KeyError."""
        accepted_at = self.db.job(job.id).created_at
        earlier = next((v for v in self.db.versions.values() if v.job_id == job.id), None)
        if earlier is not None:
            return StoredCandidate(earlier.candidate_id, earlier.version, earlier.id, False)
        stored = self._insert_version(job, protected, chunks, accepted_at)
        done = replace(
            outcome,
            candidate_id=stored.candidate_id,
            version=stored.version,
            record_id=stored.record_id,
            warnings=(*outcome.warnings, *stored.warnings),
        )
        self.db.write_outcome(done)
        return stored

    async def get_record(self, record_id: str) -> StoredRecord | None:
        return self.db.record(record_id)

    def _insert_version(
        self, job: Job, protected: ProtectedProfile, chunks: Chunks, accepted_at: datetime
    ) -> StoredCandidate:
        """Checks what SQL's constraints would refuse before changing anything (SQL rolls the
        transaction back instead)."""
        if protected.record_id in self.db.versions:
            raise ValueError(f"record {protected.record_id} exists")
        for cell in protected.pii.values():
            key_id_of(cell.blob)  # SQL stores each cell's key id: an unreadable cell raises
        candidate_id, warnings = self._match(job.tenant_id, protected)
        if candidate_id is None:
            candidate_id = str(uuid.uuid4())
            self.db.candidates[candidate_id] = job.tenant_id
            version, parent_id, is_latest = 1, None, True
        else:
            version, parent_id, is_latest = self._next_version(candidate_id, accepted_at)
        self.db.versions[protected.record_id] = VersionRow(
            id=protected.record_id,
            tenant_id=job.tenant_id,
            candidate_id=candidate_id,
            version=version,
            parent_id=parent_id,
            job_id=job.id,
            is_latest=is_latest,
            accepted_at=accepted_at,
            profile_json=protected.public.model_dump_json(exclude_defaults=True),
            field_confidence=dict(protected.field_confidence),
            field_sources=dict(protected.field_sources),
            warnings=(*protected.warnings, *warnings),
            pii={name: c.blob for name, c in protected.pii.items()},
            blind_indexes=list(protected.blind_indexes),
            chunks=list(chunks.items),
        )
        return StoredCandidate(candidate_id, version, protected.record_id, True, warnings)

    def _match(
        self, tenant_id: str, protected: ProtectedProfile
    ) -> tuple[str | None, tuple[str, ...]]:
        """A candidate of the tenant with a phone or email digest in common whose name digest
        (in any version) agrees; a contact match without such a name warns instead."""
        contacts = {bi.digest for bi in protected.blind_indexes if bi.field in CONTACT_FIELDS}
        names = [bi.digest for bi in protected.blind_indexes if bi.field == "name"]
        if not contacts:
            return None, ()
        rows = [
            (v.candidate_id, bi)
            for v in self.db.versions.values()
            if v.tenant_id == tenant_id
            for bi in v.blind_indexes
        ]
        matched = {c for c, bi in rows if bi.field in CONTACT_FIELDS and bi.digest in contacts}
        if not matched:
            return None, ()
        agreeing = sorted(
            c
            for c, bi in rows
            if c in matched and names and (bi.field, bi.digest) == ("name", names[0])
        )
        if agreeing:
            return agreeing[0], ()
        return None, (NAME_DISAGREES,)

    def _next_version(self, candidate_id: str, accepted_at: datetime) -> tuple[int, str, bool]:
        """Numbers count up in arrival order; `is_latest` follows acceptance time; the parent is
        the version that was latest."""
        versions = self.db.versions_of(candidate_id)
        latest = next(v for v in versions if v.is_latest)
        is_latest = accepted_at >= latest.accepted_at
        if is_latest:
            for row in versions:
                row.is_latest = False
        return max(v.version for v in versions) + 1, latest.id, is_latest


class MemoryCandidateAdmin(MemoryPort):
    """Candidates as an operator sees them, and their erasure."""

    async def get_record(self, record_id: str) -> StoredRecord | None:
        return self.db.record(record_id)

    async def candidate_versions(self, candidate_id: str) -> list[CandidateVersion]:
        rows = sorted(self.db.versions_of(candidate_id), key=lambda v: (v.accepted_at, v.version))
        return [
            CandidateVersion(v.id, v.tenant_id, v.version, v.job_id, v.is_latest, v.accepted_at)
            for v in rows
        ]

    async def latest_records(
        self, tenant_id: str | None, *, after: str | None, limit: int
    ) -> list[StoredRecord]:
        rows = sorted(
            (
                v
                for v in self.db.versions.values()
                if v.is_latest
                and v.candidate_id > (after or "")
                and tenant_id in (None, v.tenant_id)
            ),
            key=lambda v: v.candidate_id,
        )
        return [v.record() for v in rows[:limit]]

    async def erase_candidate(self, candidate_id: str, erasure_id: str) -> Erasure | None:
        tenant_id = self.db.candidates.get(candidate_id)
        if tenant_id is None:
            return None
        if erasure_id in self.db.erasures:
            raise ValueError(f"erasure {erasure_id} exists")
        versions = self.db.versions_of(candidate_id)
        job_ids = {v.job_id for v in versions}
        jobs = [
            j for j in self.db.jobs.values() if j.candidate_id == candidate_id or j.id in job_ids
        ]
        erasure = Erasure(
            id=erasure_id,
            tenant_id=tenant_id,
            candidate_id=candidate_id,
            versions=len(versions),
            pii_fields=sum(len(v.pii) for v in versions),
            blind_indexes=sum(len(v.blind_indexes) for v in versions),
            chunks=sum(len(v.chunks) for v in versions),
            jobs=len(jobs),
            pending_blobs=tuple(sorted(j.blob_key for j in jobs if j.blob_key)),
            blobs_deleted=0,
            requested_at=now(),
            completed_at=None,
        )
        for version in versions:
            del self.db.versions[version.id]
        del self.db.candidates[candidate_id]
        for job in jobs:
            job.file_name, job.blob_key = None, None
        self.db.erasures[erasure_id] = erasure
        return erasure

    async def pending_erasures(self, candidate_id: str | None) -> list[Erasure]:
        return [
            e
            for e in self.db.erasures.values()
            if e.completed_at is None and candidate_id in (None, e.candidate_id)
        ]

    async def complete_erasure(self, erasure_id: str, blobs_deleted: int) -> Erasure:
        """Adds to the count each time; an unknown id raises KeyError."""
        erasure = self.db.erasures[erasure_id]
        done = replace(
            erasure,
            pending_blobs=(),
            blobs_deleted=erasure.blobs_deleted + blobs_deleted,
            completed_at=now(),
        )
        self.db.erasures[erasure_id] = done
        return done
