"""Speed of the flow model, measured in one run so ratios are comparable.

Prints, on one core:
  1. the full model on the largest built-in scenario (Sanggau, 43 units) at a raised volume:
     complaints per second and SimPy events per second;
  2. the textbook special case (teori_mmc) against a bare SimPy M/M/c of the same size, and the
     ratio of their wall times;
  3. a national-scale year: ~500,000 complaints over ~550 agencies;
  4. peak memory of the parent process for 2, 4 and 8 replications (should not grow).

Run: .venv/bin/python benchmarks/bench_simulator.py [--quick]
Figures only; nothing is asserted (machines are shared and noisy).
"""

from __future__ import annotations

import random
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
    Simulation(scenario, seed, days=2).run()  # warm once-per-process caches (names, holidays)
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


def main() -> None:
    quick = "--quick" in sys.argv
    print("LAPOR! sandbox simulator benchmark (one core, Python sources)\n")

    scale = 8000 if quick else 40000
    s = load_scenario(
        "sanggau",
        {
            "load.reports_per_year": scale,
            "sop.verifiers": 12,
            **{
                f"opds.{c}.officers": 6
                for c in (
                    "SETDA",
                    "PUPR",
                    "DISHUB",
                    "DISDIK",
                    "DINSOS",
                    "DISDUKCAPIL",
                    "DISNAKER",
                    "DISKOMINFO",
                    "SATPOLPP",
                    "BPBD",
                    "DLH",
                    "PERKIM",
                )
            },
        },
    )
    secs, n, ev, cpu = timed_run(s)
    print(
        f"1. full model, Sanggau at {scale:,} reports/year: {n:,} complaints in {secs:.2f} s "
        f"(CPU {cpu:.2f} s: {n / cpu:,.0f}/s)"
    )
    print(
        f"   {n / secs:,.0f} complaints/s, {ev / secs:,.0f} events/s ({ev / n:.1f} events per complaint)"
    )

    days = 20 if quick else 60
    mmc = load_scenario("teori_mmc", {"simulation.days": days})
    secs_model, n_model, _, cpu_model = timed_run(mmc)
    secs_bare, n_bare, cpu_bare = bare_mmc(9.0, 1.0, 10, days * 24.0, 1)
    print(
        f"\n2. textbook M/M/c (λ=9/h, μ=1/h, c=10, {days} days): model {n_model:,} complaints in "
        f"{secs_model:.2f} s; bare SimPy {n_bare:,} customers in {secs_bare:.2f} s"
    )
    print(
        f"   model / bare SimPy time ratio: {secs_model / secs_bare:.1f}x "
        f"({n_model / secs_model:,.0f} vs {n_bare / secs_bare:,.0f} per second); "
        f"CPU time ratio {cpu_model / cpu_bare:.1f}x"
    )

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        per_year = 50000 if quick else 500000
        path = national_scenario(550, per_year, Path(tmp))
        nat = load_scenario(path, {"sop.verifiers": 60 if not quick else 8})
        local = sum(1 for o in nat.opds.values() if o.tier in ("kabupaten", "kecamatan"))
        secs, n, ev, cpu = timed_run(nat)
        print(
            f"\n3. national-scale year: {n:,} complaints, {len(nat.opds)} agencies ({local} simulated desks)"
        )
        print(
            f"   wall time {secs:.1f} s (CPU {cpu:.1f} s) — {n / secs:,.0f} complaints/s, "
            f"{ev / secs:,.0f} events/s"
        )

    try:
        from simulator.experiment import replicate
    except ImportError:
        return
    print("\n4. parent-process peak memory by replications (kelas_bimtek, 60 days, in-process):")
    small = load_scenario("kelas_bimtek", {"simulation.days": 60})
    for reps in (2, 4, 8):
        tracemalloc.start()
        replicate(small, reps, 1, workers=1)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"   {reps} replications: peak {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
