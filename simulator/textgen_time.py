"""How a citizen says *when*: Indonesian date phrases relative to the day a report is sent.

Phrases never depend on the process locale: month and day names are spelled out here. Two kinds
come out of :func:`time_phrases`: a point in time (``kemarin sore``, ``tanggal 14 Agustus 2025``)
and an ongoing span (``sejak Senin (3/3)``, ``sudah tiga minggu ini``). :data:`TIME_RE` matches
every time word either kind may contain, so a report that must omit *waktu* can be checked.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from scenarios.timewords import DAYS, MONTHS, TIME_RE, TIME_WORDS, has_time_words

__all__ = ["DAYS", "MONTHS", "TIME_RE", "TIME_WORDS", "has_time_words", "time_phrases"]

NUMBERS = (
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas", "dua belas",
)  # fmt: skip

_PARTS = (("pagi", 5), ("siang", 11), ("sore", 15), ("malam", 18))


def _num(n: int, digits: bool) -> str:
    return str(n) if digits or n >= len(NUMBERS) else NUMBERS[n]


def _phase(day: int) -> str:
    return "awal" if day <= 10 else "pertengahan" if day <= 20 else "akhir"


def time_phrases(
    occurred: date, received: datetime, rng: random.Random, *, informal: bool = False
) -> tuple[str, str]:
    """A (point, span) pair of phrases saying when ``occurred`` was, seen from ``received``."""
    d = max(0, (received.date() - occurred).days)
    hour = received.hour
    day = DAYS[occurred.weekday()]
    month = MONTHS[occurred.month - 1]
    short = f"{occurred.day}/{occurred.month}"
    long_ = f"{occurred.day} {month} {occurred.year}"
    mid = f"{occurred.day} {month}"
    numeric = rng.choice(
        (
            f"{occurred.day:02d}/{occurred.month:02d}/{occurred.year}",
            f"{occurred.day}-{occurred.month}-{occurred.year}",
        )
    )
    n = lambda k: _num(k, informal)  # noqa: E731
    if d == 0 and hour < 5:  # before dawn: it happened in the small hours, not "this morning"
        point = ["dini hari tadi", "tadi malam", "barusan"]
        span = ["sejak dini hari tadi", "sejak tadi malam", "dari tadi malam"]
    elif d == 0:
        parts = [p for p, start in _PARTS if start <= hour] or ["pagi"]
        part = rng.choice(parts)
        point = [f"tadi {part}", f"{part} tadi", "hari ini"]
        if hour >= 8:
            point.append(
                f"sekitar pukul {rng.randint(6, hour - 1):02d}.{rng.choice(('00', '15', '30'))} tadi"
            )
        span = [f"sejak tadi {part}", f"dari {part} tadi", "sejak hari ini"]
    elif d == 1:
        part = rng.choice([p for p, _ in _PARTS])
        point = ["kemarin", f"kemarin {part}", f"kemarin ({day}, {short})", f"hari {day} kemarin"]
        if hour < 12:
            point.append("semalam")
        span = ["sejak kemarin", f"sejak kemarin {part}", f"dari kemarin {part}"]
    elif d < 7:
        point = [
            f"hari {day} lalu",
            f"{day} kemarin",
            f"{n(d)} hari yang lalu",
            f"hari {day} ({short})",
            f"pada {day}, {mid}",
            f"tanggal {mid}",
        ]
        span = [
            f"sejak {day} ({short})",
            f"sejak hari {day} lalu",
            f"sudah {n(d)} hari ini",
            f"sejak tanggal {mid}",
        ]
    elif d < 14:
        point = [
            "minggu lalu",
            f"hari {day} minggu lalu",
            f"tanggal {long_}",
            f"hari {day} ({short}) lalu",
        ]
        if d <= 12:
            point.append(f"{n(d)} hari yang lalu")
        span = [
            "sejak minggu lalu",
            "sudah seminggu ini" if d == 7 else "sudah seminggu lebih",
            f"sejak {day} ({short})",
            f"sejak tanggal {long_}",
        ]
    elif d < 60:
        same_month = (occurred.year, occurred.month) == (received.year, received.month)
        phase = (
            f"{_phase(occurred.day)} bulan ini"
            if same_month
            else f"{_phase(occurred.day)} {month} lalu"
        )
        point = [
            f"tanggal {long_}",
            f"pada tanggal {numeric}",
            f"sekitar {n(d // 7)} minggu yang lalu",
            phase,
        ]
        span = [
            f"sudah {n(d // 7)} minggu ini",
            f"sejak tanggal {long_}",
            f"sejak {phase}",
            f"sejak tanggal {numeric}",
        ]
        if d > 31:
            span.append("sudah sebulan lebih")
    elif d < 365:
        months = max(2, d // 30)
        point = [
            f"bulan {month} lalu",
            f"sekitar {n(months)} bulan yang lalu",
            f"tanggal {long_}",
            f"{_phase(occurred.day)} {month} {occurred.year}",
        ]
        span = [
            f"sudah {n(months)} bulan ini",
            f"sejak bulan {month} lalu",
            f"sejak {month} {occurred.year}",
            "sudah berbulan-bulan",
        ]
    else:
        years = d // 365
        ago = "setahun" if years == 1 else f"{n(years)} tahun"
        point = [f"tahun {occurred.year}", f"sekitar {ago} yang lalu", f"{month} {occurred.year}"]
        span = [
            "sudah bertahun-tahun",
            f"sejak tahun {occurred.year}",
            f"sejak {month} {occurred.year}",
            f"sudah lebih dari {ago}",
        ]
    return rng.choice(point), rng.choice(span)


def letter_date(received: datetime) -> str:
    """The date line of a formal letter: ``14 Agustus 2025``."""
    return f"{received.day} {MONTHS[received.month - 1]} {received.year}"


def greeting_part(received: datetime) -> str:
    """``pagi`` / ``siang`` / ``sore`` / ``malam`` for a greeting at the hour of sending."""
    hour = received.hour
    if 4 <= hour < 11:
        return "pagi"
    if 11 <= hour < 15:
        return "siang"
    if 15 <= hour < 18:
        return "sore"
    return "malam"
