"""Speed of the flow model, measured in one run so ratios are comparable.

Prints, on one core unless said:
  1. the full model on the largest built-in scenario (Sanggau, 43 units) at a raised volume:
     complaints per second and SimPy events per second;
  2. the textbook special case (teori_mmc: λ = 9/h, μ = 1/h, c = 10, 600 days, ~130k reports)
     against a bare SimPy M/M/c and Ciw's M/M/c of the same size, medians of 3, run in turns;
  3. a national-scale year: ~500,000 complaints over ~550 agencies;
  4. peak memory of the parent process for 2, 4 and 8 replications (should not grow);
  5. what a planner feels: `python -m simulator compare sanggau -r 30` with two variants
     (3 × 30 runs), the whole command's wall time with 1 and with 2 worker processes, in turns
     for 5 rounds (`--rounds N`): best and median.

Run: .venv/bin/python benchmarks/bench_simulator.py [--quick] [--only 2,5] [--rounds 5]
Figures only; nothing is asserted (machines are shared and noisy).
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import simpy  # noqa: E402

from scenarios import load_scenario  # noqa: E402
from scenarios.loader import BUILTIN_DIR  # noqa: E402
from simulator.model import Simulation  # noqa: E402


def events_of(sim: Simulation) -> int:
    """SimPy numbers its events; the next id is the number scheduled so far."""
    return next(sim.env._eid)  # noqa: SLF001 - a benchmark may peek


def timed_run(scenario, seed: int = 1) -> tuple[float, int, int, float]:
    """Wall seconds, complaints, SimPy events and CPU seconds of one run (CPU time is the
    steadier figure on a shared machine)."""
    # warm once-per-process caches (names, holidays): the shortest run its warm-up allows
    Simulation(scenario, seed, days=scenario.simulation.warmup_days + 1).run()
    t0, c0 = time.perf_counter(), time.process_time()
    sim = Simulation(scenario, seed).run()
    return time.perf_counter() - t0, len(sim.cases), events_of(sim), time.process_time() - c0


def bare_mmc(lam: float, mu: float, c: int, hours: float, seed: int) -> tuple[float, int, float]:
    """The plain SimPy M/M/c of SimPy's own examples: the yardstick."""
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=c)
    rng = random.Random(seed)
    served = [0]

    def customer():
        with server.request() as req:
            yield req
            yield env.timeout(rng.expovariate(mu))
        served[0] += 1

    def source():
        while True:
            yield env.timeout(rng.expovariate(lam))
            env.process(customer())

    env.process(source())
    t0, c0 = time.perf_counter(), time.process_time()
    env.run(until=hours)
    return time.perf_counter() - t0, served[0], time.process_time() - c0


def ciw_mmc(lam: float, mu: float, c: int, hours: float, seed: int) -> tuple[float, int, float]:
    """The same M/M/c in Ciw (benchmark-only dependency): wall s, customers served, CPU s."""
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=lam)],
        service_distributions=[ciw.dists.Exponential(rate=mu)],
        number_of_servers=[c],
    )
    ciw.seed(seed)
    t0, c0 = time.perf_counter(), time.process_time()
    q = ciw.Simulation(network)
    q.simulate_until_max_time(hours)
    return time.perf_counter() - t0, len(q.get_all_records()), time.process_time() - c0


def textbook(days: int, rounds: int = 3) -> None:
    """Section 2: model, bare SimPy and Ciw in turns (A B C A B C …), medians of ``rounds``."""
    mmc = load_scenario("teori_mmc", {"simulation.days": days})
    runs: dict[str, list[tuple[float, int, float]]] = {"model": [], "simpy": [], "ciw": []}
    for _ in range(rounds):
        secs, n, _, cpu = timed_run(mmc)
        runs["model"].append((secs, n, cpu))
        runs["simpy"].append(bare_mmc(9.0, 1.0, 10, days * 24.0, 1))
        runs["ciw"].append(ciw_mmc(9.0, 1.0, 10, days * 24.0, 1))

    def med(name: str, i: int) -> float:
        return statistics.median(r[i] for r in runs[name])

    print(f"\n2. textbook M/M/c (λ=9/h, μ=1/h, c=10, {days} days), median of {rounds}, wall (CPU):")
    for name, label in (("model", "teori_mmc"), ("simpy", "bare SimPy"), ("ciw", "Ciw")):
        n = runs[name][0][1]
        print(
            f"   {label:11s} {n:>8,} served in {med(name, 0):6.2f} s ({med(name, 2):6.2f} s CPU)"
            f" — {med(name, 0) / med('simpy', 0):.2f}× bare SimPy ({med(name, 2) / med('simpy', 2):.2f}× CPU)"
        )


def planner_compare(replications: int, rounds: int = 5) -> None:
    """Section 5: the planner's comparison from the command line, as a planner runs it, with 1
    and 2 worker processes in turns for ``rounds`` rounds (the load of a shared machine changes
    by the minute): best and median wall time, CPU seconds of the command and its workers."""
    command = [
        sys.executable,
        "-m",
        "simulator",
        "compare",
        "sanggau",
        "-r",
        str(replications),
        "--no-progress",
        "--variant",
        "satu verifikator:sop.verifiers=1",
        "--variant",
        "least-loaded:routing.policy=least-loaded",
    ]
    root = Path(__file__).resolve().parent.parent
    print(
        f"\n5. planner's comparison: compare sanggau, 3 variants × {replications} replications,"
        f" {rounds} rounds in turns"
    )
    walls: dict[int, list[float]] = {1: [], 2: []}
    cpus: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(rounds):
        for workers in (1, 2):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(
                [*command, "--workers", str(workers)],
                cwd=root,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            walls[workers].append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[workers].append(
                after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            )
    for workers in (1, 2):
        w, c = walls[workers], cpus[workers]
        print(
            f"   {workers} worker{'s' if workers > 1 else ' '}: wall best {min(w):5.2f} s,"
            f" median {statistics.median(w):5.2f} s (CPU best {min(c):5.2f} s, median"
            f" {statistics.median(c):5.2f} s); every round: {' '.join(f'{x:.2f}' for x in w)}"
        )
    print(
        "   load average (1, 5, 15 min) at the end: "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )


def national_scenario(agencies: int, per_year: float, tmp: Path) -> Path:
    """A synthetic national-scale file: the base routing table plus many extra desks."""
    lines = [
        "extends: " + str(BUILTIN_DIR / "sanggau.yaml"),
        "scenario: {name: nasional, title: Skala nasional (sintetis)}",
        f"load: {{reports_per_year: {per_year}}}",
        "simulation: {days: 365, warmup_days: 30}",
        "opds:",
    ]
    base = load_scenario("sanggau")
    extra = agencies - len(base.opds)
    lines += [
        f"  X{i:03d}: {{name: Instansi sintetis {i}, checks_per_day: 2}}" for i in range(extra)
    ]
    cats = [
        "categories:",
        "  lainnya:",
        "    subcategories:",
        "      lainnya:",
        "        co_owners: [" + ", ".join(f"X{i:03d}" for i in range(extra)) + "]",
    ]
    path = tmp / "nasional.yaml"
    path.write_text("\n".join(lines + cats) + "\n", encoding="utf-8")
    return path


def full_model(scale: int) -> None:
    """Section 1: Sanggau at a raised volume, with staff to match."""
    busy = (
        "SETDA PUPR DISHUB DISDIK DINSOS DISDUKCAPIL DISNAKER DISKOMINFO SATPOLPP BPBD DLH PERKIM"
    )
    s = load_scenario(
        "sanggau",
        {
            "load.reports_per_year": scale,
            "sop.verifiers": 12,
            **{f"opds.{c}.officers": 6 for c in busy.split()},
        },
    )
    secs, n, ev, cpu = timed_run(s)
    print(
        f"1. full model, Sanggau at {scale:,} reports/year: {n:,} complaints in {secs:.2f} s "
        f"(CPU {cpu:.2f} s: {n / cpu:,.0f}/s)"
    )
    print(
        f"   {n / secs:,.0f} complaints/s, {ev / secs:,.0f} events/s "
        f"({ev / n:.1f} events per complaint)"
    )


def national(per_year: int, verifiers: int) -> None:
    """Section 3: a national-scale year."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = national_scenario(550, per_year, Path(tmp))
        nat = load_scenario(path, {"sop.verifiers": verifiers})
        local = sum(1 for o in nat.opds.values() if o.tier in ("kabupaten", "kecamatan"))
        secs, n, ev, cpu = timed_run(nat)
    print(
        f"\n3. national-scale year: {n:,} complaints, {len(nat.opds)} agencies "
        f"({local} simulated desks)"
    )
    print(
        f"   wall time {secs:.1f} s (CPU {cpu:.1f} s) — {n / secs:,.0f} complaints/s, "
        f"{ev / secs:,.0f} events/s"
    )


def memory() -> None:
    """Section 4: the parent's peak memory does not grow with replications."""
    from simulator.experiment import replicate

    print("\n4. parent-process peak memory by replications (kelas_bimtek, 60 days, in-process):")
    small = load_scenario("kelas_bimtek", {"simulation.days": 60})
    for reps in (2, 4, 8):
        tracemalloc.start()
        replicate(small, reps, 1, workers=1)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"   {reps} replications: peak {peak / 1e6:.1f} MB")


def main() -> None:
    quick = "--quick" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else None
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    sections = {
        "1": lambda: full_model(8000 if quick else 40000),
        "2": lambda: textbook(60 if quick else 600),
        "3": lambda: national(50000 if quick else 500000, 8 if quick else 60),
        "4": memory,
        "5": lambda: planner_compare(10 if quick else 30, rounds),
    }
    print("LAPOR! sandbox simulator benchmark (Python sources)\n")
    for name, section in sections.items():
        if only is None or name in only:
            section()


if __name__ == "__main__":
    main()
