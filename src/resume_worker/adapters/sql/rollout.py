"""The FlagStore in SQL: rollout flags, per-job decisions (first writer wins) and shadow
observations, on SQLite or PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from resume_worker.adapters.sql import schema as t
from resume_worker.core.flags import Decision, Flag, Observation, Side

FLAG_COLUMNS = ("salt", "state", "percent", "sticky", "control", "candidate", "sample")
DECISION_COLUMNS = ("arm", "variant", "bucket", "shadow", "noise", "shadow_variant")


def _flag(row: Any) -> Flag:
    return Flag(
        row.name,
        **{name: getattr(row, name) for name in FLAG_COLUMNS},
        cost_budget=row.cost_budget,
        killed_at=row.killed_at,
        updated_at=row.updated_at,
    )


def _observation(row: Any) -> Observation:
    return Observation(
        row.flag,
        row.job_id,
        row.noise,
        Side(row.control, row.control_ms, row.control_cost),
        Side(row.candidate, row.candidate_ms, row.candidate_cost, row.candidate_error),
        json.loads(row.fields),
        row.created_at,
    )


class SqlFlagStore:
    """Implements ports.FlagStore on the repository's engine and write engine."""

    def __init__(self, engine: AsyncEngine, writer: AsyncEngine) -> None:
        self.engine = engine
        self.writer = writer

    async def flags(self) -> dict[str, Flag]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(t.rollout_flags))
            return {row.name: _flag(row) for row in rows}

    async def spent(self) -> dict[str, float]:
        c = t.rollout_observations.c
        query = select(c.flag, func.sum(c.candidate_cost)).group_by(c.flag)
        async with self.engine.connect() as conn:
            return {flag: float(total or 0) for flag, total in await conn.execute(query)}

    async def save_flag(self, flag: Flag) -> None:
        """Create or replace the flag (its updated_at is now)."""
        values = {name: getattr(flag, name) for name in FLAG_COLUMNS}
        values |= {"cost_budget": flag.cost_budget, "killed_at": flag.killed_at}
        async with self.writer.begin() as conn:
            await conn.execute(delete(t.rollout_flags).where(t.rollout_flags.c.name == flag.name))
            await conn.execute(
                insert(t.rollout_flags).values(
                    name=flag.name, updated_at=datetime.now(UTC), **values
                )
            )

    async def decide(self, job_id: str, proposed: Sequence[Decision]) -> dict[str, Decision]:
        """Insert the proposals the job has no decision for yet and return the job's decisions
        (`observed` when its observation is stored). Two attempts of one job racing: the
        second insert hits the primary key, and the first writer's decisions are returned."""
        stored = await self._decisions(job_id)
        fresh = [p for p in proposed if p.flag not in stored]
        if not fresh:
            return stored
        now = datetime.now(UTC)
        rows = [
            {"job_id": job_id, "flag": p.flag, "decided_at": now}
            | {name: getattr(p, name) for name in DECISION_COLUMNS}
            for p in fresh
        ]
        try:
            async with self.writer.begin() as conn:
                await conn.execute(insert(t.rollout_decisions), rows)
        except IntegrityError:
            pass  # another attempt of this job decided first
        return await self._decisions(job_id)

    async def _decisions(self, job_id: str) -> dict[str, Decision]:
        d, o = t.rollout_decisions.c, t.rollout_observations.c
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(t.rollout_decisions).where(d.job_id == job_id))).all()
            seen = set((await conn.execute(select(o.flag).where(o.job_id == job_id))).scalars())
        return {
            row.flag: Decision(
                row.flag,
                **{name: getattr(row, name) for name in DECISION_COLUMNS},
                observed=row.flag in seen,
            )
            for row in rows
        }

    async def record(self, observation: Observation) -> bool:
        control, candidate = observation.control, observation.candidate
        try:
            async with self.writer.begin() as conn:
                await conn.execute(
                    insert(t.rollout_observations).values(
                        flag=observation.flag,
                        job_id=observation.job_id,
                        noise=observation.noise,
                        control=control.variant,
                        candidate=candidate.variant,
                        control_ms=control.ms,
                        candidate_ms=candidate.ms,
                        control_cost=control.cost,
                        candidate_cost=candidate.cost,
                        candidate_error=candidate.error,
                        fields=json.dumps(observation.fields, sort_keys=True),
                        created_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            return False
        return True

    async def observations(self, flag: str) -> list[Observation]:
        c = t.rollout_observations.c
        query = select(t.rollout_observations).where(c.flag == flag).order_by(c.id)
        async with self.engine.connect() as conn:
            return [_observation(row) for row in await conn.execute(query)]

    async def decision_counts(self, flag: str) -> dict[str, int]:
        d = t.rollout_decisions.c
        query = select(d.arm, d.shadow, d.noise, func.count()).where(d.flag == flag)
        counts = {"control": 0, "candidate": 0, "shadow": 0, "noise": 0}
        async with self.engine.connect() as conn:
            for arm, shadow, noise, count in await conn.execute(
                query.group_by(d.arm, d.shadow, d.noise)
            ):
                counts[arm] += count
                counts["shadow"] += count if shadow else 0
                counts["noise"] += count if noise else 0
        return counts
