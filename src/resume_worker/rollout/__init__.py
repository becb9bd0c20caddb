"""Shadow mode and gradual rollout (DESIGN §2).

bucketing.py decides a job's path through a flag exactly as Unleash buckets; reader.py caches
the flags a worker reads; runner.py serves a flagged stage for one job; experiment.py runs a
candidate beside the control on pure stages; compare.py compares results field by field;
report.py turns observations into match rates, latency and cost deltas and a recommendation.
"""

from __future__ import annotations

from resume_worker.rollout.compare import compare_analyses, compare_texts
from resume_worker.rollout.experiment import MismatchError, Stage
from resume_worker.rollout.reader import FlagReader
from resume_worker.rollout.runner import ExperimentOptions, JobRollout, Rollout

__all__ = [
    "ExperimentOptions",
    "FlagReader",
    "JobRollout",
    "MismatchError",
    "Rollout",
    "Stage",
    "compare_analyses",
    "compare_texts",
]
