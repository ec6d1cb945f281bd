"""The text reader: from a report's words to ranked suggestions (action, office, why).

One reader serves the trainer (bots, the facilitator's view), the simulator (the routing policy
``suggestion``, as auto-disposition is discussed for SP4N-LAPOR!) and the benchmarks. It reads the
scenario's own rules — each object's cue phrases, each sub-category's keywords, the out-of-scope
kinds, the region's place and road names — and proposes any action an admin may take: dispose,
forward, *tunda* (naming what is missing), *arsipkan* and *duplikat* (given the recent cases).

Method (chosen by cross-validated measurement, docs/generator.md): rules over cues, weighed
together with a classifier when one is registered (the simulator trains a Naive Bayes on its
generated reports: ``simulator.reader_model``). Chat spelling is normalised first ("yg", "jln",
"sdh"), then every cue is matched as whole words; the owner with the strongest evidence decides
the office, an out-of-scope kind wins only on stronger evidence, a complaint that names no place,
no time or no recognisable problem is held for exactly that, and a report that retells a recent
one (same place, many shared words) is its duplicate.

    text.py        normalised spelling, stop words, stemmer, classifier features
    core.py        the Reader: topics and owners, out-of-scope kinds, what is missing
    duplicates.py  retellings of recent reports
"""

from __future__ import annotations

from collections.abc import Callable

from ..model_sop import Scenario
from .core import ARCHIVE, Reader, TextClassifier
from .suggestion import Seen, Suggestion

__all__ = [
    "ARCHIVE",
    "Reader",
    "Seen",
    "Suggestion",
    "TextClassifier",
    "reader_of",
    "use_classifier",
]


def reader_of(scenario: Scenario) -> Reader:
    """The scenario's reader, built once per scenario object (with the classifier, if one is in use)."""
    cached = _READERS.get(id(scenario))
    if cached is None or cached[0] is not scenario:
        classifier = _CLASSIFIER[0]() if _CLASSIFIER else None
        cached = _READERS[id(scenario)] = (scenario, Reader(scenario, classifier))
    return cached[1]


def use_classifier(source: Callable[[], TextClassifier]) -> None:
    """Let readers made by :func:`reader_of` also weigh a classifier, made by ``source`` when the
    first reader is built (the simulator offers one trained on its generated reports)."""
    _CLASSIFIER[:] = [source]
    _READERS.clear()


_READERS: dict[int, tuple[Scenario, Reader]] = {}
_CLASSIFIER: list[Callable[[], TextClassifier]] = []
