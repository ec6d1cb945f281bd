"""A Naive Bayes classifier for the text reader, trained on the generator's own reports.

The reader (``scenarios.reader``) matches the scenario's cue phrases; real reports say the same
matter in many more words. This module generates reports of every built-in scenario from a fixed
seed, labels each with the owner its answer key computes (an office code, ``@kecamatan`` or
``arsipkan``) and counts which normalised, stemmed words and word pairs each owner's reports use
(binary multinomial Naive Bayes with add-α smoothing and a tempered posterior). Hand-written
reports with keys may be added to the training set. Pure Python, deterministic, trained once per
process on first use (benchmarks/bench_reader.py prints the cost).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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

    def posterior(self, text: str) -> dict[str, float]:
        """Probability of each label for a report's text."""
        score = dict(self.log_prior)
        for f in set(self.featurize(text)):
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


@lru_cache(maxsize=1)
def default_classifier() -> NaiveBayes:
    """The classifier the reader uses in this process (trained on first use)."""
    return NaiveBayes(generated_examples())
