"""The text reader against answer keys: hand-written reports and generated cases, per action class,
with the keyword routing policy beside it, and the cost of training its classifier. Prints figures;
tests/test_reader.py asserts the targets.

    .venv/bin/python benchmarks/bench_reader.py [COUNT_PER_SCENARIO] [--wrong]

Hand-written sets: laporan_tangan.yaml, laporan_tangan_uji.yaml, laporan_tangan_uji2.yaml and
laporan_tangan_uji3a/3b/4a/4b/5a/5b.yaml (development 1-9) were read while the reader was built;
laporan_tangan_uji6a.yaml and laporan_tangan_uji6b.yaml (held-out 6, two blind writers) were not.
The held-out row reads both files, each in its own order.
"""

import sys
import tempfile
import time
from pathlib import Path

from scenarios import builtin_names, load_scenario
from simulator import reader_model
from simulator.reader_eval import (
    ACTIONS,
    Tally,
    evaluate,
    generated,
    merge,
    read_hand_written,
    tally_hand_written,
)
from simulator.reader_model import NaiveBayes, generated_examples

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
HAND_WRITTEN = {
    "dev 1 (laporan_tangan)": ("laporan_tangan.yaml",),
    "dev 2 (laporan_tangan_uji)": ("laporan_tangan_uji.yaml",),
    "dev 3 (laporan_tangan_uji2)": ("laporan_tangan_uji2.yaml",),
    "dev 4 (laporan_tangan_uji3a)": ("laporan_tangan_uji3a.yaml",),
    "dev 5 (laporan_tangan_uji3b)": ("laporan_tangan_uji3b.yaml",),
    "dev 6 (laporan_tangan_uji4a)": ("laporan_tangan_uji4a.yaml",),
    "dev 7 (laporan_tangan_uji4b)": ("laporan_tangan_uji4b.yaml",),
    "dev 8 (laporan_tangan_uji5a)": ("laporan_tangan_uji5a.yaml",),
    "dev 9 (laporan_tangan_uji5b)": ("laporan_tangan_uji5b.yaml",),
    "held-out 6a (blind writer G)": ("laporan_tangan_uji6a.yaml",),
    "held-out 6b (blind writer H)": ("laporan_tangan_uji6b.yaml",),
    "held-out 6 (6a + 6b)": ("laporan_tangan_uji6a.yaml", "laporan_tangan_uji6b.yaml"),
}


def row(name: str, mine: Tally, kw: Tally) -> str:
    cells = [
        f"{mine.share(a):6.1%} ({mine.right[a]}/{mine.total[a]}) kw {kw.share(a):5.1%}"
        for a in ACTIONS
    ]
    return f"{name:34s} all {mine.share():6.1%} kw {kw.share():5.1%} | " + " | ".join(cells)


def main() -> None:
    count = int(next((a for a in sys.argv[1:] if a.isdigit()), "1000"))
    show_wrong = "--wrong" in sys.argv
    t0 = time.perf_counter()
    examples = generated_examples()
    t1 = time.perf_counter()
    model = NaiveBayes(examples)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        reader_model._write_cache(Path(folder) / "nb.json", model)
        t3 = time.perf_counter()
        reader_model._read_cache(Path(folder) / "nb.json")
        t4 = time.perf_counter()
    print(
        f"classifier: {len(examples)} generated reports written in {t1 - t0:.1f} s, "
        f"trained in {t2 - t1:.1f} s (once, on first use); cache file written in "
        f"{t3 - t2:.2f} s, read back in {t4 - t3:.2f} s (every later process)"
    )
    print("columns:", " | ".join(ACTIONS))
    for name, files in HAND_WRITTEN.items():
        if not all((DATA / file).exists() for file in files):
            print(f"{name:34s} (not there)")
            continue
        mine, kw = Tally(), Tally()
        for file in files:  # each file in its own order: its duplicates point into it
            m, k = tally_hand_written(read_hand_written(DATA / file))
            merge(mine, m)
            merge(kw, k)
        print(row(name, mine, kw))
        if show_wrong:
            for w in mine.wrong:
                print("    ", *w)
    total, total_kw = Tally(), Tally()
    t0 = time.perf_counter()
    for scen in builtin_names():
        if scen.startswith("_") or scen in ("teori_mmc", "template"):
            continue
        mine, kw = evaluate(load_scenario(scen), generated(load_scenario(scen), 11, count))
        merge(total, mine)
        merge(total_kw, kw)
        print(row(f"generated {scen}", mine, kw))
        if show_wrong:
            for w in mine.wrong[:15]:
                print("    ", *w)
    print(row("generated, all", total, total_kw))
    n = sum(total.total.values())
    elapsed = time.perf_counter() - t0
    print(
        f"({n} generated cases written and read in {elapsed:.1f} s, {elapsed / n * 1000:.0f} ms each)"
    )


if __name__ == "__main__":
    main()
