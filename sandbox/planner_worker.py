"""The planner's background worker: one thread per web process that runs queued jobs one by one
in worker processes, and on start puts back in the queue the jobs a dead server left running.

A running job records who claimed it (host, pid and a per-process token). At start, a claim from
this host whose process is gone — or from an earlier life of this very pid, as in a restarted
container — is orphaned and requeued; a claim from another host is left alone.
"""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

from sqlite_utils import Database

from .clock import wall_now
from .db import iso_utc, one, open_db, rows, write_txn
from .planner_jobs import CANCELLED_MESSAGE, PROCESS_TOKEN, run_job


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _orphaned(claimed_by: str | None) -> bool:
    """Whether the process that claimed a running job is gone (a claim from another host is
    left alone; this process's own pid means an earlier life of it, e.g. a restarted container)."""
    if not claimed_by:
        return True
    host, _, rest = claimed_by.partition(":")
    pid_text, _, token = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return token != PROCESS_TOKEN
    return not _alive(pid)


def requeue_orphans(db: Database) -> list[int]:
    """Put jobs left ``running`` by a server that is gone back in the queue (or mark them
    cancelled, if a cancel was asked for); the ids requeued."""
    found = rows(
        db, "SELECT id, claimed_by, cancel_requested FROM planner_jobs WHERE status = 'running'"
    )
    orphans = [r for r in found if _orphaned(r["claimed_by"])]
    with write_txn(db):
        for r in orphans:
            if r["cancel_requested"]:
                db.conn.execute(
                    "UPDATE planner_jobs SET status = 'cancelled', message = ?, finished_at = ?, "
                    "cancel_requested = 0 WHERE id = ? AND status = 'running'",
                    [CANCELLED_MESSAGE, iso_utc(wall_now()), r["id"]],
                )
                continue
            db.conn.execute(
                "UPDATE planner_jobs SET status = 'queued', started_at = NULL, claimed_by = NULL, "
                "done = 0 WHERE id = ? AND status = 'running'",
                [r["id"]],
            )
    return [r["id"] for r in orphans if not r["cancel_requested"]]


def next_queued(db: Database) -> int | None:
    """The oldest queued job, if any."""
    row = one(db, "SELECT id FROM planner_jobs WHERE status = 'queued' ORDER BY id LIMIT 1")
    return None if row is None else int(row["id"])


def default_workers() -> int:
    """Worker processes of a web server's planner: all cores but one, at least one."""
    return max(1, (os.cpu_count() or 2) - 1)


class PlannerWorker:
    """The background thread of one web process: runs queued jobs one by one in worker
    processes (never under the web server's GIL)."""

    def __init__(
        self, db_path: str | Path, workers: int | None = None, poll_seconds: float = 1.0
    ) -> None:
        self.db_path = db_path
        self.workers = workers or default_workers()
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Requeue jobs orphaned by a dead server, then start polling for queued jobs."""
        if self._thread is not None:
            return
        db = open_db(self.db_path)
        try:
            requeue_orphans(db)
        finally:
            db.close()
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="planner-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5) -> None:
        """Stop after the running replication; its job goes back to the queue."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        db = open_db(self.db_path)
        try:
            while not self._stop.is_set():
                job_id = next_queued(db)
                if job_id is None:
                    self._stop.wait(self.poll_seconds)
                    continue
                try:
                    run_job(self.db_path, job_id, self.workers, processes=True, stop=self._stop)
                except Exception:  # e.g. a locked database: keep serving, try again later
                    self._stop.wait(self.poll_seconds)
        finally:
            db.close()
