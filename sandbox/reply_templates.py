"""The reply templates offered on a case page, and what of a reply is the participant's own words.

The templates are Bahasa Indonesia whatever the page's language (replies go to Indonesian
citizens); their names are translated by ``web``. What only the participant knows stays in
[square brackets]. The rubric gives no points to a template's unchanged text nor to a placeholder
left in place: :func:`own_words` blanks both out of a reply before the case-specific checks read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from difflib import SequenceMatcher

NAME = "{nama_pelapor}"
#: key → text; ``{…}`` is filled from the case, ``[…]`` is for the participant to rewrite
TEMPLATES: dict[str, str] = {
    "umum": (
        "{salam}, Bapak/Ibu Pelapor. Terima kasih atas laporan {nomor_kasus} tentang "
        "{judul} di {lokasi}. {opd} telah [tindakan nyata] pada [tanggal]. Penanganan "
        "selanjutnya oleh [unit/bidang] dijadwalkan [jadwal]. Perkembangan dapat dipantau "
        "melalui SP4N-LAPOR! atau [kontak {opd}]."
    ),
    "sapaan_nama": (
        "Yth. {nama_pelapor}, terima kasih atas laporan {nomor_kasus} tentang {judul} di "
        "{lokasi}. {opd} telah [tindakan nyata] pada [tanggal] melalui [unit/bidang]. "
        "Perkembangan dapat dipantau melalui SP4N-LAPOR! atau [kontak {opd}]."
    ),
    "jadwal": (
        "{salam}, Bapak/Ibu Pelapor. Terima kasih atas laporan tentang {judul} di "
        "{lokasi}. [Unit/bidang] {opd} sudah meninjau lokasi pada [tanggal] dan "
        "menjadwalkan [tindakan] pada [bulan/tahun anggaran]. Kami akan menyampaikan "
        "perkembangannya melalui SP4N-LAPOR!; Bapak/Ibu dapat menghubungi [kontak]."
    ),
}
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{0,80}\]")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*")
MIN_RUN = 3  # a run of this many words in a template's order is the template's, not the writer's


#: the greeting by the hour it is said (from that hour on), as Indonesians greet
GREETINGS: tuple[tuple[int, str], ...] = (
    (0, "Selamat pagi"),
    (11, "Selamat siang"),
    (15, "Selamat sore"),
    (18, "Selamat malam"),
)
NO_TIME_GREETING = "Salam sejahtera"  # when the hour is not known


def salam(at: datetime | None) -> str:
    """The greeting for the local (simulated) time ``at``: pagi, siang, sore or malam."""
    if at is None:
        return NO_TIME_GREETING
    return [word for hour, word in GREETINGS if at.hour >= hour][-1]


def fill(key: str, values: Mapping[str, str], at: datetime | None = None) -> str:
    """A template with the case's facts in place (``nomor_kasus``, ``judul``, ``lokasi``, ``opd``,
    ``nama_pelapor``), greeting for the workshop's simulated local time ``at``."""
    return TEMPLATES[key].format_map({"salam": salam(at), **values})


def filled_all(values: Mapping[str, str]) -> tuple[str, ...]:
    """Every template filled for one case, with every greeting (what a participant could have
    pasted at any hour)."""
    greetings = (NO_TIME_GREETING, *(word for _, word in GREETINGS))
    return tuple(
        TEMPLATES[k].format_map({**values, "salam": g}) for k in TEMPLATES for g in greetings
    )


def placeholders(text: str) -> list[str]:
    """The [placeholders] still in a text."""
    return PLACEHOLDER.findall(text)


def own_words(text: str, templates: Iterable[str], facts: Iterable[str] = ()) -> tuple[str, float]:
    """The reply with placeholders and template runs blanked out, and the share of its words that
    came from a template (0–1). Words in ``facts`` (the report's own words and places) stay: a
    template fills them in, but restating the case's facts is no template text."""
    keep = {w.lower() for w in facts}
    text = PLACEHOLDER.sub(" ", text)
    tokens = list(_TOKEN.finditer(text))
    words = [m.group().lower() for m in tokens]
    copied = [False] * len(tokens)
    sources = [
        variant
        for template in templates
        for variant in (PLACEHOLDER.sub(" ", template), re.sub(r"[\[\]]", "", template))
    ]  # the template as written, and with the brackets merely deleted
    for variant in sources:
        source = [w.lower() for w in _TOKEN.findall(variant)]
        matcher = SequenceMatcher(None, source, words, autojunk=False)
        for block in matcher.get_matching_blocks():
            if block.size >= MIN_RUN:
                copied[block.b : block.b + block.size] = [True] * block.size
    chars = list(text)
    for m, gone in zip(tokens, copied, strict=True):
        if gone and m.group().lower() not in keep:
            chars[m.start() : m.end()] = " " * (m.end() - m.start())
    share = sum(copied) / len(tokens) if tokens else 0.0
    return "".join(chars), share
