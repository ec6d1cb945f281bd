"""Cross-validated accuracy of the text reader's candidate methods on the hand-written development
sets (5 folds over both files): the table in docs/generator.md. Each fold is read by a reader whose
classifier learnt from the generated reports and the other folds' hand-written reports.

    .venv/bin/python benchmarks/cv_reader.py
"""

import time
from pathlib import Path

from scenarios.reader import Reader
from simulator.reader_eval import ACTIONS, cross_validate, read_hand_written
from simulator.reader_model import NaiveBayes, generated_examples, hand_written_examples

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
DEV = ("laporan_tangan.yaml", "laporan_tangan_uji.yaml")

# name: (classifier weight, temperature, weight of the hand-written folds in training: 0 = none)
CANDIDATES = {
    "rules only": (0.0, 1.0, 0),
    "rules + NB(generated), w 2, T 8": (2.0, 8.0, 0),
    "rules + NB(generated), w 2, T 3": (2.0, 3.0, 0),
    "rules + NB(gen + dev x1), w 2, T 3": (2.0, 3.0, 1),
    "rules + NB(gen + dev x10), w 2, T 3": (2.0, 3.0, 10),
    "rules + NB(gen + dev x30), w 2, T 3": (2.0, 3.0, 30),
    "rules + NB(gen + dev x10), w 3, T 3": (3.0, 3.0, 10),
}


def main() -> None:
    files = [read_hand_written(DATA / name) for name in DEV]
    generated = generated_examples()
    models: dict[tuple[str, ...], NaiveBayes] = {}  # one per candidate and fold
    print("columns: all |", " | ".join(ACTIONS))
    for name, (weight, temperature, with_dev) in CANDIDATES.items():
        t0 = time.perf_counter()

        def reader_for(
            scenario, training, name=name, weight=weight, temperature=temperature, dev=with_dev
        ):
            if not weight:
                return Reader(scenario)
            key = (name, *(r["id"] for r in training))
            model = models.get(key)
            if model is None:
                extra = hand_written_examples(training, dev) if dev else []
                model = models[key] = NaiveBayes([*generated, *extra], temperature=temperature)
            return Reader(scenario, model, weight)

        t = cross_validate(files, reader_for)
        cells = " | ".join(f"{t.share(a):5.1%}" for a in ACTIONS)
        print(
            f"{name:36s} {t.share():5.1%} | {cells}   ({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
