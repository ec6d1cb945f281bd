"""Planner jobs: experiments queued from the browser, run one at a time by a background worker.

A job moves ``queued`` → ``running`` → ``done`` | ``failed`` | ``cancelled``. Cancelling a queued
job is immediate; cancelling a running one sets a flag that the worker reads after each finished
replication, when it stops the worker processes and marks the job cancelled. Every job and every
thread opens its own database connection (sqlite connections never cross threads). Results are
deterministic by seed, so a job left ``running`` by a server that died is simply run again.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from simulator.experiment import compare
from simulator.staffing import staffing

from .clock import wall_now
from .db import from_json, iso_utc, one, open_db, rows, to_json, write_txn
from .errors import NotFound
from .planner_spec import JobSpec, PlannerError, check_spec, load_variants

#: identifies this process's claims on running jobs (see :mod:`sandbox.planner_worker`)
PROCESS_TOKEN = uuid.uuid4().hex[:8]
STATUSES = ("queued", "running", "done", "failed", "cancelled")
CANCELLED_MESSAGE = "Dibatalkan / Cancelled"


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
        raise NotFound(f"Pekerjaan {job_id} tidak ada.", f"Job {job_id} does not exist.")
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


def cancel_job(db: Database, job_id: int, *, now: float | None = None) -> bool:
    """Cancel a queued job at once, or ask the worker to stop a running one; False when the job
    has already finished."""
    with write_txn(db):
        row = one(db, "SELECT status FROM planner_jobs WHERE id = ?", [job_id])
        if row is None:
            raise NotFound(f"Pekerjaan {job_id} tidak ada.", f"Job {job_id} does not exist.")
        if row["status"] == "queued":
            db.conn.execute(
                "UPDATE planner_jobs SET status = 'cancelled', message = ?, finished_at = ? "
                "WHERE id = ?",
                [CANCELLED_MESSAGE, iso_utc(wall_now() if now is None else now), job_id],
            )
            return True
        if row["status"] == "running":
            db.conn.execute("UPDATE planner_jobs SET cancel_requested = 1 WHERE id = ?", [job_id])
            return True
    return False


class _Cancelled(Exception):
    """Raised from the progress callback: the job was cancelled."""


class _Interrupted(Exception):
    """Raised from the progress callback: the worker is stopping; the job goes back to the queue."""


def _claim(db: Database, job_id: int, worker: str) -> bool:
    with write_txn(db):
        cur = db.conn.execute(
            "UPDATE planner_jobs SET status = 'running', started_at = ?, claimed_by = ?, done = 0 "
            "WHERE id = ? AND status = 'queued'",
            [iso_utc(wall_now()), worker, job_id],
        )
    return cur.rowcount == 1


def _finish(db: Database, job_id: int, status: str, message: str = "", result: Any = None) -> None:
    with write_txn(db):
        db.conn.execute(
            "UPDATE planner_jobs SET status = ?, message = ?, result = ?, finished_at = ?, "
            "cancel_requested = 0 WHERE id = ? AND status = 'running'",
            [
                status,
                message,
                None if result is None else to_json(result),
                None if status == "queued" else iso_utc(wall_now()),
                job_id,
            ],
        )
        if status == "queued":
            db.conn.execute(
                "UPDATE planner_jobs SET status = 'queued', started_at = NULL, claimed_by = NULL, "
                "done = 0 WHERE id = ?",
                [job_id],
            )


def _compare_result(spec: JobSpec, workers: int, processes: bool, progress: Any) -> dict:
    scenarios = load_variants(spec)
    names = list(scenarios)
    base = scenarios[names[0]]
    result = compare(
        base,
        {name: scenarios[name] for name in names[1:]},
        spec.replications,
        spec.seed,
        baseline_name=names[0],
        days=spec.days,
        workers=workers,
        processes=processes,
        on_result=progress,
    )
    for entry, variant in zip(result["variants"], spec.variants, strict=True):
        s = scenarios[entry["name"]]
        entry.update(policy=s.routing.policy, overrides=dict(variant.overrides))
    return result | _header(spec, base)


def _staffing_result(spec: JobSpec, workers: int, processes: bool, progress: Any) -> dict:
    variant = spec.variants[0]
    scenario = load_variants(spec)[variant.name]
    result = staffing(
        scenario,
        spec.target_kpi or "followup_sla_met",
        spec.target if spec.target is not None else 0.9,
        replications=spec.replications,
        seed=spec.seed,
        days=spec.days,
        workers=workers,
        processes=processes,
        on_result=progress,
    )
    return (
        result
        | _header(spec, scenario)
        | {
            "variant": variant.name,
            "overrides": dict(variant.overrides),
        }
    )


def _header(spec: JobSpec, base: Any) -> dict[str, Any]:
    return {
        "kind": spec.kind,
        "scenario": spec.scenario_label,
        "scenario_name": base.scenario.name,
        "replications": spec.replications,
        "seed": spec.seed,
        "days": spec.days or base.simulation.days,
        "warmup_days": min(base.simulation.warmup_days, (spec.days or base.simulation.days) - 1),
    }


def run_job(
    db_path: str | Path,
    job_id: int,
    workers: int = 1,
    *,
    processes: bool = False,
    stop: threading.Event | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    worker_id: str | None = None,
) -> None:
    """Claim one queued job and run it here: ``done``/``total`` follow each replication; it ends
    ``done`` with its result, ``failed`` with the error's text, or ``cancelled``. A set ``stop``
    puts the job back in the queue (the server is shutting down). Does nothing if the job is not
    queued."""
    db = open_db(db_path)
    try:
        if not _claim(db, job_id, worker_id or claimant()):
            return
        spec = get_job(db, job_id).spec

        def progress(done: int, total: int) -> None:
            with write_txn(db):
                db.conn.execute(
                    "UPDATE planner_jobs SET done = ?, total = ? WHERE id = ?",
                    [done, total, job_id],
                )
            if on_progress is not None:
                on_progress(done, total)
            row = one(db, "SELECT cancel_requested FROM planner_jobs WHERE id = ?", [job_id])
            if row is None or row["cancel_requested"]:
                raise _Cancelled
            if stop is not None and stop.is_set():
                raise _Interrupted

        started = time.perf_counter()
        run = _compare_result if spec.kind == "compare" else _staffing_result
        try:
            result = run(spec, workers, processes, progress)
        except _Cancelled:
            _finish(db, job_id, "cancelled", CANCELLED_MESSAGE)
            return
        except _Interrupted:
            _finish(db, job_id, "queued")
            return
        except Exception as exc:  # any failure becomes the job's message, never a traceback
            _finish(db, job_id, "failed", _failure(exc))
            return
        result["elapsed_seconds"] = round(time.perf_counter() - started, 3)
        _finish(db, job_id, "done", "", result)
    finally:
        db.close()


def _failure(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, PlannerError):
        return f"Skenario tidak dapat dijalankan / The scenario cannot run:\n{text}"
    return f"Simulasi gagal / The simulation failed: {text}"


def claimant() -> str:
    """This process as the claimant of a running job: host, pid and a per-process token."""
    return f"{socket.gethostname()}:{os.getpid()}:{PROCESS_TOKEN}"
