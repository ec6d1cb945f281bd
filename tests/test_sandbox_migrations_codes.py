"""Rows written before nothing translated was stored get codes: the planner's cancelled and
failed jobs (migrations 0015 and 0017, applied again here to rows in the old form)."""

from __future__ import annotations

import pytest

from sandbox.db import open_db
from sandbox.facilitators import create_facilitator
from sandbox.migrations import opened_cases_and_display_names, planner_failures_as_codes
from sandbox.planner import get_job, submit
from tests.planner_helpers import small_spec

OLD = {
    "Simulasi gagal / The simulation failed: desk PUPR has no calendar": (
        "simulasi_gagal",
        "desk PUPR has no calendar",
    ),
    "Skenario tidak dapat dijalankan / The scenario cannot run:\nsop.verifiers: -1": (
        "skenario_tidak_jalan",
        "sop.verifiers: -1",
    ),
    "Simulasi gagal / The simulation failed: proses simulasi dihentikan oleh sistem (mungkin "
    "memori habis); coba lagi … / a simulation process was stopped …": ("proses_dihentikan", ""),
}


@pytest.mark.parametrize("old", list(OLD))
def test_an_old_failure_message_becomes_a_code_and_its_detail(tmp_path, old):
    db = open_db(tmp_path / "db.sqlite")
    fid = create_facilitator(db, "perencana", "kata-sandi-8", now=0.0)
    job_id = submit(db, fid, small_spec(), "lama")
    db.execute("UPDATE planner_jobs SET status = 'failed', message = ? WHERE id = ?", [old, job_id])
    planner_failures_as_codes(db)
    assert get_job(db, job_id).failure == OLD[old]


def test_an_old_cancelled_message_is_cleared(tmp_path):
    db = open_db(tmp_path / "db.sqlite")
    fid = create_facilitator(db, "perencana", "kata-sandi-8", now=0.0)
    job_id = submit(db, fid, small_spec(), "lama")
    db.execute(
        "UPDATE planner_jobs SET status = 'cancelled', message = 'Dibatalkan / Cancelled' "
        "WHERE id = ?",
        [job_id],
    )
    db.execute("DROP TABLE opened_cases")  # so 0015 can run again on this database
    db.execute("ALTER TABLE facilitators DROP COLUMN display_name")
    opened_cases_and_display_names(db)
    assert get_job(db, job_id).message == ""
