"""The text reader against answer keys: hand-written reports and generated cases, per action class,
with the keyword routing policy beside it. Prints figures; tests/test_reader.py asserts the targets.

    .venv/bin/python benchmarks/bench_reader.py [COUNT_PER_SCENARIO] [--wrong]
"""

import sys
import time
from pathlib import Path

import yaml

from scenarios import builtin_names, load_scenario
from simulator.reader_eval import ACTIONS, Expected, Tally, evaluate, generated

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def hand_written(path: Path) -> dict[str, list[Expected]]:
    """The hand-written reports of a file, by scenario, in file order."""
    out: dict[str, list[Expected]] = {}
    for r in yaml.safe_load(path.read_text(encoding="utf-8")):
        k = r["key"]
        out.setdefault(r["scenario"], []).append(
            Expected(
                r["id"],
                r.get("title") or "",
                r["body"],
                k["action"],
                k.get("owner"),
                tuple(k.get("acceptable") or ()),
                tuple(k.get("missing") or ()),
                k.get("duplicate_of"),
            )
        )
    return out


def merge(into: Tally, other: Tally) -> None:
    into.right.update(other.right)
    into.total.update(other.total)
    into.wrong.extend(other.wrong)


def row(name: str, mine: Tally, kw: Tally) -> str:
    cells = [
        f"{mine.share(a):6.1%} ({mine.right[a]}/{mine.total[a]}) kw {kw.share(a):5.1%}"
        for a in ACTIONS
    ]
    return f"{name:28s} all {mine.share():6.1%} kw {kw.share():5.1%} | " + " | ".join(cells)


def main() -> None:
    count = int(next((a for a in sys.argv[1:] if a.isdigit()), "1000"))
    show_wrong = "--wrong" in sys.argv
    print("columns:", " | ".join(ACTIONS))
    for name in ("laporan_tangan.yaml", "laporan_tangan_uji.yaml"):
        path = DATA / name
        if not path.exists():
            continue
        total, total_kw = Tally(), Tally()
        for scen, items in hand_written(path).items():
            mine, kw = evaluate(load_scenario(scen), items)
            merge(total, mine)
            merge(total_kw, kw)
        print(row(f"hand-written {path.stem}", total, total_kw))
        if show_wrong:
            for w in total.wrong:
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
    print(f"({sum(total.total.values())} generated cases read in {time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
