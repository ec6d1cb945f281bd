"""The planner's background worker when things go wrong: a killed worker process, a worker that
disappeared (heartbeat lease), a cancel during a long replication or a shutdown, a locked
database."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sqlite3
import threading
import time

import pytest

from sandbox.db import open_db
from sandbox.planner import (
    PlannerWorker,
    cancel_job,
    get_job,
    next_queued,
    requeue_orphans,
    run_job,
    submit,
)
from sandbox.planner import run as planner_run
from sandbox.planner import worker as planner_worker
from sandbox.planner.lease import claimant
from simulator import experiment, runner
from tests.planner_helpers import (
    left_running,
    planner_db,
    small_spec,
    status_of,
    wait_for,
)
from tests.sim_helpers import replication_that_never_ends

FINAL = ("done", "failed", "cancelled")


@pytest.fixture
def worker_of():
    """Start a PlannerWorker on a database (polling fast) and stop it after the test."""
    started = []

    def start(path, **options):
        worker = PlannerWorker(path, workers=1, poll_seconds=0.02, **options)
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop(timeout=30)


@pytest.fixture
def stuck_replications(monkeypatch):
    """Replications in worker processes that never end (until their process is stopped)."""
    monkeypatch.setattr(runner, "run_task", replication_that_never_ends)
    return lambda: monkeypatch.setattr(runner, "run_task", _real_run_job)


_real_run_job = runner.run_task


def test_a_job_whose_worker_process_is_killed_fails_and_the_next_job_runs_to_the_end(
    tmp_path, worker_of, stuck_replications
):
    """What happens when the out-of-memory killer takes a simulation process?"""
    path, db, fid = planner_db(tmp_path)
    first = submit(db, fid, small_spec(), "dibunuh")
    worker_of(path)
    children = wait_for(
        lambda: status_of(path, first).status == "running" and multiprocessing.active_children()
    )
    os.kill(children[0].pid, signal.SIGKILL)

    job = wait_for(lambda: (j := status_of(path, first)).status in FINAL and j)
    assert job.status == "failed" and job.result is None and job.finished_at
    assert job.failure == ("proses_dihentikan", "")  # the page says: perhaps out of memory
    assert "Traceback" not in job.message and "BrokenProcessPool" not in job.message

    stuck_replications()  # the next job simulates for real, on the same worker
    second = submit(db, fid, small_spec(), "sesudahnya")
    job = wait_for(lambda: (j := status_of(path, second)).status in FINAL and j)
    assert (job.status, job.done, job.total) == ("done", 4, 4), job.message


def test_a_cancel_stops_a_long_replication_and_its_process_while_the_heartbeat_goes_on(
    tmp_path, monkeypatch, stuck_replications
):
    """Does Cancel work in the middle of a replication that would never finish?"""
    monkeypatch.setattr(experiment.Runner, "wait_seconds", 0.02)
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(), "")
    run = threading.Thread(
        target=run_job, args=(path, job_id), kwargs={"processes": True, "heartbeat_seconds": 0.05}
    )
    run.start()
    try:
        first = wait_for(lambda: _heartbeat(db, job_id))
        wait_for(lambda: multiprocessing.active_children())
        later = wait_for(lambda: (beat := _heartbeat(db, job_id)) and beat > first and beat)
        assert later > first and status_of(path, job_id).done == 0  # renewed while waiting
        assert cancel_job(db, job_id) == "requested"
    finally:
        run.join(60)
    assert not run.is_alive()
    job = get_job(db, job_id)
    assert (job.status, job.done, job.result) == ("cancelled", 0, None)
    assert not multiprocessing.active_children()  # the running replication was killed


def _heartbeat(db, job_id):
    return db.execute("SELECT heartbeat_at FROM planner_jobs WHERE id = ?", [job_id]).fetchone()[0]


def test_a_job_whose_heartbeat_is_older_than_the_lease_is_requeued_whatever_host_claimed_it(
    tmp_path,
):
    path, db, fid = planner_db(tmp_path)
    now = time.time()
    stale, fresh, short_lease, cancelled = (submit(db, fid, small_spec(), str(i)) for i in range(4))
    left_running(db, stale, "another-host:1:abcd1234", heartbeat_at=now - 61)
    left_running(db, fresh, "another-host:1:abcd1234", heartbeat_at=now - 5)
    left_running(db, short_lease, "another-host:2:abcd1234", heartbeat_at=now - 11)
    left_running(db, cancelled, "another-host:3:abcd1234", cancel=True, heartbeat_at=now - 61)

    assert requeue_orphans(db, now=now) == [stale]
    assert get_job(db, cancelled).status == "cancelled"
    assert requeue_orphans(db, now=now, lease_seconds=10) == [short_lease]
    assert [get_job(db, j).status for j in (stale, fresh, short_lease)] == [
        "queued",
        "running",
        "queued",
    ]
    assert get_job(db, stale).done == 0 and get_job(db, stale).started_at is None


def test_a_worker_already_running_requeues_an_orphan_it_finds_later_and_runs_it(
    tmp_path, monkeypatch, worker_of
):
    path, db, fid = planner_db(tmp_path)
    looks = []
    real = planner_worker.next_queued
    monkeypatch.setattr(planner_worker, "next_queued", lambda db: looks.append(1) or real(db))
    worker_of(path, lease_seconds=30)
    wait_for(lambda: len(looks) >= 2)  # started, and looked for work twice: nothing there
    job_id = submit(db, fid, small_spec(), "")
    left_running(db, job_id, "another-host:1:abcd1234", heartbeat_at=time.time() - 31)
    job = wait_for(lambda: (j := status_of(path, job_id)).status in FINAL and j)
    assert (job.status, job.done, job.total) == ("done", 4, 4), job.message
    assert job.result["variants"][1]["name"] == "+1 verifikator"


def test_cancelling_a_running_job_whose_worker_is_gone_cancels_it_at_once(tmp_path):
    path, db, fid = planner_db(tmp_path)
    now = time.time()
    gone, alive = (submit(db, fid, small_spec(), str(i)) for i in range(2))
    left_running(db, gone, "another-host:1:abcd1234", heartbeat_at=now - 120)
    left_running(db, alive, "another-host:1:abcd1234", heartbeat_at=now)
    assert cancel_job(db, gone, now=now) == "cancelled"
    assert cancel_job(db, alive, now=now) == "requested"
    job = get_job(db, gone)
    assert (job.status, job.done, job.cancel_requested) == ("cancelled", 3, False)
    assert job.message == "" and job.finished_at  # the status says it
    job = get_job(db, alive)
    assert (job.status, job.cancel_requested) == ("running", True)


def test_a_cancel_that_arrives_while_a_stopping_worker_requeues_the_job_wins(tmp_path, monkeypatch):
    """Is a cancel lost when it comes just after the worker's last look and before the requeue?"""
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(), "")
    finish = planner_run._finish

    def cancel_first(db_, job_id_, worker, status, *args):
        if status == "queued":
            other = open_db(path)
            assert cancel_job(other, job_id_) == "requested"
            other.close()
        finish(db_, job_id_, worker, status, *args)

    monkeypatch.setattr(planner_run, "_finish", cancel_first)
    stop = threading.Event()
    stop.set()  # the server is shutting down
    run_job(path, job_id, stop=stop)
    job = get_job(db, job_id)
    assert (job.status, job.cancel_requested) == ("cancelled", False)
    assert job.message == "" and job.finished_at  # the status says it


def test_a_stopping_worker_puts_its_job_back_in_the_queue(tmp_path):
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(), "")
    stop = threading.Event()
    stop.set()
    run_job(path, job_id, stop=stop)
    job = get_job(db, job_id)
    assert (job.status, job.done, job.started_at, job.finished_at) == ("queued", 0, None, None)


def test_a_job_taken_over_after_its_lease_expired_is_left_to_its_new_worker(tmp_path):
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(), "")

    def taken_over(done, total):
        if done == 1:  # the lease expired and another server claimed the job meanwhile
            other = open_db(path)
            other.execute(
                "UPDATE planner_jobs SET claimed_by = 'another-host:1:abcd1234' WHERE id = ?",
                [job_id],
            )
            other.conn.commit()
            other.close()

    run_job(path, job_id, on_progress=taken_over)
    job = get_job(db, job_id)
    assert (job.status, job.done, job.result) == ("running", 1, None)  # nothing written over it


def test_a_claimed_job_whose_spec_cannot_be_read_fails_instead_of_staying_running(
    tmp_path, monkeypatch
):
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(), "")

    def locked(*args):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(planner_run, "get_job", locked)
    run_job(path, job_id)
    job = get_job(db, job_id)
    assert job.status == "failed"
    assert job.failure == ("simulasi_gagal", "database is locked")


@pytest.mark.parametrize("where", ["next_queued", "open_db"])
def test_the_worker_outlives_a_locked_database_and_runs_the_job_afterwards(
    tmp_path, monkeypatch, caplog, worker_of, where
):
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(), "")
    real = getattr(planner_worker, where)
    failures = []

    def locked_twice(*args, **kwargs):
        if len(failures) < 2:
            failures.append(where)
            raise sqlite3.OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(planner_worker, where, locked_twice)
    with caplog.at_level(logging.ERROR, logger="sandbox.planner.worker"):
        worker = worker_of(path)
        job = wait_for(lambda: (j := status_of(path, job_id)).status in FINAL and j)
    assert job.status == "done", job.message
    assert worker.alive and len(failures) == 2
    assert [r.exc_info[0] for r in caplog.records] == [sqlite3.OperationalError] * 2


def test_a_worker_whose_thread_died_starts_a_new_one(tmp_path):
    path, _db, _fid = planner_db(tmp_path)
    worker = PlannerWorker(path, workers=1, poll_seconds=0.02)
    dead = threading.Thread(target=lambda: None)
    dead.start()
    dead.join()
    worker._thread = dead  # as if the thread had ended
    assert not worker.alive
    worker.start()
    try:
        assert worker.alive and worker._thread is not dead
    finally:
        worker.stop()


def test_the_worker_looks_for_the_oldest_queued_job(tmp_path):
    path, db, fid = planner_db(tmp_path)
    assert next_queued(db) is None
    first, second = (submit(db, fid, small_spec(), str(i)) for i in range(2))
    left_running(db, first, claimant())
    assert next_queued(db) == second
