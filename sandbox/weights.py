"""Scoring weights of a workshop: the scenario's ``scoring`` section.

The declaration lives in :mod:`scenarios.model_scoring` (one definition for the scenario file,
its docs and the trainer); a workshop stores its own copy when it is created, so later edits of
the scenario do not change the scores of a running exercise.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from scenarios.model_scoring import Scoring as ScoringWeights

__all__ = ["ScoringWeights", "weights_for"]


def weights_for(scenario: Any) -> ScoringWeights:
    """The scenario's ``scoring`` section, or the defaults for an object without one."""
    section = getattr(scenario, "scoring", None)
    if section is None:
        return ScoringWeights()
    if isinstance(section, ScoringWeights):
        return section
    return ScoringWeights.from_mapping(dataclasses.asdict(section))
