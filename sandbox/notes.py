"""What the engine says about a score, a key or a hint: a code and its parameters, never a sentence.

A :class:`Note` names a text of :data:`NOTES` (Indonesian, English) and carries what fills it:
numbers, codes (offices, cases), the report's own words, scenario data that is bilingual in its
YAML as an ``(id, en)`` pair, and other notes. Nothing here is translated or stored translated: the
CLI renders the Indonesian with :func:`render`, and the web renders the same Indonesian text as a
gettext message id (context ``kode``), so the English lives in the catalogue, kept equal to this
table by ``tests/test_web_i18n.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Union

#: every note's text: code → (Indonesian, English); ``%(name)s`` are the note's parameters
NOTES: dict[str, tuple[str, str]] = {
    # score items
    "tepat": ("Keputusan tepat", "Right decision"),
    "kunci": ("Kunci: %(right)s. %(why)s", "Key: %(right)s. %(why)s"),
    "klasifikasi": ("Klasifikasi", "Classification"),
    "verifikasi_tepat_waktu": ("Verifikasi tepat waktu", "Verified on time"),
    "tindak_lanjut_tepat_waktu": ("Tindak lanjut tepat waktu", "Follow-up on time"),
    "verifikasi_lewat": ("Belum diverifikasi, tenggat lewat", "Not verified, deadline passed"),
    "tindak_lanjut_lewat": (
        "Belum ada tindak lanjut, tenggat lewat",
        "No follow-up, deadline passed",
    ),
    "petunjuk_dipakai": ("Petunjuk dipakai", "Hint used"),
    "jawaban_tindak_lanjut": ("Jawaban tindak lanjut", "Follow-up reply"),
    "jawaban_pesan": ("Jawaban atas pesan pelapor", "Answer to the reporter's message"),
    "komentar_fasilitator": (
        "%(note)s — komentar fasilitator: %(comment)s",
        "%(note)s — facilitator's comment: %(comment)s",
    ),
    "judul_bocor": (
        "KESALAHAN BERAT: judul menyebut identitas pelapor",
        "SEVERE: the title identifies the reporter",
    ),
    "identitas_bocor": (
        "KESALAHAN BERAT: identitas pelapor disebut",
        "SEVERE: the reporter was identified",
    ),
    # the key's answer (sandbox.judging.expected_label)
    "kunci.disposisi": ("disposisi ke %(opd)s%(alt)s", "dispose to %(opd)s%(alt)s"),
    "kunci.bukan_wewenang": (
        "bukan wewenang: teruskan ke %(opd)s%(alt)s",
        "not our authority: forward to %(opd)s%(alt)s",
    ),
    "kunci.rekan": (" (rekan: %(opds)s)", " (co-owners: %(opds)s)"),
    "kunci.tunda": ("tunda, minta: %(missing)s", "hold and ask for: %(missing)s"),
    "kunci.arsipkan": ("arsipkan (%(reason)s)", "archive (%(reason)s)"),
    "kunci.luar_lingkup": ("di luar lingkup", "out of scope"),
    "kunci.duplikat": ("duplikat dari %(case)s", "duplicate of %(case)s"),
    "kunci.lain": ("%(action)s", "%(action)s"),
    # what a held report lacks
    "kurang.lokasi": ("lokasi", "the place"),
    "kurang.waktu": ("waktu kejadian", "when it happened"),
    "kurang.rincian": ("rincian masalah", "what exactly happened"),
    # the key's why (sandbox.judging.why_text)
    "mengapa.kurang": (
        "Laporan belum menyebut %(missing)s: minta pelapor melengkapinya.",
        "The report does not yet say %(missing)s: ask the reporter for it.",
    ),
    "mengapa.duplikat": (
        "Kejadian yang sama dengan laporan yang sudah masuk (tempat dan objek sama: %(said)s).",
        "The same incident as an earlier report (same place and object: %(said)s).",
    ),
    "mengapa.bandingkan": (
        "Bandingkan dengan laporan sebelumnya: %(said)s.",
        "Compare with earlier reports: %(said)s.",
    ),
    "mengapa.menyebut": ("Laporan menyebut %(said)s. ", "The report says %(said)s. "),
    "mengapa.layanan_publik": (
        "%(lead)sApakah ini layanan publik pemerintah daerah?",
        "%(lead)sIs this a public service of the local government?",
    ),
    "mengapa.luar_lingkup": (
        "%(lead)s%(label)s: %(target)s.%(guidance)s",
        "%(lead)s%(label)s: %(target)s.%(guidance)s",
    ),
    "mengapa.arahan": (
        " Arahan bagi pelapor: %(guidance)s.",
        " Guidance for the reporter: %(guidance)s.",
    ),
    "mengapa.penentu": (
        "%(lead)sYang menentukan: %(decides)s.",
        "%(lead)sWhat decides: %(decides)s.",
    ),
    "mengapa.pokok_masalah": ("pokok masalahnya (%(label)s)", "what the problem is (%(label)s)"),
    "mengapa.aturan": (
        "%(lead)sAturan: %(label)s → %(target)s.",
        "%(lead)sRule: %(label)s → %(target)s.",
    ),
    "tujuan.disposisi": ("disposisi ke %(office)s", "dispose to %(office)s"),
    "tujuan.bukan_wewenang": (
        "bukan wewenang, teruskan ke %(office)s",
        "not our authority, forward to %(office)s",
    ),
    "tujuan.arsip": ("arsipkan dengan arahan", "archive with guidance"),
    # first hints (sandbox.coaching)
    "petunjuk.tunda": (
        "Baca lagi: apakah laporan menyebut tempat, waktu dan rinciannya?",
        "Read again: does the report say where, when and what exactly?",
    ),
    "petunjuk.duplikat": (
        "Bandingkan dengan laporan yang sudah masuk: tempat dan objeknya.",
        "Compare with the reports already received: the place and the object.",
    ),
    "petunjuk.jawaban_baik": (
        "Jawaban yang baik: salam dan terima kasih, sebut kembali masalahnya, tindakan nyata, unit "
        "penanggung jawab, tanggal atau jadwal, dan cara memantau. Jangan menyalahkan pelapor; pada "
        "kasus anonim/rahasia jangan sebut nama atau nomornya.",
        "A good reply: greet and thank, restate the problem, a concrete action, the responsible "
        "unit, a date or timeline and how to follow up. Never blame the reporter; on "
        "anonymous/confidential cases never name them.",
    ),
    "petunjuk.poin": ("Hal yang perlu dijawab: %(points)s.", "Points to address: %(points)s."),
    # the privacy key (sandbox.feedback_sheet)
    "privasi.mengapa": (
        "Pelapor meminta identitasnya dilindungi; LAPOR! menandai permintaan itu pada laporan, dan "
        "verifikator wajib menyetelnya sebelum disposisi.",
        "The reporter asked for their identity to be protected; LAPOR! marks the request on the "
        "report, and the verifier must set it before disposing.",
    ),
    "privasi.tidak_perlu": (
        "tidak perlu anonim atau rahasia",
        "neither anonymous nor confidential",
    ),
    "privasi.anonim": ("set anonim", "set anonim"),
    "privasi.rahasia": ("set rahasia", "set rahasia"),
    "privasi.keduanya": ("set anonim dan rahasia", "set anonim and rahasia"),
}

#: what fills a note: text taken as it is (codes, the report's words), a number, scenario data
#: written in both languages as (id, en), another note, or a list of these (joined by commas)
Param = Union[str, int, float, tuple[str, str], "Note", list["Note | str"]]


@dataclass(frozen=True, slots=True)
class Note:
    """A text of :data:`NOTES` by its code, with its parameters."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()

    def param(self, name: str) -> Param | None:
        """One parameter's value (None when the note has no such parameter)."""
        return dict(self.params).get(name)


def note(code: str, **params: Param) -> Note:
    """A note of ``code`` (a key of :data:`NOTES`) filled with ``params``."""
    if code not in NOTES:
        raise KeyError(f"no note {code!r} in sandbox.notes.NOTES")
    return Note(code, tuple(params.items()))


def render(
    n: Note,
    lang: str = "id",
    *,
    translate: Callable[[str], str] | None = None,
    number: Callable[[float], str] = str,
) -> str:
    """A note in words. ``translate`` turns a note's Indonesian text into the reader's language
    (the web's gettext); without it the table's own half for ``lang`` is used (the CLI)."""
    english = lang == "en"

    def text(code: str) -> str:
        id_text, en_text = NOTES[code]
        if translate is not None:
            return translate(id_text)
        return en_text if english else id_text

    def value(v: Param) -> str:
        if isinstance(v, Note):
            return render(v, lang, translate=translate, number=number)
        if isinstance(v, bool):
            return str(v)
        if isinstance(v, int | float):
            return number(v)
        if isinstance(v, tuple):  # bilingual scenario data
            return str(v[1] if english and v[1] else v[0])
        if isinstance(v, list):
            return ", ".join(value(x) for x in v)
        return str(v)

    template = text(n.code)
    return template % {k: value(v) for k, v in n.params} if n.params else template
