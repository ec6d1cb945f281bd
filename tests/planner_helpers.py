"""Helpers of the planner tests that read like the domain: a fresh database with one planner,
a small comparison of the classroom scenario, and a job run to its end."""

from __future__ import annotations

import time
from collections.abc import Callable
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


def small_staffing_spec() -> JobSpec:
    """A staffing search on kelas_bimtek with two verifiers, for half the follow-ups on time."""
    return small_spec(
        kind="staffing",
        variants=(Variant("dua verifikator", {"sop.verifiers": 2}),),
        target_kpi="followup_sla_met",
        target=0.5,
    )


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


def wait_for(condition: Callable[[], Any], seconds: float = 120) -> Any:
    """Poll until ``condition()`` is true and return it; the deadline guards against a hang, it
    is not a speed assertion."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.02)
    return found


def status_of(path: Path, job_id: int) -> Any:
    """The job as another connection sees it (the worker's connection is its own)."""
    other = open_db(path)
    try:
        return get_job(other, job_id)
    finally:
        other.close()


def left_running(
    db: Any, job_id: int, claimed_by: str, cancel: bool = False, heartbeat_at: float | None = None
) -> None:
    """A job as a server left it running: claimed, three replications done, a heartbeat (now,
    unless given)."""
    db.conn.execute(
        "UPDATE planner_jobs SET status = 'running', claimed_by = ?, done = 3, started_at = 'x',"
        " cancel_requested = ?, heartbeat_at = ? WHERE id = ?",
        [claimed_by, int(cancel), time.time() if heartbeat_at is None else heartbeat_at, job_id],
    )
    db.conn.commit()


def in_language(lang: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a web helper (planner sentences, chart words) as a page in ``lang`` would."""
    import tempfile

    from web import create_app

    global _APP
    if _APP is None:
        where = Path(tempfile.mkdtemp(prefix="planner-words-"))
        _APP = create_app(
            {"TESTING": True, "INSTANCE_PATH": str(where), "SANDBOX_DB": str(where / "db.sqlite")}
        )
    with _APP.test_request_context(f"/?lang={lang}"):
        return fn(*args, **kwargs)


_APP: Any = None
