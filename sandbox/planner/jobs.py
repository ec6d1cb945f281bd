"""Planner jobs: experiments queued from the browser, run one at a time by a background worker
(:mod:`sandbox.planner.run` runs one, :mod:`sandbox.planner.worker` is the worker).

A job moves ``queued`` → ``running`` → ``done`` | ``failed`` | ``cancelled``. Cancelling a queued
job is immediate; cancelling a running one sets a flag that the worker reads after each finished
replication and, with worker processes, every half second in between, when it kills the worker
processes and marks the job cancelled. A running job whose worker is gone
(:mod:`sandbox.planner.lease`) is cancelled at once, or put back in the queue by any worker:
results are deterministic by seed, so it is simply run again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlite_utils import Database

from ..clock import wall_now
from ..db import from_json, iso_utc, one, rows, to_json, write_txn
from ..errors import NotFound
from .lease import LEASE_SECONDS, orphaned
from .spec import JobSpec, PlannerError, check_spec

STATUSES = ("queued", "running", "done", "failed", "cancelled")
CANCELLED_MESSAGE = (
    ""  # the status says it ("cancelled"); pages translate, nothing translated is stored
)
#: what :func:`cancel_job` did
CancelOutcome = Literal["cancelled", "requested", "finished"]


@dataclass(frozen=True)
class Job:
    """A planner job as stored; ``result`` is None in lists (loaded by :func:`get_job` only)."""

    id: int
    facilitator_id: int
    title: str
    kind: str
    status: str
    done: int
    total: int
    message: str
    spec: JobSpec
    created_at: str
    started_at: str | None
    finished_at: str | None
    result: dict[str, Any] | None
    cancel_requested: bool = False

    @property
    def failure(self) -> tuple[str, str]:
        """A failed job's (kind, detail): kind is a key of :data:`FAILURES` (the page words it),
        detail the error's own text (may be empty)."""
        kind, _, detail = self.message.partition(":")
        if kind in FAILURES:
            return kind, detail.strip()
        return "simulasi_gagal", self.message  # a message from before the kinds were codes


#: what a failed job's message starts with ("<kind>: <detail>"); nothing translated is stored
FAILURES = ("simulasi_gagal", "skenario_tidak_jalan", "proses_dihentikan")


def _job(row: dict[str, Any], with_result: bool) -> Job:
    return Job(
        id=row["id"],
        facilitator_id=row["facilitator_id"],
        title=row["title"],
        kind=row["kind"],
        status=row["status"],
        done=row["done"],
        total=row["total"],
        message=row["message"],
        spec=JobSpec.from_dict(from_json(row["spec"])),
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        result=from_json(row.get("result")) if with_result else None,
        cancel_requested=bool(row["cancel_requested"]),
    )


def _estimate(spec: JobSpec) -> int:
    """Replications a job will run: exact for a comparison, a first guess for staffing."""
    n = len(spec.variants) if spec.kind == "compare" else 2
    return n * spec.replications


def submit(
    db: Database, facilitator_id: int, spec: JobSpec, title: str, *, now: float | None = None
) -> int:
    """Queue a checked job; returns its id. Raises :class:`PlannerError` listing the problems."""
    problems = check_spec(spec)
    if problems:
        raise PlannerError(problems)
    title = title.strip() or f"{spec.kind}: {spec.scenario_label}"
    with write_txn(db):
        cur = db.conn.execute(
            "INSERT INTO planner_jobs (facilitator_id, title, kind, status, total, spec, created_at)"
            " VALUES (?, ?, ?, 'queued', ?, ?, ?)",
            [
                facilitator_id,
                title,
                spec.kind,
                _estimate(spec),
                to_json(spec.as_dict()),
                iso_utc(wall_now() if now is None else now),
            ],
        )
    return int(cur.lastrowid)


def get_job(db: Database, job_id: int) -> Job:
    """One job with its result; raises :class:`NotFound`."""
    row = one(db, "SELECT * FROM planner_jobs WHERE id = ?", [job_id])
    if row is None:
        raise NotFound("pekerjaan_tidak_ada", job_id=job_id)
    return _job(row, with_result=True)


_LIST = (
    "SELECT id, facilitator_id, title, kind, status, done, total, message, spec, cancel_requested,"
    " created_at, started_at, finished_at FROM planner_jobs"
)


def list_jobs(db: Database, facilitator_id: int | None = None) -> list[Job]:
    """Jobs, newest first (of one facilitator, if given), without their results."""
    if facilitator_id is None:
        found = rows(db, _LIST + " ORDER BY id DESC")
    else:
        found = rows(db, _LIST + " WHERE facilitator_id = ? ORDER BY id DESC", [facilitator_id])
    return [_job(r, with_result=False) for r in found]


def cancel_job(
    db: Database, job_id: int, *, now: float | None = None, lease_seconds: float = LEASE_SECONDS
) -> CancelOutcome:
    """Cancel a job: ``"cancelled"`` when done at once (a queued job, or a running one whose
    worker is gone), ``"requested"`` when its worker will stop it within a second, ``"finished"``
    when it had already ended (done, failed or cancelled) and nothing changed."""
    now = wall_now() if now is None else now
    with write_txn(db):
        row = one(
            db,
            "SELECT status, claimed_by, heartbeat_at FROM planner_jobs WHERE id = ?",
            [job_id],
        )
        if row is None:
            raise NotFound("pekerjaan_tidak_ada", job_id=job_id)
        running = row["status"] == "running"
        if row["status"] == "queued" or (
            running and orphaned(row["claimed_by"], row["heartbeat_at"], now, lease_seconds)
        ):
            mark_cancelled(db, job_id, now)
            return "cancelled"
        if running:
            db.conn.execute("UPDATE planner_jobs SET cancel_requested = 1 WHERE id = ?", [job_id])
            return "requested"
    return "finished"


def mark_cancelled(db: Database, job_id: int, now: float) -> None:
    """End a queued or running job as cancelled (inside the caller's write transaction)."""
    db.conn.execute(
        "UPDATE planner_jobs SET status = 'cancelled', message = ?, finished_at = ?, "
        "cancel_requested = 0 WHERE id = ? AND status IN ('queued', 'running')",
        [CANCELLED_MESSAGE, iso_utc(now), job_id],
    )


def requeue(db: Database, job_id: int, now: float, claimed_by: str | None = None) -> str:
    """Put a running job back in the queue — or end it cancelled if a cancel is pending (inside
    the caller's write transaction; only while ``claimed_by`` holds it, when given). Returns the
    job's new status, or "" when it was not running (under that claim)."""
    params = [job_id, claimed_by, claimed_by]
    row = one(
        db,
        "SELECT cancel_requested FROM planner_jobs "
        "WHERE id = ? AND status = 'running' AND (? IS NULL OR claimed_by = ?)",
        params,
    )
    if row is None:
        return ""
    if row["cancel_requested"]:
        mark_cancelled(db, job_id, now)
        return "cancelled"
    db.conn.execute(
        "UPDATE planner_jobs SET status = 'queued', started_at = NULL, claimed_by = NULL, "
        "heartbeat_at = NULL, done = 0 "
        "WHERE id = ? AND status = 'running' AND (? IS NULL OR claimed_by = ?)",
        params,
    )
    return "queued"
