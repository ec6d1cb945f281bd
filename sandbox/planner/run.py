"""Running one planner job: claim it, run the experiment with a watch on it (progress,
heartbeat, cancel, stop), store the result or the failure in plain words.

Every job and every thread opens its own database connection (sqlite connections never cross
threads). A claimed job always ends ``done``, ``failed`` or ``cancelled``, or back in the queue;
if even that cannot be written, its heartbeat stops and the lease requeues it
(:mod:`sandbox.planner.lease`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from scenarios import ScenarioError, load_scenario
from simulator.experiment import WorkerLost, compare
from simulator.model import warmup_days
from simulator.staffing import staffing
from simulator.study import run_study

from ..clock import wall_now
from ..db import iso_utc, one, open_db, to_json, write_txn
from .jobs import CANCELLED_MESSAGE, get_job, requeue
from .lease import HEARTBEAT_SECONDS, claimant
from .spec import JobSpec, PlannerError, load_variants, study_of

WORKER_LOST_MESSAGE = "proses_dihentikan:"  # the page says what it means and what to try


class _Cancelled(Exception):
    """Raised from the progress callback: the job was cancelled."""


class _Interrupted(Exception):
    """Raised from the progress callback: the worker is stopping; the job goes back to the queue."""


class _TakenOver(Exception):
    """Raised from the progress callback: the job is no longer this worker's (its lease expired
    and it was requeued, cancelled or claimed elsewhere); stop without writing anything."""


def _claim(db: Database, job_id: int, worker: str) -> bool:
    now = wall_now()
    with write_txn(db):
        cur = db.conn.execute(
            "UPDATE planner_jobs SET status = 'running', started_at = ?, claimed_by = ?, done = 0, "
            "heartbeat_at = ? WHERE id = ? AND status = 'queued'",
            [iso_utc(now), worker, now, job_id],
        )
    return cur.rowcount == 1


def _finish(
    db: Database,
    job_id: int,
    worker: str,
    status: str,
    message: str = "",
    result: Any = None,
) -> None:
    """End the job this worker holds: done, failed, cancelled — or back in the queue (then a
    cancel that arrived meanwhile wins)."""
    now = wall_now()
    with write_txn(db):
        if status == "queued":
            requeue(db, job_id, now, worker)
            return
        db.conn.execute(
            "UPDATE planner_jobs SET status = ?, message = ?, result = ?, finished_at = ?, "
            "cancel_requested = 0 WHERE id = ? AND status = 'running' AND claimed_by = ?",
            [
                status,
                message,
                None if result is None else to_json(result),
                iso_utc(now),
                job_id,
                worker,
            ],
        )


class _Watch:
    """The progress callback of a running job: records ``done``/``total``, renews the heartbeat
    and stops the run (by raising) when the job is cancelled, the worker stops or the job is no
    longer this worker's. Called after each replication and, with worker processes, every
    half second in between (:class:`simulator.runner.Runner`)."""

    def __init__(
        self,
        db: Database,
        job_id: int,
        worker: str,
        stop: threading.Event | None,
        on_progress: Callable[[int, int], None] | None,
        heartbeat_seconds: float,
    ) -> None:
        self.db, self.job_id, self.worker = db, job_id, worker
        self.stop, self.on_progress = stop, on_progress
        self.heartbeat_seconds = heartbeat_seconds
        self.last = (0, -1)
        self.beat = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        changed = (done, total) != self.last
        if changed or time.monotonic() - self.beat >= self.heartbeat_seconds:
            with write_txn(self.db):
                self.db.conn.execute(
                    "UPDATE planner_jobs SET done = ?, total = ?, heartbeat_at = ? "
                    "WHERE id = ? AND status = 'running' AND claimed_by = ?",
                    [done, total, wall_now(), self.job_id, self.worker],
                )
            self.beat, self.last = time.monotonic(), (done, total)
            if changed and self.on_progress is not None:
                self.on_progress(done, total)
        row = one(
            self.db,
            "SELECT status, claimed_by, cancel_requested FROM planner_jobs WHERE id = ?",
            [self.job_id],
        )
        if row is None or row["status"] != "running" or row["claimed_by"] != self.worker:
            raise _TakenOver
        if row["cancel_requested"]:
            raise _Cancelled
        if self.stop is not None and self.stop.is_set():
            raise _Interrupted


def _compare_result(
    spec: JobSpec, workers: int, processes: bool, progress: Any, cluster: str | None
) -> dict:
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
        cluster=cluster,
    )
    for entry, variant in zip(result["variants"], spec.variants, strict=True):
        s = scenarios[entry["name"]]
        entry.update(policy=s.routing.policy, overrides=dict(variant.overrides))
    return result | _header(spec, base)


def _staffing_result(
    spec: JobSpec, workers: int, processes: bool, progress: Any, cluster: str | None
) -> dict:
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
        cluster=cluster,
    )
    return (
        result
        | _header(spec, scenario)
        | {
            "variant": variant.name,
            "overrides": dict(variant.overrides),
        }
    )


def _study_result(
    spec: JobSpec, workers: int, processes: bool, progress: Any, cluster: str | None
) -> dict:
    try:
        result = run_study(
            study_of(spec),
            workers=workers,
            processes=processes,
            on_result=progress,
            cluster=cluster,
        )
    except ScenarioError as exc:  # a row × variant the checks before queueing could not see
        raise PlannerError(exc.problems) from None
    base = load_scenario(spec.scenario_ref)
    return result | _header(spec, base)


def _header(spec: JobSpec, base: Any) -> dict[str, Any]:
    return {
        "kind": spec.kind,
        "scenario": spec.scenario_label,
        "scenario_name": base.scenario.name,
        "replications": spec.replications,
        "seed": spec.seed,
        "days": spec.days or base.simulation.days,
        "warmup_days": warmup_days(base, spec.days),
    }


RUNS = {"compare": _compare_result, "staffing": _staffing_result, "study": _study_result}


def run_job(
    db_path: str | Path,
    job_id: int,
    workers: int = 1,
    *,
    processes: bool = False,
    stop: threading.Event | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    worker_id: str | None = None,
    heartbeat_seconds: float = HEARTBEAT_SECONDS,
    cluster: str | None = None,
) -> None:
    """Claim one queued job and run it here: ``done``/``total`` follow each replication and the
    heartbeat is renewed every ``heartbeat_seconds``; it ends ``done`` with its result, ``failed``
    with the error's text, or ``cancelled``. A set ``stop`` puts the job back in the queue (the
    server is shutting down). ``cluster`` runs the replications on Dask (``local[:N]`` or
    ``tcp://HOST:PORT``, :mod:`simulator.cluster`) instead of ``workers`` processes. Does nothing
    if the job is not queued."""
    db = open_db(db_path)
    try:
        worker = worker_id or claimant()
        if _claim(db, job_id, worker):
            _run_claimed(
                db,
                job_id,
                worker,
                workers,
                processes,
                stop,
                on_progress,
                heartbeat_seconds,
                cluster,
            )
    finally:
        db.close()


def _run_claimed(
    db: Database,
    job_id: int,
    worker: str,
    workers: int,
    processes: bool,
    stop: threading.Event | None,
    on_progress: Callable[[int, int], None] | None,
    heartbeat_seconds: float,
    cluster: str | None = None,
) -> None:
    """Run a job this worker has claimed; whatever happens it ends in a final state or back in
    the queue (if even that cannot be written, its heartbeat stops and the lease requeues it)."""
    result, message = None, ""
    try:
        spec = get_job(db, job_id).spec
        watch = _Watch(db, job_id, worker, stop, on_progress, heartbeat_seconds)
        started = time.perf_counter()
        run = RUNS[spec.kind]
        result = run(spec, workers, processes, watch, cluster)
        result["elapsed_seconds"] = round(time.perf_counter() - started, 3)
        status = "done"
    except _TakenOver:
        return
    except _Cancelled:
        status, message = "cancelled", CANCELLED_MESSAGE
    except _Interrupted:
        status = "queued"
    except Exception as exc:  # any failure becomes the job's message, never a traceback
        status, message, result = "failed", _failure(exc), None
    except BaseException:  # Ctrl-C, SystemExit: back in the queue for the next server
        _finish(db, job_id, worker, "queued")
        raise
    try:
        _finish(db, job_id, worker, status, message, result)
    except Exception as exc:  # e.g. a result that cannot be stored: the job fails, not hangs
        if status != "done":
            raise
        _finish(db, job_id, worker, "failed", _failure(exc))


def _failure(exc: Exception) -> str:
    if isinstance(exc, WorkerLost):
        return WORKER_LOST_MESSAGE
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, PlannerError):
        return f"skenario_tidak_jalan: {text}"
    return f"simulasi_gagal: {text}"
