"""What a comparison means, as codes and numbers a page words: for each variant and headline KPI,
whether the paired difference's interval excludes zero, which way the KPI moved, whether that is
better, and how many digits the interval supports. The words (Indonesian first, English in the
catalogue) and the number style are the web's (``web/planner_text.py``, ``web/display.py``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from scenarios import sla

# name -> (label_id, label_en, unit), unit one of share (0–1), hours (working h), days (working
# days), cases, number (a plain per-case figure): the KPI table of scenarios.sla
KPI_LABELS: dict[str, tuple[str, str, str]] = {
    name: (m.label_id, m.label_en, m.unit) for name, m in sla.MEASURES.items()
}
#: the KPIs a comparison is summed up by, in reading order
HEADLINE_KPIS = sla.kpis_shown("headline")
# +1: higher is better, -1: lower is better
BETTER = {k.name: k.better for k in sla.KPIS if k.better}


def _known(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def decimals_for(unit: str, half: float) -> int:
    """Digits that an interval's half-width supports (shares in points): never "±0,00", the
    first digit the interval reaches is shown."""
    scale = 100.0 if unit == "share" else 1.0
    h = abs(half) * scale
    if unit == "cases":
        return 0 if h >= 5 else 1
    if h >= 1:
        return 0
    if h >= 0.1 or h == 0:
        return 1
    return 2 if h >= 0.005 else 3


@dataclass(frozen=True)
class Judgement:
    """What a comparison says about one KPI of one variant, as codes and numbers (the page words
    it): ``kind`` is ``incomparable`` (too few cases or replications), ``unchanged`` (the same in
    every replication), ``unclear`` (the paired interval holds 0) or ``clear``."""

    variant: str
    kpi: str
    unit: str  # share, hours, days, cases or number
    kind: Literal["incomparable", "unchanged", "unclear", "clear"]
    base: float | None = None
    value: float | None = None
    mean: float | None = None  # the paired difference
    half: float | None = None  # half the width of its 95% interval
    decimals: int = 1
    up: bool | None = None  # the KPI rose (clear changes only)
    better: bool | None = None  # the change is an improvement (None: unclear or no side)

    @property
    def clear(self) -> bool:
        """Whether the paired interval excludes 0."""
        return self.kind == "clear"


def judge(variant: str, kpi: str, base: Any, value: Any, diff: Mapping[str, Any]) -> Judgement:
    """One KPI of one variant against the baseline, from the paired difference's interval."""
    unit = KPI_LABELS.get(kpi, (kpi, kpi, "number"))[2]
    mean, low, high = diff.get("mean"), diff.get("ci95_low"), diff.get("ci95_high")
    if not all(_known(x) for x in (base, value, mean, low, high)):
        return Judgement(variant, kpi, unit, "incomparable")
    half = (high - low) / 2
    if half == 0 and mean == 0:
        return Judgement(variant, kpi, unit, "unchanged", base, value, mean, half)
    dec = decimals_for(unit, half)
    if low <= 0 <= high:
        return Judgement(variant, kpi, unit, "unclear", base, value, mean, half, dec)
    up = mean > 0
    better = (BETTER[kpi] > 0) == up if kpi in BETTER else None
    return Judgement(variant, kpi, unit, "clear", base, value, mean, half, dec, up, better)


def judgements(result: Mapping[str, Any]) -> list[Judgement]:
    """Per non-baseline variant and headline KPI, what the comparison says (see :class:`Judgement`)."""
    variants = result.get("variants") or []
    if len(variants) < 2:
        return []
    base = variants[0]
    return [
        judge(
            v["name"],
            kpi,
            base["kpi"].get(kpi, {}).get("mean"),
            v["kpi"].get(kpi, {}).get("mean"),
            (v.get("difference") or {}).get(kpi, {}),
        )
        for v in variants[1:]
        for kpi in HEADLINE_KPIS
    ]
