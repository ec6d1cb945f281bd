"""How one decision is judged against the answer key: routing credit, timeliness, the mistake names.

Pure functions of a decision, the key and the weights, so each rule has its own unit test:
partial credit for an acceptable co-owner (and for a wrong lead OPD whose tembusan go only to
the case's owners), none for a wrong tier; a vague report archived
instead of held; lateness measured in working time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenarios import Scenario
from scenarios.authority import IMPLICIT_OBJECT, objects_of, subcategories
from scenarios.calendar import WorkCalendar

from .caseload import Key
from .notes import NOTES, Note, Param, note
from .weights import ScoringWeights

MISTAKES: dict[str, tuple[str, str]] = {
    "salah_opd": ("Salah OPD", "Wrong OPD"),
    "salah_tingkat": ("Salah tingkat pemerintahan", "Wrong tier of government"),
    "salah_instansi_tujuan": ("Diteruskan ke instansi yang salah", "Forwarded to the wrong office"),
    "arsip_bukan_teruskan": (
        "Diarsipkan padahal harus diteruskan",
        "Archived what should be forwarded",
    ),
    "arsip_bukan_tunda": (
        "Laporan kurang lengkap diarsipkan, bukan ditunda",
        "Vague report archived instead of asking for completion",
    ),
    "arsip_keliru": ("Diarsipkan padahal harus didisposisi", "Archived what should be disposed"),
    "tidak_minta_kelengkapan": (
        "Tidak meminta kelengkapan laporan",
        "Did not ask for the missing details",
    ),
    "tunda_kurang_lengkap": (
        "Permintaan kelengkapan tidak menyebut semua yang kurang",
        "Hold did not ask for everything missing",
    ),
    "tunda_tidak_perlu": (
        "Ditunda padahal sudah lengkap atau di luar lingkup",
        "Held a report that needed no completion",
    ),
    "luar_lingkup_diproses": (
        "Laporan di luar lingkup tidak diarsipkan",
        "Out-of-scope report not archived",
    ),
    "duplikat_terlewat": ("Duplikat tidak dikenali", "Duplicate not recognised"),
    "duplikat_induk_salah": (
        "Digabung ke laporan induk yang salah",
        "Merged into the wrong earlier report",
    ),
    "duplikat_keliru": ("Ditandai duplikat padahal bukan", "Marked as duplicate when it is not"),
    "kategori_salah": ("Kategori salah", "Wrong category"),
    "jenis_salah": ("Jenis laporan salah", "Wrong report type"),
    "anonim_terlewat": ("Tidak diset anonim", "Anonymity not set"),
    "rahasia_terlewat": ("Tidak diset rahasia", "Confidentiality not set"),
    "identitas_bocor": (
        "Identitas pelapor bocor (kesalahan berat)",
        "Reporter identity leaked (severe)",
    ),
    "verifikasi_terlambat": ("Verifikasi terlambat", "Late verification"),
    "tindak_lanjut_terlambat": ("Tindak lanjut terlambat", "Late follow-up"),
    "bolak_balik": (
        "Disposisi dikembalikan OPD (ping-pong)",
        "Disposition returned by the OPD (ping-pong)",
    ),
    "salah_kembalikan": ("OPD mengembalikan kasus miliknya", "OPD returned its own case"),
    "terima_salah_alamat": (
        "OPD menerima kasus yang bukan kewenangannya",
        "OPD accepted a case that is not its own",
    ),
    "massal_keliru": ("Aksi massal keliru", "Bulk action misused"),
    "tutup_tanpa_bukti": ("Ditutup tanpa bukti", "Closed without evidence"),
    "tutup_jawaban_templat": (
        "Ditutup padahal jawaban OPD masih templat",
        "Closed on an OPD answer that is still a template",
    ),
    "jawaban_tanpa_salam": (
        "Jawaban tanpa salam dan terima kasih",
        "Reply without greeting and thanks",
    ),
    "jawaban_tanpa_masalah": (
        "Jawaban tidak menyebut masalahnya",
        "Reply does not restate the problem",
    ),
    "jawaban_generik": (
        "Jawaban generik tanpa tindakan nyata",
        "Generic reply without a concrete action",
    ),
    "jawaban_tanpa_unit": (
        "Jawaban tanpa unit penanggung jawab",
        "Reply without the responsible unit",
    ),
    "jawaban_tanpa_waktu": (
        "Jawaban tanpa tanggal atau jadwal",
        "Reply without a date or timeline",
    ),
    "jawaban_tanpa_kontak": (
        "Jawaban tanpa cara menindaklanjuti",
        "Reply without how to follow up",
    ),
    "menyalahkan_pelapor": ("Menyalahkan pelapor", "Blames the reporter"),
    "jawaban_templat": (
        "Templat tidak diubah atau isiannya tertinggal",
        "Template left unchanged or placeholders left",
    ),
    "jawaban_tidak_konsisten": (
        "Jawaban tidak sejalan dengan jawaban sebelumnya",
        "Reply contradicts earlier answers",
    ),
}
RUBRIC_MISTAKES = {
    "salam": "jawaban_tanpa_salam",
    "masalah": "jawaban_tanpa_masalah",
    "tindakan": "jawaban_generik",
    "unit": "jawaban_tanpa_unit",
    "waktu": "jawaban_tanpa_waktu",
    "tindak_lanjut": "jawaban_tanpa_kontak",
    "tidak_menyalahkan": "menyalahkan_pelapor",
    "isian": "jawaban_templat",
    "konsisten": "jawaban_tidak_konsisten",
    "identitas": "identitas_bocor",
}
ROUTING_DECISIONS = ("disposisi", "bukan_wewenang", "arsipkan", "duplikat", "tunda")


def destination(action: str, payload: Mapping[str, Any]) -> str | None:
    """Where a routing decision sent the case (OPD, office or earlier case)."""
    return {
        "disposisi": payload.get("opd"),
        "bukan_wewenang": payload.get("office"),
        "duplikat": payload.get("original"),
    }.get(action)


def routing_credit(
    action: str, payload: Mapping[str, Any], expected: str, key: Key, w: ScoringWeights
) -> tuple[float, tuple[str, ...]]:
    """Credit (0–1) of a routing decision when ``expected`` was right, and the mistakes made."""
    dest = destination(action, payload)
    owners = (key.opd, *key.acceptable)
    if expected == "tunda":
        if action == "tunda":
            need = set(key.missing)
            asked = set(payload.get("missing", ()))
            coverage = len(need & asked) / len(need) if need else 1.0
            credit = 1 - w.tunda_missing_share + w.tunda_missing_share * coverage
            return credit, (() if coverage >= 1 else ("tunda_kurang_lengkap",))
        if action == "arsipkan":
            return 0.0, ("arsip_bukan_tunda",)
        then = key.then or "disposisi"
        inner, mistakes = routing_credit(action, payload, then, key, w)
        return inner * w.skipped_tunda_credit, ("tidak_minta_kelengkapan", *mistakes)
    if expected in ("disposisi", "bukan_wewenang"):
        if action == expected:
            if dest == key.opd:
                return 1.0, ()
            if dest in key.acceptable:
                return w.co_owner_credit, ()
            copies = set(payload.get("copies") or ())
            if copies and copies <= set(owners):  # the owner leads wrongly but gets a tembusan
                return w.co_owner_credit, ("salah_opd",)
            return 0.0, ("salah_opd" if action == "disposisi" else "salah_instansi_tujuan",)
        if action in ("disposisi", "bukan_wewenang"):
            return 0.0, ("salah_tingkat",)
        if action == "arsipkan":
            return 0.0, (
                "arsip_bukan_teruskan" if expected == "bukan_wewenang" else "arsip_keliru",
            )
        return 0.0, (
            {"tunda": "tunda_tidak_perlu", "duplikat": "duplikat_keliru"}.get(action, "salah_opd"),
        )
    if expected == "arsipkan":
        if action == "arsipkan":
            return 1.0, ()
        return 0.0, ("tunda_tidak_perlu",) if action == "tunda" else ("luar_lingkup_diproses",)
    if expected == "duplikat":
        if action == "duplikat":
            return (
                (1.0, ())
                if dest == key.duplicate_of
                else (w.duplicate_wrong_original_credit, ("duplikat_induk_salah",))
            )
        if action == "disposisi" and dest in owners:
            return 0.0, ("duplikat_terlewat",)
        return 0.0, ("duplikat_terlewat",)
    return 0.0, ()


def expected_label(expected: str, key: Key) -> Note:
    """The key's answer as a note (for feedback and the debrief; never for participants before they act)."""
    alt: Param = note("kunci.rekan", opds=", ".join(key.acceptable)) if key.acceptable else ""
    if expected in ("disposisi", "bukan_wewenang"):
        return note(f"kunci.{expected}", opd=key.opd or "", alt=alt)
    if expected == "tunda":
        return note("kunci.tunda", missing=_missing(key))
    if expected == "arsipkan":
        return note("kunci.arsipkan", reason=key.archive_reason or note("kunci.luar_lingkup"))
    if expected == "duplikat":
        return note("kunci.duplikat", case=key.duplicate_of or "")
    return note("kunci.lain", action=expected)


def timeliness_credit(
    done_at: float, deadline: float, cal: WorkCalendar, w: ScoringWeights
) -> float:
    """1 when done by the deadline; else falling linearly with lateness in working time (≥ 1 h counted)."""
    if done_at <= deadline + 1e-9:
        return 1.0
    late_hours = max(cal.working_hours_between(deadline, done_at), 1.0)
    return max(0.0, 1.0 - late_hours / (w.late_zero_after_hk * cal.hours_per_working_day))


def _missing(key: Key) -> list[Note | str]:
    """What a held report lacks, in words (an unknown code as it is)."""
    return [note(f"kurang.{m}") if f"kurang.{m}" in NOTES else m for m in key.missing]


def _quoted(phrases: tuple[str, ...]) -> str:
    return ", ".join(f"“{p}”" for p in phrases[:3])


def why_text(key: Key, scenario: Scenario, *, name_owner: bool = True) -> Note:
    """Why the key says what it says: the deciding words of the report and the rule applied to
    them. Without ``name_owner`` (a first hint) it points to the words and what decides, not to
    the office."""
    if key.action == "tunda":
        return note("mengapa.kurang", missing=_missing(key))
    said = _quoted(key.why)
    if key.action == "duplikat":
        if name_owner or not said:
            return note("mengapa.duplikat", said=said)
        return note("mengapa.bandingkan", said=said)
    lead: Param = note("mengapa.menyebut", said=said) if said else ""
    if key.rule.startswith("luar_lingkup."):
        if not name_owner:
            return note("mengapa.layanan_publik", lead=lead)
        rule = scenario.out_of_scope.get(key.rule.split(".", 1)[1])
        label: Param = (rule.label, rule.label_en) if rule else key.rule
        go: Param = note("mengapa.arahan", guidance=key.guidance) if key.guidance else ""
        return note(
            "mengapa.luar_lingkup",
            lead=lead,
            label=label,
            target=_rule_target(key, scenario),
            guidance=go,
        )
    sub = subcategories(scenario).get(key.subcategory)
    if sub is None:
        return note(
            "mengapa.aturan" if name_owner else "mengapa.penentu",
            lead=lead,
            label=key.rule,
            decides=key.rule,
            target=_rule_target(key, scenario),
        )
    if not name_owner:
        decides: Param = (
            (sub.decides, sub.decides_en)
            if sub.decides
            else note("mengapa.pokok_masalah", label=(sub.label, sub.label_en))
        )
        return note("mengapa.penentu", lead=lead, decides=decides)
    obj = objects_of(sub).get(key.object or IMPLICIT_OBJECT)
    label = (obj.label, obj.label_en) if obj else (sub.label, sub.label_en)
    return note("mengapa.aturan", lead=lead, label=label, target=_rule_target(key, scenario))


def _rule_target(key: Key, scenario: Scenario) -> Note:
    route = key.then if key.action == "tunda" else key.action
    name = scenario.opds[key.opd].name if key.opd in scenario.opds else (key.opd or "")
    if route in ("disposisi", "bukan_wewenang"):
        return note(f"tujuan.{route}", office=name)
    return note("tujuan.arsip")
