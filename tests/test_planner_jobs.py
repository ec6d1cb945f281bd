"""Planner jobs: queued, run, finished, failed, cancelled — and requeued after a server died."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from sandbox.db import open_db
from sandbox.errors import NotFound
from sandbox.planner import (
    PlannerWorker,
    Variant,
    cancel_job,
    get_job,
    list_jobs,
    requeue_orphans,
    run_job,
    submit,
)
from sandbox.planner.lease import claimant
from tests.planner_helpers import (
    finished_job,
    left_running,
    planner_db,
    small_spec,
    small_staffing_spec,
    status_of,
)


def test_a_job_goes_from_queued_through_running_to_done_with_its_result(tmp_path):
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(), "Tambah verifikator?")
    queued = get_job(db, job_id)
    assert (queued.status, queued.done, queued.total) == ("queued", 0, 4)
    assert queued.started_at is None and queued.result is None

    seen = []
    run_job(path, job_id, on_progress=lambda done, total: seen.append(status_of(path, job_id)))

    assert [(j.status, j.done, j.total) for j in seen] == [("running", i, 4) for i in (1, 2, 3, 4)]
    job = get_job(db, job_id)
    assert (job.status, job.done, job.total, job.message) == ("done", 4, 4, "")
    assert job.started_at and job.finished_at and job.created_at <= job.started_at
    result = job.result
    assert [v["name"] for v in result["variants"]] == ["SOP sekarang", "+1 verifikator"]
    assert result["baseline"] == "SOP sekarang"
    assert (result["scenario"], result["replications"], result["seed"], result["days"]) == (
        "Kelas bimtek",
        2,
        7,
        10,
    )
    assert [v["policy"] for v in result["variants"]] == ["verifier", "verifier"]
    assert result["variants"][0]["difference"] is None
    assert set(result["variants"][1]["difference"]) >= {"followup_sla_met", "backlog_end"}
    assert result["elapsed_seconds"] >= 0
    charts = result["variants"][1]["charts"]
    assert len(charts["backlog"]["dates"]) == 10
    assert set(charts["backlog"]["stages"]) == {"verifikasi", "tunda", "opd", "menunggu_warga"}
    assert len(charts["ttfr"]["counts"]) == len(charts["ttfr"]["edges"])


def test_each_variant_runs_under_its_own_routing_policy(tmp_path):
    spec = small_spec(
        variants=(Variant("verifikator", {}), Variant("kata kunci", {"routing.policy": "keyword"}))
    )
    job = finished_job(tmp_path, spec)
    assert [v["policy"] for v in job.result["variants"]] == ["verifier", "keyword"]
    assert job.result["variants"][1]["overrides"] == {"routing.policy": "keyword"}


def test_a_staffing_job_reports_the_search_and_its_header(tmp_path):
    spec = small_staffing_spec()
    job = finished_job(tmp_path, spec)
    assert job.status == "done", job.message
    result = job.result
    assert (result["kind"], result["scenario"], result["variant"]) == (
        "staffing",
        "Kelas bimtek",
        "dua verifikator",
    )
    assert result["target"]["kpi"] == "followup_sla_met" and result["desks"]["VERIFIKASI"]
    assert result["desks"]["VERIFIKASI"]["current"] == 2  # the variant's change was applied
    assert job.done == job.total == 2 * (result["iterations"] + 1)


def test_a_list_is_newest_first_per_planner_and_leaves_results_out(tmp_path):
    path, db, fid = planner_db(tmp_path)
    other = db.conn.execute(
        "INSERT INTO facilitators (name, password_hash, created_at) VALUES ('Pak Dedi', 'x', '')"
    ).lastrowid
    db.conn.commit()
    first = submit(db, fid, small_spec(), "pertama")
    second = submit(db, fid, small_spec(seed=8), "kedua")
    theirs = submit(db, other, small_spec(), "")
    run_job(path, first)
    assert [j.id for j in list_jobs(db, fid)] == [second, first]
    assert [j.id for j in list_jobs(db)] == [theirs, second, first]
    assert all(j.result is None for j in list_jobs(db))
    assert get_job(db, theirs).title == "compare: Kelas bimtek"  # a blank title gets a default
    with pytest.raises(NotFound):
        get_job(db, 999)


def test_a_scenario_file_deleted_after_submit_fails_the_job_with_a_clear_message(tmp_path):
    path, db, fid = planner_db(tmp_path)
    upload = tmp_path / "a1b2c3.yaml"
    upload.write_text("extends: kelas_bimtek\nsop: {verifiers: 1}\n", encoding="utf-8")
    spec = small_spec(scenario_ref=str(upload), scenario_label="skenario-kami.yaml")
    job_id = submit(db, fid, spec, "")
    upload.unlink()
    run_job(path, job_id)
    job = get_job(db, job_id)
    assert job.status == "failed"
    assert "scenario file not found" in job.message and "skenario-kami.yaml" in job.message
    assert "Traceback" not in job.message and str(tmp_path) not in job.message
    assert job.result is None and job.finished_at


def test_an_error_during_the_run_fails_the_job_with_the_error_text(tmp_path, monkeypatch):
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(), "")

    def broken(*args, **kwargs):
        raise RuntimeError("desk PUPR has no calendar")

    monkeypatch.setattr("sandbox.planner.run.compare", broken)
    run_job(path, job_id)
    job = get_job(db, job_id)
    assert job.status == "failed"
    assert job.message == "simulasi_gagal: desk PUPR has no calendar"  # a code; pages word it
    assert job.failure == ("simulasi_gagal", "desk PUPR has no calendar")


def test_a_queued_job_is_cancelled_at_once_and_never_runs(tmp_path):
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(), "")
    assert cancel_job(db, job_id) == "cancelled"
    run_job(path, job_id)
    job = get_job(db, job_id)
    assert (job.status, job.done, job.result) == ("cancelled", 0, None)
    assert job.finished_at and job.started_at is None


@pytest.mark.parametrize("processes", [False, True], ids=["in-process", "worker-process"])
def test_a_running_job_cancelled_from_another_connection_stops_at_the_next_replication(
    tmp_path, processes
):
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(replications=3), "")

    def cancel_after_first(done, total):
        if done == 1:
            other = open_db(path)
            assert cancel_job(other, job_id) == "requested"
            assert get_job(other, job_id).status == "running"  # requested, not yet stopped
            other.close()

    run_job(path, job_id, processes=processes, on_progress=cancel_after_first)
    job = get_job(db, job_id)
    assert (job.status, job.done, job.result) == ("cancelled", 1, None)
    assert job.message == "" and not job.cancel_requested  # the status says it


def test_a_finished_job_cannot_be_cancelled(tmp_path):
    job = finished_job(tmp_path)
    db = open_db(tmp_path / "sandbox.sqlite")
    assert cancel_job(db, job.id) == "finished"
    assert get_job(db, job.id).status == "done"
    with pytest.raises(NotFound):
        cancel_job(db, 12345)


def test_worker_processes_give_the_same_numbers_as_this_process(tmp_path):
    in_process = finished_job(tmp_path / "a").result
    path, db, fid = planner_db(tmp_path / "b")
    job_id = submit(db, fid, small_spec(), "")
    run_job(path, job_id, workers=1, processes=True)
    pooled = get_job(db, job_id).result
    for a, b in zip(in_process["variants"], pooled["variants"], strict=True):
        assert a["kpi"] == b["kpi"] and a["charts"] == b["charts"]


def _dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(proc.stdout)


def test_jobs_left_running_by_a_dead_server_are_requeued_and_others_left_alone(tmp_path):
    path, db, fid = planner_db(tmp_path)
    host = socket.gethostname()
    dead, earlier_life, elsewhere, alive, cancelled = (
        submit(db, fid, small_spec(), str(i)) for i in range(5)
    )
    left_running(db, dead, f"{host}:{_dead_pid()}:abcd1234")
    left_running(db, earlier_life, f"{host}:{claimant().split(':')[1]}:00000000")
    left_running(db, elsewhere, "another-host:1:abcd1234")
    left_running(db, alive, claimant())
    left_running(db, cancelled, f"{host}:{_dead_pid()}:abcd1234", cancel=True)

    assert sorted(requeue_orphans(db)) == sorted([dead, earlier_life])
    statuses = {j.id: (j.status, j.done) for j in list_jobs(db)}
    assert statuses[dead] == statuses[earlier_life] == ("queued", 0)
    assert statuses[elsewhere] == statuses[alive] == ("running", 3)
    assert statuses[cancelled] == ("cancelled", 3)


def test_a_started_worker_requeues_an_orphaned_job_and_runs_it_to_the_end(tmp_path):
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, small_spec(), "")
    left_running(db, job_id, f"{socket.gethostname()}:{_dead_pid()}:abcd1234")
    worker = PlannerWorker(path, workers=1, poll_seconds=0.05)
    worker.start()
    try:
        deadline = time.monotonic() + 120  # a guard against hanging, not a speed assertion
        while get_job(db, job_id).status not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.stop()
    job = get_job(db, job_id)
    assert (job.status, job.done, job.total) == ("done", 4, 4), job.message
    assert job.result["variants"][1]["name"] == "+1 verifikator"
