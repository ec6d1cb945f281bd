"""A Naive Bayes classifier for the text reader, trained on the generator's own reports.

The reader (``scenarios.reader``) matches the scenario's cue phrases; real reports say the same
matter in many more words. This module generates reports of every built-in scenario from a fixed
seed, labels each with the owner its answer key computes (an office code, ``@kecamatan`` or
``arsipkan``) and counts which normalised, stemmed words and word pairs each owner's reports use
(binary multinomial Naive Bayes with add-α smoothing and a tempered posterior). Hand-written
reports with keys may be added to the training set. Pure Python and deterministic: trained on
first use, then kept in a cache file that every later process (a compare worker, the trainer after a
restart) reads instead of training again. The file is named by a fingerprint of the sources and data
it was trained from, so any change to them trains anew (benchmarks/bench_reader.py prints both costs).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import scenarios
from scenarios import Scenario, builtin_names, load_scenario
from scenarios.authority import objects_of, out_of_scope_route, subcategories
from scenarios.model import KECAMATAN_OWNER
from scenarios.reader import ARCHIVE
from scenarios.reader.text import features

TRAINING_SEED = 20261203  # never the seed the benchmark and the tests read generated cases with
TRAINING_CASES = 600  # per built-in scenario
SMOOTHING = 0.5  # add-α on each word's count
HAND_WRITTEN_WEIGHT = 10.0  # a hand-written report counts as this many generated ones
TEMPERATURE = 3.0  # log-odds divided by this before the posterior: Naive Bayes is overconfident


@dataclass(frozen=True)
class Example:
    """One report's text (title, newline, body) and the owner its key names."""

    text: str
    label: str
    weight: float = 1.0  # how many reports this one counts as


class NaiveBayes:
    """A binary multinomial Naive Bayes over ``scenarios.reader.text.features``."""

    def __init__(
        self,
        examples: Iterable[Example],
        smoothing: float = SMOOTHING,
        temperature: float = TEMPERATURE,
        uniform_prior: bool = True,
        featurize: Callable[[str], list[str]] = features,
    ) -> None:
        docs: Counter[str] = Counter()
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for e in examples:
            docs[e.label] += e.weight
            counts[e.label].update(dict.fromkeys(featurize(e.text), e.weight))
        if not docs:
            raise ValueError("a classifier needs at least one training example")
        self.labels = sorted(docs)
        vocabulary = {f for c in counts.values() for f in c}
        self.temperature = temperature
        self.featurize = featurize
        n_docs = sum(docs.values())
        self.log_prior = {
            label: 0.0 if uniform_prior else math.log(docs[label] / n_docs) for label in self.labels
        }
        self.log_like: dict[str, dict[str, float]] = defaultdict(dict)
        self.log_unseen: dict[str, float] = {}
        for label in self.labels:
            total = sum(counts[label].values()) + smoothing * len(vocabulary)
            self.log_unseen[label] = math.log(smoothing / total)
            for f, k in counts[label].items():
                self.log_like[f][label] = math.log((k + smoothing) / total)
        self.log_like = dict(self.log_like)

    def state(self) -> dict[str, Any]:
        """What the classifier learnt, as plain data (the cache file's content)."""
        return {
            "labels": self.labels,
            "temperature": self.temperature,
            "log_prior": self.log_prior,
            "log_unseen": self.log_unseen,
            "log_like": self.log_like,
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> NaiveBayes:
        """A classifier from :meth:`state` (with the default features)."""
        model = cls.__new__(cls)
        model.labels = list(state["labels"])
        model.temperature = float(state["temperature"])
        model.featurize = features
        model.log_prior = dict(state["log_prior"])
        model.log_unseen = dict(state["log_unseen"])
        model.log_like = {f: dict(row) for f, row in state["log_like"].items()}
        return model

    def posterior(self, text: str) -> dict[str, float]:
        """Probability of each label for a report's text."""
        score = dict(self.log_prior)
        for f in dict.fromkeys(self.featurize(text)):  # in text order: sums alike in every process
            row = self.log_like.get(f)
            if row is None:
                continue  # a word no training report used says nothing
            for label in self.labels:
                score[label] += row.get(label, self.log_unseen[label])
        top = max(score.values())
        weights = {k: math.exp((v - top) / self.temperature) for k, v in score.items()}
        total = sum(weights.values())
        return {k: w / total for k, w in weights.items()}


def label_of_rule(scenario: Scenario, rule: str) -> str:
    """The classifier's label for an answer key's rule: the object's owner, or ``arsipkan``."""
    head, _, tail = rule.partition(".")
    if head == "luar_lingkup":
        return out_of_scope_route(scenario, tail).office or ARCHIVE
    return objects_of(subcategories(scenario)[head])[tail].owner


def label_of_office(scenario: Scenario, office: str) -> str:
    """The classifier's label for an office: a kecamatan unit is ``@kecamatan``."""
    opd = scenario.opds.get(office)
    return KECAMATAN_OWNER if opd is not None and opd.tier == "kecamatan" else office


def training_scenarios() -> list[str]:
    """The built-in scenarios whose reports the classifier learns from (all with texts)."""
    return [n for n in builtin_names() if not n.startswith("_") and n != "teori_mmc"]


@lru_cache(maxsize=4)
def generated_examples(
    seed: int = TRAINING_SEED, per_scenario: int = TRAINING_CASES
) -> tuple[Example, ...]:
    """Generated reports of every built-in scenario, labelled by their keys' owners."""
    from .generator import generate

    out = []
    for name in training_scenarios():
        scenario = load_scenario(name)
        for case in generate(scenario, seed, count=per_scenario):
            if case.key.rule:
                text = f"{case.title}\n{case.body}"
                out.append(Example(text, label_of_rule(scenario, case.key.rule)))
    return tuple(out)


def hand_written_examples(
    reports: Iterable[Mapping[str, Any]], weight: float = HAND_WRITTEN_WEIGHT
) -> list[Example]:
    """Hand-written reports (as in tests/data/laporan_tangan*.yaml) whose key names an owner or
    archives: tunda and duplikat keys name no owner and teach nothing here."""
    out = []
    scenarios: dict[str, Scenario] = {}
    for r in reports:
        key = r["key"]
        name = r["scenario"]
        scenario = scenarios.get(name) or scenarios.setdefault(name, load_scenario(name))
        text = f"{r.get('title') or ''}\n{r['body']}"
        if key["action"] == "arsipkan":
            out.append(Example(text, ARCHIVE, weight))
        elif key.get("owner"):
            out.append(Example(text, label_of_office(scenario, key["owner"]), weight))
    return out


CACHE_ENV = "LAPOR_CACHE_DIR"  # where the trained classifier is kept; empty: keep none
_SOURCE_SUFFIXES = {".py", ".yaml", ".yml"}


def fingerprint() -> str:
    """A digest of everything the default classifier is trained from: the training settings and
    every source and data file of ``scenarios`` and ``simulator`` (generator, templates, cues)."""
    digest = hashlib.sha256(repr((TRAINING_SEED, TRAINING_CASES, SMOOTHING, TEMPERATURE)).encode())
    for root in (Path(scenarios.__file__).parent, Path(__file__).parent):
        for path in sorted(root.rglob("*")):
            if path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def cache_dir() -> Path | None:
    """The folder of the classifier's cache file: $LAPOR_CACHE_DIR, else the user's cache folder
    (%LOCALAPPDATA% on Windows, $XDG_CACHE_HOME or ~/.cache elsewhere); None when the variable
    is set empty."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "lapor-sandbox"


def _read_cache(path: Path) -> NaiveBayes | None:
    try:
        return NaiveBayes.from_state(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, half-written by an older version or damaged: train again


def _write_cache(path: Path, model: NaiveBayes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(model.state(), out, separators=(",", ":"))
        os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
    except OSError:
        pass  # a read-only or full disk costs the next process a training, nothing else


@lru_cache(maxsize=1)
def default_classifier() -> NaiveBayes:
    """The classifier the reader uses in this process: read from the cache file when one was
    trained from the same sources, else trained now (and kept for the next process)."""
    folder = cache_dir()
    path = folder / f"reader-nb-{fingerprint()}.json" if folder is not None else None
    model = _read_cache(path) if path is not None else None
    if model is None:
        model = NaiveBayes(generated_examples())
        if path is not None:
            _write_cache(path, model)
    return model
