"""The planner's background worker: one thread per web process that runs queued jobs one by one
in worker processes, and puts back in the queue the jobs whose worker is gone.

A running job records who claimed it and renews a heartbeat (:mod:`sandbox.planner.lease`). At
start and then at every look for work, a job whose claimant process of this host is gone, or
whose heartbeat is older than the lease (whatever host claimed it), is orphaned and requeued —
or ended cancelled, if a cancel was asked for. The thread outlives errors such as a locked
database: it logs them, waits a little longer each time, and goes on.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from sqlite_utils import Database

from ..clock import wall_now
from ..db import one, open_db, rows, write_txn
from .jobs import requeue
from .lease import HEARTBEAT_SECONDS, LEASE_SECONDS, orphaned
from .run import run_job

log = logging.getLogger(__name__)
#: the longest pause after repeated errors (seconds)
MAX_BACKOFF_SECONDS = 30.0


def requeue_orphans(
    db: Database, *, now: float | None = None, lease_seconds: float = LEASE_SECONDS
) -> list[int]:
    """Put jobs whose worker is gone back in the queue (or mark them cancelled, if a cancel was
    asked for); the ids requeued."""
    now = wall_now() if now is None else now
    found = rows(
        db, "SELECT id, claimed_by, heartbeat_at FROM planner_jobs WHERE status = 'running'"
    )
    orphans = [
        r["id"] for r in found if orphaned(r["claimed_by"], r["heartbeat_at"], now, lease_seconds)
    ]
    if not orphans:
        return []
    with write_txn(db):
        outcomes = {job_id: requeue(db, job_id, now) for job_id in orphans}
    return [job_id for job_id, status in outcomes.items() if status == "queued"]


def next_queued(db: Database) -> int | None:
    """The oldest queued job, if any."""
    row = one(db, "SELECT id FROM planner_jobs WHERE status = 'queued' ORDER BY id LIMIT 1")
    return None if row is None else int(row["id"])


def default_workers() -> int:
    """Worker processes of a web server's planner: all cores but one, at least one."""
    return max(1, (os.cpu_count() or 2) - 1)


class PlannerWorker:
    """The background thread of one web process: runs queued jobs one by one in worker
    processes (never under the web server's GIL), or on the Dask cluster ``cluster`` names."""

    def __init__(
        self,
        db_path: str | Path,
        workers: int | None = None,
        poll_seconds: float = 1.0,
        *,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        lease_seconds: float = LEASE_SECONDS,
        cluster: str | None = None,
    ) -> None:
        self.db_path = db_path
        self.cluster = cluster  # a Dask cluster for the replications (None: worker processes)
        self.workers = workers or default_workers()
        self.poll_seconds = poll_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.lease_seconds = lease_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def alive(self) -> bool:
        """Whether the thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (again, if it died): it first requeues jobs whose worker is gone, then
        polls for queued jobs."""
        if self.alive:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="planner-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5) -> None:
        """Stop within a second; the job in progress goes back to the queue."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        db: Database | None = None
        failures = 0
        try:
            while not self._stop.is_set():
                try:
                    if db is None:
                        db = open_db(self.db_path)
                    ran = self._step(db)
                    failures = 0
                except Exception:  # e.g. "database is locked": keep serving, try again later
                    failures += 1
                    delay = min(self.poll_seconds * 2 ** (failures - 1), MAX_BACKOFF_SECONDS)
                    log.exception("planner worker: error, trying again in %.1f s", delay)
                    if db is not None:
                        db.close()
                        db = None
                    self._stop.wait(delay)
                    continue
                if not ran:
                    self._stop.wait(self.poll_seconds)
        finally:
            if db is not None:
                db.close()

    def _step(self, db: Database) -> bool:
        """Requeue orphans, then run the oldest queued job; whether there was one."""
        requeue_orphans(db, lease_seconds=self.lease_seconds)
        job_id = next_queued(db)
        if job_id is None:
            return False
        run_job(
            self.db_path,
            job_id,
            self.workers,
            processes=True,
            stop=self._stop,
            heartbeat_seconds=self.heartbeat_seconds,
            cluster=self.cluster,
        )
        return True
