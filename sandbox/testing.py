"""Helpers for tests, benchmarks and demos: a hand-driven wall clock and scripted participants.

The scripted participants read the answer key through the facilitator's function (they play a
trainee who knows the answers) and follow it, except where a ``plan`` says otherwise for a case —
which is how a test stages a mistake. They act through the public API like any participant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from scenarios import sla

from . import actions
from .caseload import Key
from .errors import ConflictError
from .facilitation import answer_key_for_facilitator
from .facilitators import create_facilitator
from .participants import get_participant
from .texts import tanggal
from .views import CaseView, case_history, list_cases
from .workshops import create_workshop

T0 = 1_750_000_000.0  # a fixed wall instant (seconds since the epoch)
PASSWORD = "kata-sandi-latihan"  # noqa: S105 (test accounts only)


@dataclass
class Wall:
    """A wall clock the test moves by hand."""

    now: float = T0

    def minutes(self, n: float) -> float:
        """Move on ``n`` real minutes; returns the new instant."""
        self.now += 60.0 * n
        return self.now


def workshop_for_test(
    db: Database,
    wall: Wall,
    *,
    scenario: str = "kelas_bimtek",
    seed: int = 3,
    start: date = date(2025, 6, 5),
    name: str = "fasilitator",
    **settings: Any,
) -> tuple[int, Any]:
    """A facilitator and a workshop (clock not started): (facilitator id, workshop)."""
    fid = create_facilitator(db, name, PASSWORD, now=wall.now)
    ws = create_workshop(
        db,
        facilitator_id=fid,
        scenario_ref=scenario,
        seed=seed,
        start_date=start,
        now=wall.now,
        **settings,
    )
    return fid, ws


def good_reply(c: CaseView, unit: str, due: date) -> str:
    """A tindak lanjut that passes every rubric check."""
    return (
        f"Selamat siang Bapak/Ibu, terima kasih atas laporan mengenai {c.report_title} di Desa {c.desa}, "
        f"Kecamatan {c.kecamatan}. Tim Bidang Pengendalian {unit} telah memeriksa lokasi dan akan melakukan "
        f"penanganan paling lambat {tanggal(due)}. Perkembangan dapat dipantau melalui SP4N-LAPOR! atau "
        "menghubungi loket pengaduan kami."
    )


GENERIC_REPLY = "Laporan sudah kami terima dan akan segera ditindaklanjuti."
Step = Callable[[Database, int, CaseView, Key, int, float], Any]


@dataclass
class Scripted:
    """A participant who follows the key, with ``plan`` steps (used once) for staged mistakes."""

    db: Database
    workshop_id: int
    participant_id: int
    facilitator_id: int
    plan: dict[str, Step] = field(default_factory=dict)
    replies: dict[str, Callable[[CaseView], str]] = field(default_factory=dict)
    only: Callable[[CaseView], bool] | None = None  # share a desk: act only on these cases
    acted: int = 0

    def key(self, case_id: str) -> Key:
        """The answer key, read the way a facilitator may."""
        return answer_key_for_facilitator(
            self.db, self.workshop_id, case_id, facilitator_id=self.facilitator_id
        )

    def work(self, now: float) -> int:
        """Act once on every case waiting at this participant's desk; returns how many actions."""
        me = get_participant(self.db, self.participant_id)
        done = 0
        for c in list_cases(self.db, self.workshop_id, participant_id=self.participant_id):
            if not c.actions or (me.role == "penghubung" and c.assigned_opd != me.opd):
                continue
            if self.only is not None and not self.only(c):
                continue
            key = self.key(c.id)
            step = self.plan.pop(c.id, None) or (
                self.as_verifier if me.role == "verifikator" else self.as_penghubung
            )
            try:
                step(self.db, self.workshop_id, c, key, self.participant_id, now)
                done += 1
            except ConflictError:
                continue
        self.acted += done
        return done

    def as_verifier(self, db: Database, ws: int, c: CaseView, k: Key, pid: int, now: float) -> None:
        """Verify, then decide as the key says (after a completed hold: its ``then``)."""
        if c.state not in sla.AWAITING_VERIFICATION:
            return  # closing followed-up cases is left to the test
        version = c.version
        if c.title is None:
            version = actions.verify(
                db,
                ws,
                c.id,
                title=c.report_title,
                report_type=k.report_type,
                category=k.category,
                anonim=k.anonim,
                rahasia=k.rahasia,
                by=pid,
                expected_version=version,
                now=now,
            ).version
        completed = any(
            e["action"] == "lengkapi" for e in case_history(db, ws, c.id, participant_id=pid)
        )
        expected = k.expected(completed)
        if expected == "tunda" and c.state != "masuk":
            expected = k.then or "disposisi"
        common = {"by": pid, "expected_version": version, "now": now}
        if expected == "tunda":
            actions.tunda(
                db, ws, c.id, missing=k.missing, message="Mohon lengkapi laporan Anda.", **common
            )
        elif expected == "arsipkan":
            actions.archive(db, ws, c.id, reason=k.archive_reason or "Di luar lingkup", **common)
        elif expected == "duplikat":
            actions.mark_duplicate(db, ws, c.id, k.duplicate_of, **common)
        elif expected == "bukan_wewenang":
            actions.forward(db, ws, c.id, k.opd, reason="Kewenangan instansi lain", **common)
        else:
            actions.dispose(db, ws, c.id, k.opd, **common)

    def as_penghubung(
        self, db: Database, ws: int, c: CaseView, k: Key, pid: int, now: float
    ) -> None:
        """Accept own cases, return others, follow up with a good reply (or the staged one)."""
        common = {"by": pid, "expected_version": c.version, "now": now}
        if c.state == "terdisposisi":
            if c.assigned_opd in (k.opd, *k.acceptable):
                actions.accept(db, ws, c.id, **common)
            else:
                actions.return_case(db, ws, c.id, reason="Bukan kewenangan kami", **common)
        elif c.state in ("diproses", "ditanggapi_pelapor"):
            make = self.replies.get(c.id) or (
                lambda v: good_reply(v, c.assigned_opd or "", date(2025, 7, 1))
            )
            actions.follow_up(
                db,
                ws,
                c.id,
                reply=make(c),
                internal_note="dicek lapangan",
                evidence=["foto_lokasi.jpg"],
                **common,
            )
