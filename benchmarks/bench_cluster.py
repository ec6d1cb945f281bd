"""Big studies on Dask: how a study scales with worker processes, and a province-sized study.

Run: .venv/bin/python benchmarks/bench_cluster.py [--big]

1. A 40-run study (2 kabupaten generated from Sanggau × 2 variants × 10 replications) on a Dask
   LocalCluster of 1 worker and of 2 workers — each cluster started beforehand, its start-up
   printed apart — and, for reference, on the process pool with 1 and 2 workers: wall times and
   the ratio 1 worker / 2 workers. All four must give the same table (checked).
2. With ``--big``: the study of 20 kabupaten × 3 variants × 10 replications
   (benchmarks/studies/kabupaten_20.yaml) from one command on ``--cluster local:2``, with its wall
   time and the table it prints (docs/planner.md shows it).

Prints figures; asserts nothing about speed (the machine is shared).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import distributed  # noqa: E402

from simulator.study import load_all, load_study, run_study  # noqa: E402

STUDY_40 = """
title: 40 runs
scenarios:
  extends: sanggau
  table:
    - {name: kab_a, load.reports_per_year: 300, sop.verifiers: 2}
    - {name: kab_b, load.reports_per_year: 500, sop.verifiers: 2}
variants:
  SOP sekarang: {}
  Routing kata kunci: routing.policy=keyword
replications: 10
seed: 1
"""


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def on_cluster(study, workers: int) -> tuple[float, float, dict]:
    """(cluster start-up s, study wall s, result) on a LocalCluster of ``workers`` processes."""
    start = time.perf_counter()
    with distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as cluster:
        with distributed.Client(cluster):
            pass  # the workers are up
        up = time.perf_counter() - start
        wall, result = timed(lambda: run_study(study, cluster=cluster.scheduler_address))
    return up, wall, result


def scaling() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "study40.yaml"
        path.write_text(STUDY_40, encoding="utf-8")
        study = load_study(path)
    runs = len(study.scenarios) * len(study.variants) * study.replications
    print(f"1. A {runs}-run study (Sanggau-based, default period), same seed everywhere")
    loading, _ = timed(lambda: load_all(study))
    print(
        f"   loading and checking its {len(study.scenarios) * len(study.variants)} scenarios: "
        f"{loading:.1f} s (in the submitting process, part of every time below)"
    )
    rows, tables = [], []
    for workers in (1, 2):
        up, wall, result = on_cluster(study, workers)
        rows.append((f"Dask LocalCluster, {workers} worker(s)", up, wall))
        tables.append(result)
    for workers in (1, 2):
        wall, result = timed(lambda w=workers: run_study(study, workers=w))
        rows.append((f"process pool, {workers} worker(s)", 0.0, wall))
        tables.append(result)
    same = len({json.dumps(t, sort_keys=True) for t in tables}) == 1
    print(f"   {'executor':34} {'start-up s':>10} {'study s':>8} {'runs/s':>7}")
    for name, up, wall in rows:
        print(f"   {name:34} {up:10.1f} {wall:8.1f} {runs / wall:7.2f}")
    print(f"   2-worker speed-up, Dask:         {rows[0][2] / rows[1][2]:.2f}×")
    print(f"   2-worker speed-up, process pool: {rows[2][2] / rows[3][2]:.2f}×")
    print(f"   same table on every executor: {same}")
    print(
        f"   load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
        f" on {os.cpu_count()} cores"
    )


def big() -> None:
    path = ROOT / "benchmarks" / "studies" / "kabupaten_20.yaml"
    command = [sys.executable, "-m", "simulator", "study", str(path), "--cluster", "local:2"]
    print(f"\n2. {' '.join(['python', *command[1:]])}")
    wall, done = timed(
        lambda: subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    )
    print(f"   exit {done.returncode}, {wall:.1f} s wall (cluster start-up included)\n")
    print(done.stdout)
    if done.returncode:
        print(done.stderr)


def main() -> None:
    scaling()
    if "--big" in sys.argv[1:]:
        big()


if __name__ == "__main__":
    main()
