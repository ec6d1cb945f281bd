"""Helpers of the planner tests that read like the domain: a fresh database with one planner,
a small comparison of the classroom scenario, and a job run to its end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sandbox.db import open_db
from sandbox.facilitators import create_facilitator
from sandbox.planner import JobSpec, Variant, get_job, run_job, submit

BASELINE = Variant("SOP sekarang", {})
PLUS_VERIFIER = Variant("+1 verifikator", {"sop.verifiers": 2})


def small_spec(**changes: Any) -> JobSpec:
    """Two variants of kelas_bimtek over ten days, two replications: a job of a few seconds."""
    fields: dict[str, Any] = {
        "kind": "compare",
        "scenario_ref": "kelas_bimtek",
        "scenario_label": "Kelas bimtek",
        "variants": (BASELINE, PLUS_VERIFIER),
        "replications": 2,
        "seed": 7,
        "days": 10,
    }
    fields.update(changes)
    return JobSpec(**fields)


def planner_db(tmp_path: Path) -> tuple[Path, Any, int]:
    """(database file, connection, facilitator id) of a fresh installation with one planner."""
    path = tmp_path / "sandbox.sqlite"
    db = open_db(path)
    fid = create_facilitator(db, "Bu Ratna (Bappeda)", "rahasia-123", now=1_700_000_000.0)
    return path, db, fid


def finished_job(tmp_path: Path, spec: JobSpec | None = None) -> Any:
    """A job submitted and run to its end in this process."""
    path, db, fid = planner_db(tmp_path)
    job_id = submit(db, fid, spec or small_spec(), "uji")
    run_job(path, job_id)
    return get_job(db, job_id)
