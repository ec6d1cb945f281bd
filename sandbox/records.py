"""Flat, named score records: one item per scored thing, one result per case, and their bundle."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .notes import Note

#: the kinds of score item, with their labels (Indonesian, English); pages translate the first
SCORE_KINDS: dict[str, tuple[str, str]] = {
    "routing": ("Keputusan disposisi", "Routing decision"),
    "classification": ("Klasifikasi", "Classification"),
    "timeliness": ("Ketepatan waktu", "Timeliness"),
    "reply": ("Mutu jawaban", "Reply quality"),
    "penalty": ("Pengurangan poin", "Deduction"),
}

#: what a case's event log says besides the lifecycle's actions (scenarios.lifecycle), labelled
EVENT_VERBS: dict[str, tuple[str, str]] = {
    "masuk": ("Laporan masuk", "Report received"),
    "verifikasi": ("Verifikasi", "Verification"),
    "pesan_pelapor": ("Pesan pelapor", "Message from the reporter"),
    "jawab_pesan": ("Jawab pesan pelapor", "Answer to the reporter's message"),
    "petunjuk": ("Petunjuk diminta", "Hint requested"),
    "viral": ("Laporan viral", "Report went viral"),
    "lonjakan": ("Lonjakan laporan", "Surge of reports"),
    "petugas_absen": ("Petugas absen", "Officer absent"),
    "rilis_batch": ("Kasus dirilis", "Cases released"),
    "agenda_dilewati": ("Agenda dilewati", "Agenda step skipped"),
    "peran_diubah": ("Peran diubah", "Role changed"),
}


@dataclass(frozen=True, slots=True)
class ScoreItem:
    """One scored thing a participant did (or failed to do in time)."""

    participant_id: int
    case_id: str | None
    kind: str  # a key of SCORE_KINDS
    points: float
    max_points: float
    mistakes: tuple[str, ...]
    note: Note | None  # what the item says (a code and its numbers); None: its mistake names it
    event_id: int | None = None


@dataclass
class CaseResult:
    """How one case went, for the results export and the debrief."""

    case_id: str
    state: str
    key_action: str
    key_route: str  # the key's routing action after any hold
    key_opd: str | None
    decision: str | None = None
    chosen: str | None = None
    decided_by: str | None = None
    decided_by_participant: int | None = None
    routing_credit: float | None = None
    verification_on_time: bool | None = None
    followup_on_time: bool | None = None
    reply_score: float | None = None
    hops: int = 0
    mistakes: list[str] = field(default_factory=list)


@dataclass
class Scores:
    """Everything scored in a workshop (up to one event, for a frozen leaderboard)."""

    items: list[ScoreItem]
    cases: dict[str, CaseResult]
    at: float

    def by_participant(self) -> dict[int, list[ScoreItem]]:
        """Score items grouped by participant."""
        out: dict[int, list[ScoreItem]] = defaultdict(list)
        for item in self.items:
            out[item.participant_id].append(item)
        return out
