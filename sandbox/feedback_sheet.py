"""A participant's personal feedback sheet: each skill of the bimtek with their own score, their
own cases as examples (what they did, what the key says and why) and what to practise.

Labels are Indonesian with their English beside them, as elsewhere in the engine; ``web``
translates the Indonesian with its catalogue. Gated like all feedback: practice mode always,
assessment mode once the facilitator has revealed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from .caseload import key_of
from .coaching import feedback_for_participant
from .context import get_workshop
from .db import from_json, one
from .facilitators import require_owner
from .judging import expected_label, why_text
from .notes import Note, note
from .records import ScoreItem
from .scoring import score_workshop


@dataclass(frozen=True)
class Skill:
    """A skill the bimtek trains, and what to practise when it fell short."""

    code: str
    label_id: str
    label_en: str
    practise_id: str
    practise_en: str


SKILLS: dict[str, Skill] = {
    s.code: s
    for s in (
        Skill(
            "verifikasi",
            "Verifikasi dan klasifikasi",
            "Verification and classification",
            "Baca laporan sampai habis; pilih jenis dan kategori dari objek yang dilaporkan, dan "
            "tunda bila lokasi, waktu atau rincian belum ada.",
            "Read the whole report; choose type and category from what it is about, and hold it "
            "when place, time or details are missing.",
        ),
        Skill(
            "disposisi",
            "Disposisi dan tingkat pemerintahan",
            "Routing and tier of government",
            "Cari kata yang menentukan pemilik masalah, lalu cocokkan dengan tabel kewenangan: "
            "OPD kabupaten, instansi provinsi atau vertikal.",
            "Find the words that decide who owns the problem and match them to the authority "
            "table: a kabupaten OPD, a provincial or a vertical office.",
        ),
        Skill(
            "anonimitas",
            "Anonimitas dan kerahasiaan",
            "Anonymity and confidentiality",
            "Periksa permintaan pelapor sebelum disposisi: set anonim atau rahasia, dan jangan "
            "pernah menyebut namanya dalam jawaban.",
            "Check the reporter's request before disposing: set anonymous or confidential, and "
            "never name them in a reply.",
        ),
        Skill(
            "waktu",
            "Ketepatan waktu",
            "Timeliness",
            "Urutkan kotak masuk menurut tenggat dan tangani yang paling dekat lebih dulu; "
            "periksa aplikasi beberapa kali sehari.",
            "Sort the inbox by deadline and handle the nearest first; check the app several "
            "times a day.",
        ),
        Skill(
            "jawaban",
            "Mutu jawaban",
            "Reply quality",
            "Tulis untuk kasus ini: salam, masalah dan lokasinya, tindakan nyata, unit, tanggal, "
            "dan cara memantau — bukan templat yang belum diisi.",
            "Write for this case: greeting, the problem and its place, a concrete action, the "
            "unit, a date and how to follow up — not an unfilled template.",
        ),
    )
}
_BY_KIND = {
    "classification": "verifikasi",
    "routing": "disposisi",
    "timeliness": "waktu",
    "reply": "jawaban",
}
_PENALTY_SKILL = {
    "anonim_terlewat": "anonimitas",
    "rahasia_terlewat": "anonimitas",
    "identitas_bocor": "anonimitas",
    "bolak_balik": "disposisi",
    "salah_kembalikan": "disposisi",
    "terima_salah_alamat": "disposisi",
    "tutup_tanpa_bukti": "jawaban",
    "tutup_jawaban_templat": "jawaban",
}
MAX_EXAMPLES = 3  # per skill, weakest first


def skill_of(item: ScoreItem) -> str:
    """The skill a score item speaks about."""
    if item.kind in _BY_KIND:
        return _BY_KIND[item.kind]
    for code in item.mistakes:
        if code in _PENALTY_SKILL:
            return _PENALTY_SKILL[code]
    return "verifikasi"


@dataclass(frozen=True)
class Example:
    """One of the participant's own cases under a skill."""

    case_id: str
    title: str
    item: ScoreItem
    did: str | None  # the action they took (a lifecycle action or event code)
    did_to: str | None  # where it went (OPD, office or earlier case), if anywhere
    key_said: Note
    why: Note


@dataclass
class SkillSheet:
    """One skill on the sheet: the participant's points in it and their examples."""

    skill: Skill
    points: float = 0.0
    max_points: float = 0.0
    mistakes: int = 0
    examples: list[Example] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        """Points as a share of the maximum (None when nothing was scored)."""
        if self.max_points <= 0:
            return None
        return max(0.0, self.points) / self.max_points

    @property
    def needs_practice(self) -> bool:
        """Whether the skill fell short anywhere."""
        return self.mistakes > 0 or (self.share is not None and self.share < 1)


_PRIVACY_WHY = note("privasi.mengapa")


def _privacy_key(key: Any) -> Note:
    if key.anonim and key.rahasia:
        return note("privasi.keduanya")
    if key.anonim or key.rahasia:
        return note("privasi.anonim" if key.anonim else "privasi.rahasia")
    return note("privasi.tidak_perlu")


def _example(db: Database, ws: Any, item: ScoreItem, skill: str) -> Example:
    case = one(
        db,
        "SELECT title, report_title FROM cases WHERE workshop_id = ? AND id = ?",
        [ws.id, item.case_id],
    )
    did = did_to = None
    if item.event_id is not None:
        event = one(db, "SELECT action, payload FROM events WHERE id = ?", [item.event_id])
        if event:
            did = event["action"]
            payload = from_json(event["payload"], {})
            did_to = payload.get("opd") or payload.get("office") or payload.get("original")
    key = key_of(db, ws.id, item.case_id or "")
    if skill == "anonimitas":  # the key's word on privacy, not on routing
        return Example(
            item.case_id or "", _title(case), item, did, did_to, _privacy_key(key), _PRIVACY_WHY
        )
    return Example(
        case_id=item.case_id or "",
        title=_title(case),
        item=item,
        did=did,
        did_to=did_to,
        key_said=expected_label(key.action, key),
        why=why_text(key, ws.scenario),
    )


def _title(case: dict[str, Any] | None) -> str:
    return (case or {}).get("title") or (case or {}).get("report_title") or ""


def _weakness(item: ScoreItem) -> tuple[float, int]:
    lost = item.max_points - item.points if item.max_points else -item.points
    return (-lost, -len(item.mistakes))


def feedback_sheet(
    db: Database, workshop_id: int, participant_id: int, *, facilitator_id: int | None = None
) -> list[SkillSheet]:
    """Every skill with the participant's points, mistakes and up to three own examples (weakest
    first; a skill without a loss shows its best case). The participant sees it once feedback is
    open; the workshop's own facilitator (``facilitator_id``) at any time."""
    ws = get_workshop(db, workshop_id)
    if facilitator_id is not None:
        require_owner(db, workshop_id, facilitator_id)
        items = score_workshop(db, workshop_id).by_participant().get(participant_id, [])
    else:
        items = feedback_for_participant(db, workshop_id, participant_id)
    sheets = {code: SkillSheet(skill) for code, skill in SKILLS.items()}
    grouped: dict[str, list[ScoreItem]] = {code: [] for code in SKILLS}
    for item in items:
        code = skill_of(item)
        sheet = sheets[code]
        sheet.points += item.points
        sheet.max_points += item.max_points
        sheet.mistakes += len(item.mistakes)
        grouped[code].append(item)
    for code, found in grouped.items():
        chosen: list[ScoreItem] = []
        for item in sorted((i for i in found if i.case_id), key=_weakness):
            if all(i.case_id != item.case_id for i in chosen):
                chosen.append(item)
            if len(chosen) == MAX_EXAMPLES:
                break
        sheets[code].examples = [_example(db, ws, i, code) for i in chosen]
    return list(sheets.values())
