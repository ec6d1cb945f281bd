"""Cross-validated accuracy of the text reader's candidate methods: the table in docs/generator.md.

Hand-written development sets: 5 folds over both files; each fold is read by a reader whose
classifier learnt from the generated reports (and, where the candidate says so, from the other
folds' hand-written reports). Generated: cases of seed 11 (the classifier learns from another seed).

    .venv/bin/python benchmarks/cv_reader.py [COUNT_PER_SCENARIO]
"""

import re
import sys
import time
from pathlib import Path

from scenarios import load_scenario
from scenarios.reader import Reader
from scenarios.reader.text import STOP_WORDS, Normalised, features
from simulator.reader_eval import (
    ACTIONS,
    Tally,
    cross_validate,
    evaluate,
    generated,
    merge,
    read_hand_written,
)
from simulator.reader_model import NaiveBayes, generated_examples, hand_written_examples

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
DEV = ("laporan_tangan.yaml", "laporan_tangan_uji.yaml")
GENERATED = ("sanggau", "aceh_utara", "kutai_timur", "kotawaringin_barat", "kelas_bimtek")


def unstemmed(text: str) -> list[str]:
    """Normalised words and pairs without the stemmer."""
    words = [w for w in re.findall(r"[a-z]+", Normalised(text).text) if len(w) > 2]
    kept = [w for w in words if w not in STOP_WORDS]
    return kept + [f"{a}_{b}" for a, b in zip(kept, kept[1:], strict=False)]


def words_only(text: str) -> list[str]:
    """Stemmed words without word pairs."""
    return [f for f in features(text) if "_" not in f]


# name: (classifier weight, temperature, weight of the other folds' hand-written reports in
# training (0: none), features)
CANDIDATES = {
    "rules only": (0.0, 1.0, 0, features),
    "rules + NB, w 2, T 8": (2.0, 8.0, 0, features),
    "rules + NB, w 2, T 3 (chosen)": (2.0, 3.0, 0, features),
    "rules + NB, w 1, T 3": (1.0, 3.0, 0, features),
    "rules + NB, w 3, T 3": (3.0, 3.0, 0, features),
    "rules + NB, w 2, T 3, no stemmer": (2.0, 3.0, 0, unstemmed),
    "rules + NB, w 2, T 3, no word pairs": (2.0, 3.0, 0, words_only),
    "rules + NB(+ dev folds x1), w 2, T 3": (2.0, 3.0, 1, features),
    "rules + NB(+ dev folds x10), w 2, T 3": (2.0, 3.0, 10, features),
    "NB decides the owner (w 20, T 3)": (20.0, 3.0, 0, features),
}


def main() -> None:
    count = int(next((a for a in sys.argv[1:] if a.isdigit()), "200"))
    files = [read_hand_written(DATA / name) for name in DEV]
    examples = generated_examples()
    cases = {name: generated(load_scenario(name), 11, count) for name in GENERATED}
    models: dict[tuple[str, ...], NaiveBayes] = {}  # one per candidate and fold
    print(
        f"hand-written: 5-fold over {sum(map(len, files))} reports; generated: {count} a scenario"
    )
    print(f"{'candidate':40s} {'hand':>6s} | " + " | ".join(f"{a[:9]:>9s}" for a in ACTIONS))
    for name, (weight, temperature, dev, featurize) in CANDIDATES.items():
        t0 = time.perf_counter()

        def model_for(training, name=name, temperature=temperature, dev=dev, f=featurize):
            key = (name, *(r["id"] for r in training))
            if key not in models:
                extra = hand_written_examples(training, dev) if dev else []
                models[key] = NaiveBayes([*examples, *extra], temperature=temperature, featurize=f)
            return models[key]

        def reader_for(scenario, training, weight=weight, model_for=model_for):
            return Reader(scenario, model_for(training), weight) if weight else Reader(scenario)

        hand = cross_validate(files, reader_for)
        gen = Tally()
        for scen, items in cases.items():
            s = load_scenario(scen)
            merge(gen, evaluate(s, items, reader=reader_for(s, []))[0])
        cells = " | ".join(f"{hand.share(a):9.1%}" for a in ACTIONS)
        print(
            f"{name:40s} {hand.share():6.1%} | {cells} | generated {gen.share():5.1%}"
            f"  ({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
