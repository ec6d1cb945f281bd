"""What a planner waits for: a comparison of three variants through the planner's job system,
against the same comparison run directly by the simulator (the job system's own cost).

Run: .venv/bin/python benchmarks/bench_planner.py [SCENARIO] [REPLICATIONS] [WORKERS]
Defaults: sanggau, 30 replications, one worker process (what the trainer uses on a 2-core laptop:
one core stays with the web server). The variants are the planner guide's: today's SOP, one more
verifier, keyword routing. Both runs use worker processes and the same seed, and must give the
same numbers; the script checks that and prints the wall times. Asserts nothing about speed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox import planner as pl  # noqa: E402
from sandbox.db import open_db  # noqa: E402
from sandbox.facilitators import create_facilitator  # noqa: E402
from scenarios import load_scenario  # noqa: E402
from simulator.experiment import compare  # noqa: E402


def main() -> None:
    ref = sys.argv[1] if len(sys.argv) > 1 else "sanggau"
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    base = load_scenario(ref)
    changes = {
        "+1 verifikator": {"sop.verifiers": base.sop.verifiers + 1},
        "Routing kata kunci": {"routing.policy": "keyword"},
    }
    spec = pl.JobSpec(
        kind="compare",
        scenario_ref=ref,
        scenario_label=ref,
        variants=(pl.Variant("SOP sekarang", {}),)
        + tuple(pl.Variant(n, o) for n, o in changes.items()),
        replications=reps,
        seed=1,
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sandbox.sqlite"
        db = open_db(path)
        fid = create_facilitator(db, "bench", "kata-sandi-bench-1", now=time.time())
        job_id = pl.submit(db, fid, spec, "bench")
        start = time.perf_counter()
        pl.run_job(path, job_id, workers, processes=True)
        job_s = time.perf_counter() - start
        job = pl.get_job(db, job_id)
        db.close()
    assert job.status == "done", job.message
    start = time.perf_counter()
    direct = compare(
        base,
        {n: load_scenario(ref, o) for n, o in changes.items()},
        reps,
        1,
        baseline_name="SOP sekarang",
        workers=workers,
    )
    direct_s = time.perf_counter() - start
    same = all(
        a["kpi"]["followup_sla_met"]["mean"] == b["kpi"]["followup_sla_met"]["mean"]
        for a, b in zip(job.result["variants"], direct["variants"], strict=True)
    )
    runs = 3 * reps
    print(
        f"planner comparison: {ref}, 3 variants x {reps} replications = {runs} runs, "
        f"{workers} worker process(es)"
    )
    print(f"  through the job system (run_job): {job_s:.1f} s ({runs / job_s:.2f} runs/s)")
    print(f"  simulator.experiment.compare:     {direct_s:.1f} s ({runs / direct_s:.2f} runs/s)")
    print(f"  job system / direct: {job_s / direct_s:.2f}x; same numbers: {same}")
    for sentence in pl.sentences(job.result, "id"):
        if sentence["clear"]:
            print("  " + sentence["text"])


if __name__ == "__main__":
    main()
