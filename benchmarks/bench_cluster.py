"""Big studies on Dask: how a study scales with worker processes, and a province-sized study.

Run: .venv/bin/python benchmarks/bench_cluster.py [--rounds=2] [--big]

1. A 40-run study (2 kabupaten generated from Sanggau × 2 variants × 10 replications) on a Dask
   LocalCluster of 1 worker and of 2 workers — each cluster started beforehand, its start-up
   printed apart — and, for reference, on the process pool with 1 and 2 workers, in turn for a
   few rounds (a shared machine's load changes from minute to minute): the best and median wall
   time of each and the ratios 1 worker / 2 workers. Every run must give the same table (checked).
2. With ``--big``: the study of 20 kabupaten × 3 variants × 10 replications
   (benchmarks/studies/kabupaten_20.yaml) from one command on ``--cluster local:2``, with its wall
   time and the table it prints (docs/planner.md shows it).

Prints figures; asserts nothing about speed (the machine is shared).
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def local_cluster(workers: int) -> tuple[float, Any]:
    """(start-up s, a running LocalCluster of ``workers`` processes)."""
    start = time.perf_counter()
    cluster = distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR
    )
    with distributed.Client(cluster):
        pass  # the workers are up
    return time.perf_counter() - start, cluster


def scaling(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "study40.yaml"
        path.write_text(STUDY_40, encoding="utf-8")
        study = load_study(path)
    runs = len(study.scenarios) * len(study.variants) * study.replications
    print(f"1. A {runs}-run study (Sanggau-based, default period), same seed everywhere;")
    print(
        f"   {rounds} rounds of the four executors in turn, the best and median wall time of each"
    )
    loading, _ = timed(lambda: load_all(study))
    print(
        f"   loading and checking its {len(study.scenarios) * len(study.variants)} scenarios: "
        f"{loading:.1f} s (in the submitting process, part of every time below)"
    )
    up1, one = local_cluster(1)
    up2, two = local_cluster(2)
    executors = {
        "Dask LocalCluster, 1 worker": (up1, {"cluster": one.scheduler_address}),
        "Dask LocalCluster, 2 workers": (up2, {"cluster": two.scheduler_address}),
        "process pool, 1 worker": (0.0, {"workers": 1}),
        "process pool, 2 workers": (0.0, {"workers": 2}),
    }
    walls: dict[str, list[float]] = {name: [] for name in executors}
    tables = []
    try:
        for _ in range(rounds):
            for name, (_up, how) in executors.items():
                wall, result = timed(lambda how=how: run_study(study, **how))
                walls[name].append(wall)
                tables.append(result)
    finally:
        one.close()
        two.close()
    same = len({json.dumps(t, sort_keys=True) for t in tables}) == 1
    best = {name: min(w) for name, w in walls.items()}
    median = {name: statistics.median(w) for name, w in walls.items()}
    print(f"   {'executor':30} {'start-up s':>10} {'best s':>7} {'median s':>8} {'runs/s':>7}")
    for name, (up, _how) in executors.items():
        print(
            f"   {name:30} {up:10.1f} {best[name]:7.1f} {median[name]:8.1f}"
            f" {runs / best[name]:7.2f}   ({' '.join(f'{w:.1f}' for w in walls[name])})"
        )
    names = list(executors)
    for label, (a, b) in (("Dask", names[:2]), ("process pool", names[2:])):
        print(
            f"   2-worker speed-up, {label + ':':14} {best[a] / best[b]:.2f}× (best),"
            f" {median[a] / median[b]:.2f}× (median)"
        )
    print(f"   same table on every executor and round: {same}")
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
    logging.getLogger("distributed").setLevel(logging.ERROR)  # no INFO lines when clusters close
    rounds = next((int(a.split("=")[1]) for a in sys.argv[1:] if a.startswith("--rounds=")), 3)
    scaling(rounds)
    if "--big" in sys.argv[1:]:
        big()


if __name__ == "__main__":
    main()
