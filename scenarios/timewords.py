"""How a citizen says *when*: the time words any report may contain, in one place.

The text writer (``simulator.textgen_time``) uses them to leave a report's time out on purpose; the
text reader (``scenarios.reader``) to see whether a report says when something happened.
"""

from __future__ import annotations

import re

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

# Every date, day or time-of-day word a report may contain (the words of this module, the
# templates' own time words and their SMS abbreviations). Checked case-insensitively.
TIME_WORDS: tuple[str, ...] = (
    *MONTHS, *DAYS, "Jum'at",
    "kemarin", "kmrn", "kemaren", "semalam", "semalaman", "tadi", "barusan", "lusa",
    "pagi", "siang", "sore", "malam", "subuh", "dini hari",
    "pukul", "jam", "tanggal", "tgl",
    "hari", "sehari", "pekan", "sepekan", "minggu", "seminggu", "mingguan", "mgg",
    "bulan", "sebulan", "berbulan-bulan", "bln",
    "tahun", "setahun", "bertahun-tahun", "thn",
    "sejak", "musim", "kemarau", "baru-baru ini", "akhir-akhir ini", "belakangan ini",
)  # fmt: skip
TIME_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in TIME_WORDS) + r")(?![\w])"
    r"|\b\d{1,2}[/-]\d{1,2}\b|\b(?:19|20)\d{2}\b",
    re.IGNORECASE,
)


def has_time_words(text: str) -> bool:
    """Whether ``text`` holds any date, day or time expression."""
    return TIME_RE.search(text) is not None
