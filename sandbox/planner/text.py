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

# name -> (label_id, label_en, unit): share (0–1), hours (working h), days (working days),
# cases, or number (a plain per-case figure)
KPI_LABELS: dict[str, tuple[str, str, str]] = {
    "arrivals": ("laporan masuk", "reports received", "cases"),
    "verification_sla_met": ("verifikasi tepat waktu", "verification on time", "share"),
    "followup_sla_met": ("tindak lanjut tepat waktu", "follow-up on time", "share"),
    "completion_sla_met": ("penyelesaian tepat waktu", "completion on time", "share"),
    "ttfr_working_hours": ("waktu tanggapan pertama", "time to first response", "hours"),
    "ttr_working_days": ("waktu penyelesaian", "time to resolution", "days"),
    "misroute_rate": ("salah disposisi", "misrouted disposisi", "share"),
    "hops_per_case": ("perpindahan disposisi per laporan", "disposisi hops per report", "number"),
    "forwarded_share": ("diteruskan (bukan wewenang)", "forwarded (not our authority)", "share"),
    "archived_share": ("diarsipkan", "archived", "share"),
    "auto_closed_share": ("selesai otomatis", "auto-closed", "share"),
    "escalations_per_case": ("eskalasi per laporan", "escalations per report", "number"),
    "backlog_end": ("tunggakan di akhir", "backlog at the end", "cases"),
    # per-desk figures
    "wait_hours": ("waktu tunggu", "waiting time", "hours"),
    "waited_share": ("harus menunggu", "had to wait", "share"),
    "handling_hours": ("waktu kerja per laporan", "handling time per report", "hours"),
    "utilization": ("utilisasi", "utilisation", "share"),
}
#: the KPIs a comparison is summed up by, in reading order
HEADLINE_KPIS = (
    "followup_sla_met",
    "verification_sla_met",
    "completion_sla_met",
    "ttfr_working_hours",
    "ttr_working_days",
    "misroute_rate",
    "backlog_end",
)
# +1: higher is better, -1: lower is better
BETTER = {
    "verification_sla_met": 1,
    "followup_sla_met": 1,
    "completion_sla_met": 1,
    "ttfr_working_hours": -1,
    "ttr_working_days": -1,
    "misroute_rate": -1,
    "hops_per_case": -1,
    "escalations_per_case": -1,
    "backlog_end": -1,
}


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
