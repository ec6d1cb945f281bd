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
from typing import Any, Union

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
    # the reply rubric's reasons (sandbox.rubric): rubrik.<check>.ok when passed, else another
    "rubrik.salam.ok": (
        "Menyapa pelapor dan berterima kasih.",
        "Greets the reporter and thanks them.",
    ),
    "rubrik.salam.kurang": (
        "Mulailah dengan salam dan ucapan terima kasih atas laporannya.",
        "Start with a greeting and thank the reporter.",
    ),
    "rubrik.isian.ok": (
        "Tidak ada isian templat yang tertinggal.",
        "No template placeholder is left.",
    ),
    "rubrik.isian.tersisa": (
        "Masih ada isian templat (%(left)s): teks templat dan isian tidak diberi poin.",
        "Template placeholders are left (%(left)s): template text and placeholders earn nothing.",
    ),
    "rubrik.isian.tidak_diubah": (
        "Templat belum diubah: teks templat tidak diberi poin; tulis fakta penanganan kasus ini.",
        "The template is unchanged: template text earns nothing; write this case's handling.",
    ),
    "rubrik.masalah.ok": (
        "Masalah dan lokasinya disebut kembali.",
        "The problem and its place are restated.",
    ),
    "rubrik.masalah.kurang": (
        "Sebutkan kembali masalah dan lokasinya dengan kata-kata Anda sendiri agar jelas jawaban ini "
        "untuk laporan yang mana.",
        "Restate the problem and its place in your own words so it is clear which report this "
        "answers.",
    ),
    "rubrik.tindakan.ok": (
        "Menyebut tindakan yang sudah/akan dilakukan untuk kasus ini.",
        "Names an action taken or planned for this case.",
    ),
    "rubrik.tindakan.kurang": (
        "Jelaskan tindakan nyata untuk kasus ini (mis. pemeriksaan lapangan di lokasi, perbaikan), "
        "bukan hanya 'akan ditindaklanjuti'.",
        "Say what concrete action is taken for this case (e.g. a field check at the place, a "
        "repair), not just 'will be followed up'.",
    ),
    "rubrik.unit.ok": ("Menyebut unit yang menangani.", "Names the unit in charge."),
    "rubrik.unit.salah": (
        "Jawaban menyebut %(offices)s, bukan instansi yang berwenang atas kasus ini.",
        "The reply names %(offices)s, not an office in charge of this case.",
    ),
    "rubrik.unit.kurang": (
        "Sebutkan unit/bidang yang menangani.",
        "Name the unit or section in charge.",
    ),
    "rubrik.waktu.ok": ("Memberi tanggal atau perkiraan waktu.", "Gives a date or timeline."),
    "rubrik.waktu.kurang": (
        "Beri tanggal atau perkiraan waktu, walau bergantung anggaran.",
        "Give a date or timeline, even if budget-dependent.",
    ),
    "rubrik.tindak_lanjut.ok": (
        "Memberi cara memantau atau menghubungi.",
        "Says how to follow up or whom to contact.",
    ),
    "rubrik.tindak_lanjut.kurang": (
        "Beri kontak atau cara memantau perkembangan (mis. nomor layanan, kanal SP4N-LAPOR!).",
        "Say how to follow up (a contact number, the SP4N-LAPOR! channel).",
    ),
    "rubrik.konsisten.ok": (
        "Sejalan dengan jawaban sebelumnya pada kasus ini.",
        "Agrees with the earlier answers on this case.",
    ),
    "rubrik.konsisten.kurang": (
        "Jawaban sebelumnya menyebut %(offices)s; jawaban ini menyebut instansi lain tanpa "
        "penjelasan.",
        "Earlier answers named %(offices)s; this one names another office without saying why.",
    ),
    "rubrik.tidak_menyalahkan.ok": (
        "Nada sopan, tidak menyalahkan pelapor.",
        "Polite, does not blame the reporter.",
    ),
    "rubrik.tidak_menyalahkan.kurang": (
        "Jangan menyalahkan atau meremehkan pelapor.",
        "Do not blame or belittle the reporter.",
    ),
    "rubrik.identitas.ok": (
        "Identitas pelapor tidak disebut (kasus anonim/rahasia).",
        "The reporter is not identified (anonymous/confidential case).",
    ),
    "rubrik.identitas.bocor": (
        "KESALAHAN BERAT: identitas pelapor disebut (%(found)s) pada kasus anonim/rahasia.",
        "SEVERE: the reporter is identified (%(found)s) on an anonymous/confidential case.",
    ),
    # a reason stored as (id, en) sentences by an older version (read, never written)
    "rubrik.tersimpan": ("%(text)s", "%(text)s"),
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


def to_json(n: Note) -> dict[str, Any]:
    """A note as JSON-ready data (to store a code, never a sentence): parameters are text,
    numbers, (id, en) pairs (as two-item lists) or notes."""

    def value(v: Param) -> Any:
        if isinstance(v, Note):
            return to_json(v)
        if isinstance(v, list):
            raise TypeError("a stored note's parameter cannot be a list; join it first")
        return list(v) if isinstance(v, tuple) else v

    return {"code": n.code, "params": {k: value(v) for k, v in n.params}}


def from_json(data: dict[str, Any]) -> Note:
    """A note stored with :func:`to_json`."""

    def value(v: Any) -> Param:
        if isinstance(v, dict):
            return from_json(v)
        return (str(v[0]), str(v[1])) if isinstance(v, list) else v

    return note(data["code"], **{k: value(v) for k, v in data.get("params", {}).items()})


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
