"""What a comparison means, in sentences a planner reads: labels of the KPIs in both languages,
numbers formatted the local way (a decimal comma in Indonesian) and the paired difference's
interval as "± points" — or, when the interval contains zero, a plain "no clear difference".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

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
_UNITS = {  # unit -> (id, en) after a value
    "hours": ("jam kerja", "working hours"),
    "days": ("hari kerja", "working days"),
    "cases": ("kasus", "cases"),
    "number": ("", ""),
}
# (english?, up?) -> verb
_VERBS = {
    (False, True): "menaikkan",
    (False, False): "menurunkan",
    (True, True): "raises",
    (True, False): "lowers",
}
_TIME_VERBS = {
    (False, True): "memperlama",
    (False, False): "mempersingkat",
    (True, True): "lengthens",
    (True, False): "shortens",
}
_DIFF_UNITS = {  # unit -> (id, en) after a difference
    "share": ("poin", "points"),
    "hours": ("jam", "hours"),
    "days": ("hari", "days"),
    "cases": ("kasus", "cases"),
    "number": ("", ""),
}


def kpi_label(name: str, lang: str) -> str:
    """The KPI's (or desk figure's) label in ``lang`` ("id" or "en"); the name if unknown."""
    label_id, label_en, _ = KPI_LABELS.get(name, (name, name, "number"))
    return label_id if lang == "id" else label_en


def format_number(x: float, decimals: int, lang: str) -> str:
    """``x`` with ``decimals`` digits: 1.234,5 in Indonesian, 1,234.5 in English; never "-0,0"
    (a value that rounds to zero has no sign)."""
    x = round(x, decimals) or 0.0
    text = f"{x:,.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _known(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _decimals(unit: str, half: float) -> int:
    """Digits that the interval's precision supports (shares in points)."""
    scale = 100.0 if unit == "share" else 1.0
    h = abs(half) * scale
    if unit == "cases":
        return 0 if h >= 5 else 1
    if h >= 1:
        return 0
    if h >= 0.1 or h == 0:
        return 1
    return 2 if h >= 0.005 else 3  # never "±0,00": show the first digit the interval reaches


def format_value(x: float, unit: str, lang: str, decimals: int = 1) -> str:
    """A KPI value with its unit: 71% / 4,9 jam kerja / 5.3 cases."""
    if unit == "share":
        return format_number(100 * x, decimals, lang) + "%"
    word = _UNITS[unit][0 if lang == "id" else 1]
    text = format_number(x, decimals, lang)
    return f"{text} {word}" if word else text


def format_difference(d: float, unit: str, lang: str, decimals: int = 1, sign: bool = True) -> str:
    """A difference with its unit: +3 poin / −0.4 hours (shares in percentage points); a
    difference that rounds to zero has no sign."""
    scale = 100.0 if unit == "share" else 1.0
    text = format_number(abs(d) * scale, decimals, lang)
    if sign and round(abs(d) * scale, decimals) != 0:
        text = ("+" if d > 0 else "−") + text
    word = _DIFF_UNITS[unit][0 if lang == "id" else 1]
    if lang == "en" and text.lstrip("+−") == "1":
        word = word.removesuffix("s")  # 1 point, 1 hour
    return f"{text} {word}" if word else text


def _sentence(
    name: str, label: str, base: Any, value: Any, diff: Mapping[str, Any], kpi: str, lang: str
) -> dict[str, Any]:
    unit = KPI_LABELS.get(kpi, (kpi, kpi, "number"))[2]
    mean, low, high = diff.get("mean"), diff.get("ci95_low"), diff.get("ci95_high")
    out: dict[str, Any] = {"variant": name, "kpi": kpi, "clear": False, "better": None}
    if not all(_known(x) for x in (base, value, mean, low, high)):
        out["text"] = (
            f"«{name}»: {label} tidak dapat dibandingkan (terlalu sedikit kasus atau replikasi)."
            if lang == "id"
            else f"«{name}»: {label} cannot be compared (too few cases or replications)."
        )
        return out
    half = (high - low) / 2
    if half == 0 and mean == 0:
        out["text"] = (
            f"«{name}» tidak mengubah {label} (sama di setiap replikasi)."
            if lang == "id"
            else f"«{name}» does not change {label} (the same in every replication)."
        )
        return out
    dec = _decimals(unit, half)
    pm = "±" + format_difference(half, unit, lang, dec, sign=False)
    if low <= 0 <= high:
        d = format_difference(mean, unit, lang, dec)
        out["text"] = (
            f"«{name}» tidak terbukti mengubah {label} (selisih {d}, {pm})."
            if lang == "id"
            else f"«{name}» makes no clear difference to {label} (difference {d}, {pm})."
        )
        return out
    up = mean > 0
    a, b = format_value(base, unit, lang, dec), format_value(value, unit, lang, dec)
    verbs = _TIME_VERBS if unit in ("hours", "days") else _VERBS  # a time is lengthened, not raised
    verb = verbs[(lang == "en", up)]
    if lang == "id":
        out["text"] = f"«{name}» {verb} {label} dari {a} menjadi {b} ({pm})."
    else:
        out["text"] = f"«{name}» {verb} {label} from {a} to {b} ({pm})."
    out["clear"] = True
    if kpi in BETTER:
        out["better"] = (BETTER[kpi] > 0) == up
    return out


def sentences(result: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """Per non-baseline variant and headline KPI: ``{"variant", "kpi", "text", "clear",
    "better"}`` — ``clear`` when the paired interval excludes 0, ``better`` whether the change
    is an improvement (None when unclear)."""
    variants = result.get("variants") or []
    if len(variants) < 2:
        return []
    base = variants[0]
    out = []
    for v in variants[1:]:
        for kpi in HEADLINE_KPIS:
            out.append(
                _sentence(
                    v["name"],
                    kpi_label(kpi, lang),
                    base["kpi"].get(kpi, {}).get("mean"),
                    v["kpi"].get(kpi, {}).get("mean"),
                    (v.get("difference") or {}).get(kpi, {}),
                    kpi,
                    lang,
                )
            )
    return out
