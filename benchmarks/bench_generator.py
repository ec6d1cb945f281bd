"""Complaints per second of the synthetic generator, with and without text.

Run: .venv/bin/python benchmarks/bench_generator.py [SCENARIO] [COUNT]
Prints figures; asserts nothing (machines are shared and noisy).
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scenarios import load_scenario  # noqa: E402
from simulator.generator import generate, reports  # noqa: E402


def rate(scenario, count: int, with_text: bool, seed: int = 1) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = sum(1 for _ in generate(scenario, seed, count=count, with_text=with_text))
    return n / (time.perf_counter() - t0), n


def report_rate(scenario, count: int, seed: int = 1) -> float:
    """Reports per second of the simulator's own path (draws only, no complaint objects)."""
    t0 = time.perf_counter()
    n = sum(1 for _ in itertools.islice(reports(scenario, seed, days=366 * 50), count))
    return n / (time.perf_counter() - t0)


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "sanggau"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    scenario = load_scenario(name)
    list(generate(scenario, 0, count=50))  # warm caches (name pool, templates, holidays)
    no_text, n1 = rate(scenario, count, with_text=False)
    text, n2 = rate(scenario, count, with_text=True)
    print(f"generator on {name!r}, {n1:,} complaints per run, one core")
    print(f"  draws only:   {report_rate(scenario, count):12,.0f} reports/s (the simulator's path)")
    print(f"  without text: {no_text:12,.0f} complaints/s")
    print(f"  with text:    {text:12,.0f} complaints/s")
    print(f"  text costs {no_text / text:.1f}x")


if __name__ == "__main__":
    main()
