"""What the engine says — about a score, a key, a hint, a rubric check, a user error — as a code
and its parameters, never a sentence.

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
    # the engine's user errors (sandbox.errors.SandboxError): galat.<code>
    "galat.aksi_tidak_dapat_dilakukan": (
        "Aksi %(action)r tidak dapat dilakukan massal (hanya %(bulk_actions)s).",
        "Action %(action)r cannot be done in bulk (only %(bulk_actions)s).",
    ),
    "galat.pilih_jenis_laporan_kategori": (
        "Pilih jenis laporan dan kategori untuk memverifikasi kasus %(case_id)s.",
        "Choose the report type and category to verify case %(case_id)s.",
    ),
    "galat.latihan_belum_dimulai": ("Latihan belum dimulai.", "The workshop has not started yet."),
    "galat.pesan_siaran_wajib_diisi": (
        "Pesan siaran wajib diisi (maks. %(max_text)s karakter).",
        "A broadcast message is required (at most %(max_text)s characters).",
    ),
    "galat.kecepatan_jam_harus_positif": (
        "Kecepatan jam harus > 0.",
        "The clock speed must be > 0.",
    ),
    "galat.jam_latihan_sudah_dimulai": (
        "Jam latihan sudah dimulai.",
        "The workshop clock has already started.",
    ),
    "galat.jam_tidak_berjalan": (
        "Jam latihan tidak sedang berjalan.",
        "The workshop clock is not running.",
    ),
    "galat.jam_tidak_dijeda": (
        "Jam latihan tidak sedang dijeda.",
        "The workshop clock is not paused.",
    ),
    "galat.mulai_latihan_dulu": ("Mulai latihan dulu.", "Start the workshop first."),
    "galat.jam_latihan_tidak_bisa": (
        "Jam latihan tidak bisa mundur.",
        "The workshop clock cannot go back in time.",
    ),
    "galat.petunjuk_hanya_tersedia_pada": (
        "Petunjuk hanya tersedia pada mode latihan.",
        "Hints are only available in practice mode.",
    ),
    "galat.umpan_balik_dibuka_setelah": (
        "Umpan balik dibuka setelah fasilitator mengumumkannya.",
        "Feedback opens once the facilitator reveals it.",
    ),
    "galat.petunjuk_kasus_sudah_habis": (
        "Petunjuk untuk kasus ini sudah habis.",
        "No more hints for this case.",
    ),
    "galat.pekerjaan_tidak_ada": (
        "Pekerjaan #%(job_id)s tidak ada.",
        "There is no job #%(job_id)s.",
    ),
    "galat.latihan_tidak_ada": (
        "Latihan #%(workshop_id)s tidak ada.",
        "There is no workshop #%(workshop_id)s.",
    ),
    "galat.kode_latihan_tidak_dikenal": (
        "Kode latihan %(code)r tidak dikenal.",
        "Unknown workshop code %(code)r.",
    ),
    "galat.peserta_bukan_bagian_latihan": (
        "Peserta ini bukan bagian dari latihan ini.",
        "This participant is not in this workshop.",
    ),
    "galat.pengamat_hanya_dapat_melihat": (
        "Pengamat hanya dapat melihat.",
        "Observers can only watch.",
    ),
    "galat.kasus_tidak_ada_belum": (
        "Kasus %(case_id)s tidak ada (atau belum masuk).",
        "No case %(case_id)s (or not arrived yet).",
    ),
    "galat.jenis_kejadian_harus_salah": (
        "Jenis kejadian harus salah satu dari: %(injects)s.",
        "Inject must be one of: %(injects)s.",
    ),
    "galat.kategori_tidak_dikenal": (
        "Kategori %(category)r tidak dikenal.",
        "Unknown category %(category)r.",
    ),
    "galat.nilai_harus_antara": (
        "Nilai harus antara 0 dan 1.",
        "The score must be between 0 and 1.",
    ),
    "galat.jawaban_tidak_ada": ("Jawaban #%(reply_id)s tidak ada.", "No reply #%(reply_id)s."),
    "galat.kasus_tidak_ada": ("Kasus %(case_id)s tidak ada.", "No case %(case_id)s."),
    "galat.opd_tidak_dikenal": ("OPD %(opd)r tidak dikenal.", "Unknown OPD %(opd)r."),
    "galat.kata_sandi_minimal_karakter": (
        "Kata sandi minimal %(min_password)s karakter.",
        "The password needs at least %(min_password)s characters.",
    ),
    "galat.nama_fasilitator_wajib_diisi": (
        "Nama fasilitator wajib diisi.",
        "A facilitator name is required.",
    ),
    "galat.fasilitator_sudah_ada": (
        "Fasilitator %(name)r sudah ada.",
        "Facilitator %(name)r already exists.",
    ),
    "galat.fasilitator_tidak_ditemukan": ("Fasilitator tidak ditemukan.", "Facilitator not found."),
    "galat.fasilitator_tidak_ada": (
        "Fasilitator %(name)r tidak ada.",
        "There is no facilitator %(name)r.",
    ),
    "galat.hanya_fasilitator_pemilik_latihan": (
        "Hanya fasilitator pemilik latihan ini yang boleh melakukannya.",
        "Only the facilitator who owns this workshop may do this.",
    ),
    "galat.nama_mencampur_huruf_latin": (
        "Nama %(name)r mencampur huruf Latin dengan huruf Kiril atau Yunani. Tulis nama dengan huruf biasa.",
        "The name %(name)r mixes Latin letters with Cyrillic or Greek ones. Write the name in plain letters.",
    ),
    "galat.nama_sudah_dipakai_terlalu": (
        "Nama %(name)r sudah dipakai (atau terlalu mirip dengan %(other)r) di latihan ini.",
        "The name %(name)r is taken (or looks too much like %(other)r) in this workshop.",
    ),
    "galat.nama_tampilan_wajib_diisi": (
        "Nama tampilan wajib diisi (maks. %(max_name)s karakter).",
        "A display name is required (at most %(max_name)s characters).",
    ),
    "galat.peran_harus_salah_satu": (
        "Peran harus salah satu dari: %(roles)s.",
        "Role must be one of: %(roles)s.",
    ),
    "galat.peserta_tidak_ada": (
        "Peserta #%(participant_id)s tidak ada.",
        "There is no participant #%(participant_id)s.",
    ),
    "galat.sesi_peserta_tidak_dikenal": (
        "Sesi peserta tidak dikenal.",
        "Unknown participant session.",
    ),
    "galat.penghubung_harus_memilih_opd": (
        "Penghubung harus memilih OPD: %(local)s.",
        "A penghubung must choose an OPD: %(local)s.",
    ),
    "galat.hanya_penghubung_memilih_opd": (
        "Hanya penghubung yang memilih OPD.",
        "Only a penghubung chooses an OPD.",
    ),
    "galat.peserta_tidak_ada_latihan": (
        "Peserta #%(participant_id)s tidak ada di latihan ini.",
        "There is no participant #%(participant_id)s in this workshop.",
    ),
    "galat.nama_tim_maks_karakter": (
        "Nama tim maks. %(max_name)s karakter.",
        "A team name has at most %(max_name)s characters.",
    ),
    "galat.kasus_tidak_sedang_opd": (
        "Kasus %(case_id)s tidak sedang di OPD Anda (%(opd)s).",
        "Case %(case_id)s is not at your OPD (%(opd)s).",
    ),
    "galat.verifikasi_kasus_dulu_judul": (
        "Verifikasi kasus %(case_id)s dulu (judul, jenis, kategori, anonim/rahasia).",
        "Verify case %(case_id)s first (title, type, category, anonymous/confidential).",
    ),
    "galat.instansi_tidak_dikenal": (
        "Instansi %(code)r tidak dikenal.",
        "Unknown office %(code)r.",
    ),
    "galat.adalah_opd_kabupaten_gunakan": (
        "%(code)s adalah OPD kabupaten: gunakan disposisi.",
        "%(code)s is a kabupaten OPD: use dispose.",
    ),
    "galat.adalah_instansi_tingkat_lain": (
        "%(code)s adalah instansi tingkat lain: gunakan 'bukan wewenang' (teruskan).",
        "%(code)s is another tier's office: use 'not our authority' (forward).",
    ),
    "galat.tidak_ada_pesan_pelapor": (
        "Tidak ada pesan pelapor yang menunggu jawaban pada kasus %(case_id)s.",
        "No message from the reporter waits for an answer on case %(case_id)s.",
    ),
    "galat.hanya_verifikator_memverifikasi_laporan": (
        "Hanya verifikator yang memverifikasi laporan.",
        "Only the verifier verifies reports.",
    ),
    "galat.kasus_tidak_dapat_diverifikasi": (
        "Kasus %(case_id)s tidak dapat diverifikasi pada status %(case_state)r.",
        "Case %(case_id)s cannot be verified in state %(case_state)r.",
    ),
    "galat.jenis_laporan_harus": (
        "Jenis laporan harus %(report_types)s.",
        "Report type must be %(report_types)s.",
    ),
    "galat.sub_kategori_bukan_bagian": (
        "Sub-kategori %(subcategory)r bukan bagian dari %(category)s.",
        "%(subcategory)r is not in %(category)s.",
    ),
    "galat.sebutkan_kurang": (
        "Sebutkan yang kurang: %(missing_elements)s.",
        "Say what is missing: %(missing_elements)s.",
    ),
    "galat.duplikat_dirinya_sendiri": (
        "Kasus tidak bisa menjadi duplikat dirinya sendiri.",
        "A case cannot duplicate itself.",
    ),
    "galat.kasus_induk_tidak_ada": (
        "Kasus induk %(original_id)s tidak ada.",
        "No earlier case %(original_id)s.",
    ),
    "galat.mode_harus_salah_satu": (
        "Mode harus salah satu dari %(modes)s.",
        "Mode must be one of %(modes)s.",
    ),
    "galat.fasilitator_tidak_dikenal": ("Fasilitator tidak dikenal.", "Unknown facilitator."),
    "galat.lama_latihan_minimal_hari": (
        "Lama latihan minimal 1 hari.",
        "A workshop lasts at least one day.",
    ),
    "galat.skenario_tidak_ditemukan": ("Skenario %(ref)r tidak ditemukan.", "No scenario %(ref)r."),
    "galat.skenario_tidak_valid": (
        "Skenario %(ref)r tidak valid:\n%(exc)s",
        "Scenario %(ref)r is invalid:\n%(exc)s",
    ),
    "galat.kode_sudah_dipakai": ("Kode %(code)s sudah dipakai.", "Code %(code)s is taken."),
    "galat.aksi_tidak_boleh": (
        "Aksi %(action)r tidak boleh dilakukan %(role)s pada status %(state)r. Aksi yang tersedia: %(available)s.",
        "Action %(action)r is not allowed for a %(role)s in state %(state)r. Available: %(available)s.",
    ),
    "galat.wajib_diisi": ("%(what)s wajib diisi.", "%(what)s is required."),
    "galat.pesan_dijawab_opd": (
        "Pesan ini dijawab oleh OPD yang menangani kasus.",
        "The OPD handling the case answers this message.",
    ),
    "galat.pesan_dijawab_verifikator": (
        "Pesan ini dijawab oleh verifikator.",
        "The verifier answers this message.",
    ),
    "galat.kasus_sudah_diubah": (
        "Kasus %(case_id)s sudah diubah oleh %(by)s (%(action)s) sejak Anda membukanya (versi %(expected)s → %(actual)s). Tidak ada yang ditimpa: muat ulang kasus lalu ulangi.",
        "Case %(case_id)s was changed by %(by)s (%(action)s) since you opened it (version %(expected)s → %(actual)s). Nothing was overwritten: reload the case and retry.",
    ),
    "galat.login_salah": (
        "Nama fasilitator atau kata sandi salah.",
        "Wrong facilitator name or password.",
    ),
    "galat.teks": ("%(text)s", "%(text)s"),
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


def note(code: str, /, **params: Param) -> Note:
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
