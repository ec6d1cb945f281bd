"""Case actions for participants: ``verb(db, workshop_id, case_id, …, by, expected_version, now)``.

Each call ticks the workshop, then checks the participant's role, the lifecycle and the version the
participant saw, and appends to the event log in one transaction. Two participants acting on the
same case: the first wins, the second gets a :class:`~sandbox.errors.ConflictError` (nothing is
silently overwritten). Bulk actions apply one action to many cases, each on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from . import verbs
from .agenda import perform
from .db import one
from .engine import Event, Session
from .errors import ActionRefused, NotAllowed, SandboxError


def verify(
    db: Database,
    workshop_id: int,
    case_id: str,
    *,
    title: str,
    report_type: str,
    category: str,
    subcategory: str | None = None,
    anonim: bool = False,
    rahasia: bool = False,
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Verifikasi: public title, report type, category and anonim/rahasia of a new report."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.verify_in(
            s,
            case_id,
            title=title,
            report_type=report_type,
            category=category,
            subcategory=subcategory,
            anonim=anonim,
            rahasia=rahasia,
            actor=s.actor_for(by),
            expected_version=expected_version,
        ),
    )


def tunda(
    db: Database,
    workshop_id: int,
    case_id: str,
    *,
    missing: Sequence[str],
    message: str,
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Tunda: hold the report and ask the reporter for what is missing (lokasi, waktu, rincian)."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.tunda_in(
            s,
            case_id,
            missing=missing,
            message=message,
            actor=s.actor_for(by),
            expected_version=expected_version,
        ),
    )


def forward(
    db: Database,
    workshop_id: int,
    case_id: str,
    office: str,
    *,
    reason: str = "",
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Bukan wewenang: forward to the office of another tier (province, vertical office, ministry)."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.forward_in(
            s,
            case_id,
            office,
            reason=reason,
            actor=s.actor_for(by),
            expected_version=expected_version,
        ),
    )


def archive(
    db: Database,
    workshop_id: int,
    case_id: str,
    *,
    reason: str,
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Arsipkan, with the reason."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.archive_in(
            s, case_id, reason=reason, actor=s.actor_for(by), expected_version=expected_version
        ),
    )


def mark_duplicate(
    db: Database,
    workshop_id: int,
    case_id: str,
    original_id: str,
    *,
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Duplikat: merge into the earlier case ``original_id``."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.duplicate_in(
            s, case_id, original_id, actor=s.actor_for(by), expected_version=expected_version
        ),
    )


def dispose(
    db: Database,
    workshop_id: int,
    case_id: str,
    opd: str,
    *,
    copies: Sequence[str] = (),
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Disposisi to a kabupaten OPD, with copies (tembusan)."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.dispose_in(
            s, case_id, opd, copies=copies, actor=s.actor_for(by), expected_version=expected_version
        ),
    )


def verify_and_dispose(
    db: Database,
    workshop_id: int,
    case_id: str,
    opd: str,
    *,
    copies: Sequence[str] = (),
    title: str | None = None,
    report_type: str | None = None,
    category: str | None = None,
    anonim: bool = False,
    rahasia: bool = False,
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Verifikasi dan disposisi in one step, as LAPOR! does: verify (unless the report is verified
    with the same title, type, category and anonim/rahasia), then dispose — in one transaction."""

    def both(s: Session) -> Event:
        actor, case = s.actor_for(by), s.case(case_id)
        version = expected_version
        title_ = (title or "").strip() or case["title"] or case["report_title"]
        given = (report_type or None, category or None)
        same = case["verified"] and (
            given == (None, None)
            or (
                (title_, report_type, category, int(anonim), int(rahasia))
                == (
                    case["title"],
                    case["report_type"],
                    case["category"],
                    case["anonim"],
                    case["rahasia"],
                )
            )
        )
        if not same and not all(given):
            raise ActionRefused(
                "pilih_jenis_laporan_kategori",
                case_id=case_id,
            )
        if not same:
            version = verbs.verify_in(
                s,
                case_id,
                title=title_,
                report_type=report_type or "",
                category=category or "",
                anonim=anonim,
                rahasia=rahasia,
                actor=actor,
                expected_version=version,
            ).version
        return verbs.dispose_in(
            s, case_id, opd, copies=copies, actor=actor, expected_version=version
        )

    return perform(db, workshop_id, now, both)


def accept(
    db: Database, workshop_id: int, case_id: str, *, by: int, expected_version: int, now: float
) -> Event:
    """Terima disposisi (penghubung of the OPD the case is at)."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.accept_in(
            s, case_id, actor=s.actor_for(by), expected_version=expected_version
        ),
    )


def return_case(
    db: Database,
    workshop_id: int,
    case_id: str,
    *,
    reason: str,
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Kembalikan: not our OPD's authority — back to the verifier, with the reason."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.return_in(
            s, case_id, reason=reason, actor=s.actor_for(by), expected_version=expected_version
        ),
    )


def initial_response(
    db: Database,
    workshop_id: int,
    case_id: str,
    *,
    text: str,
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Tanggapan awal: a first public response while the OPD handles the case."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.respond_in(
            s, case_id, text=text, actor=s.actor_for(by), expected_version=expected_version
        ),
    )


def follow_up(
    db: Database,
    workshop_id: int,
    case_id: str,
    *,
    reply: str,
    internal_note: str = "",
    evidence: Sequence[str] = (),
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Tindak lanjut: public reply (scored by the rubric) + internal note + evidence."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.follow_up_in(
            s,
            case_id,
            reply=reply,
            internal_note=internal_note,
            evidence=evidence,
            actor=s.actor_for(by),
            expected_version=expected_version,
        ),
    )


def answer_message(
    db: Database,
    workshop_id: int,
    case_id: str,
    *,
    text: str,
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Jawab pesan pelapor: answer the reporter's message on a case in public (scored by the rubric)."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.answer_message_in(
            s, case_id, text=text, actor=s.actor_for(by), expected_version=expected_version
        ),
    )


def resume(
    db: Database, workshop_id: int, case_id: str, *, by: int, expected_version: int, now: float
) -> Event:
    """Proses kembali after the reporter replied."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.resume_in(
            s, case_id, actor=s.actor_for(by), expected_version=expected_version
        ),
    )


def close(
    db: Database,
    workshop_id: int,
    case_id: str,
    *,
    evidence: Sequence[str],
    by: int,
    expected_version: int,
    now: float,
) -> Event:
    """Tutup dengan bukti: close a followed-up case (the lifecycle gives this to the verifikator)."""
    return perform(
        db,
        workshop_id,
        now,
        lambda s: verbs.close_in(
            s, case_id, evidence=evidence, actor=s.actor_for(by), expected_version=expected_version
        ),
    )


# -- bulk ---------------------------------------------------------------------------------------
BULK_ACTIONS = {
    "disposisi": lambda s, cid, p, **kw: verbs.dispose_in(
        s, cid, p["opd"], copies=p.get("copies", ()), **kw
    ),
    "bukan_wewenang": lambda s, cid, p, **kw: verbs.forward_in(
        s, cid, p["office"], reason=p.get("reason", ""), **kw
    ),
    "arsipkan": lambda s, cid, p, **kw: verbs.archive_in(s, cid, reason=p["reason"], **kw),
    "tunda": lambda s, cid, p, **kw: verbs.tunda_in(
        s, cid, missing=p["missing"], message=p["message"], **kw
    ),
    "terima": lambda s, cid, p, **kw: verbs.accept_in(s, cid, **kw),
    "tutup": lambda s, cid, p, **kw: verbs.close_in(s, cid, evidence=p.get("evidence", ()), **kw),
}


@dataclass(frozen=True)
class BulkResult:
    """What happened to one case of a bulk action."""

    case_id: str
    ok: bool
    message: str
    version: int | None = None


def bulk(
    db: Database,
    workshop_id: int,
    action: str,
    versions: Mapping[str, int],
    *,
    by: int,
    now: float,
    **params: Any,
) -> list[BulkResult]:
    """Apply one action to several cases ({case_id: version seen}); each case succeeds or fails alone.

    Misuse is scored: every case a bulk action gets wrong costs the bulk penalty on top.
    """
    if action not in BULK_ACTIONS:
        raise NotAllowed(
            "aksi_tidak_dapat_dilakukan",
            action=action,
            bulk_actions=", ".join(BULK_ACTIONS),
        )
    run = BULK_ACTIONS[action]

    def each(s: Session) -> list[BulkResult]:
        actor = s.actor_for(by)
        bulk_id = (
            one(db, "SELECT MAX(bulk_id) AS b FROM events WHERE workshop_id = ?", [workshop_id])[
                "b"
            ]
            or 0
        ) + 1
        out = []
        for case_id, version in versions.items():
            try:
                with db.atomic():
                    event = run(
                        s, case_id, params, actor=actor, expected_version=version, bulk_id=bulk_id
                    )
                out.append(BulkResult(case_id, True, "ok", event.version))
            except SandboxError as exc:
                out.append(BulkResult(case_id, False, exc.message_id))
        return out

    return perform(db, workshop_id, now, each)
