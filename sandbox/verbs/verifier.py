"""Verbs of the verification desk (admin instansi): verify, hold, forward, archive, merge, dispose, close."""

from __future__ import annotations

from collections.abc import Sequence

from scenarios import sla
from scenarios.lifecycle import MISSING_ELEMENTS
from scenarios.model import REPORT_TYPES

from ..engine import Actor, Event, Session
from ..errors import ActionRefused, NotAllowed, NotFound
from .checks import MAX_TITLE, require_text, require_tier, require_verified


def verify_in(
    s: Session,
    case_id: str,
    *,
    title: str,
    report_type: str,
    category: str,
    subcategory: str | None = None,
    anonim: bool = False,
    rahasia: bool = False,
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
) -> Event:
    """Verifikasi: set the public title, report type, category and anonim/rahasia."""
    case = s.case(case_id)
    if actor.role != "verifikator":
        raise NotAllowed("hanya_verifikator_memverifikasi_laporan")
    if case["state"] not in sla.AWAITING_VERIFICATION:
        raise ActionRefused(
            "kasus_tidak_dapat_diverifikasi",
            case_id=case_id,
            case_state=case["state"],
        )
    title = require_text(title, "Judul", "A title")[:MAX_TITLE]
    if report_type not in REPORT_TYPES:
        raise ActionRefused(
            "jenis_laporan_harus",
            report_types=", ".join(REPORT_TYPES),
        )
    cat = s.scenario.categories.get(category)
    if cat is None:
        raise ActionRefused("kategori_tidak_dikenal", category=category)
    if subcategory is not None and subcategory not in cat.subcategories:
        raise ActionRefused(
            "sub_kategori_bukan_bagian",
            subcategory=subcategory,
            category=category,
        )
    # the limit of the type the verifier chose; a complaint the key says needs investigation
    # keeps its 60 HK (the verifier cannot see that); time on hold so far does not count
    investigation = s.key(case_id).deadline_kind == "investigasi"
    days = sla.completion_days(
        s.scenario.sop.deadlines, sla.completion_kind(report_type, investigation)
    )
    return s.change(
        case,
        "verifikasi",
        actor,
        expected_version=expected_version,
        transition=False,
        at=at,
        fields={
            "title": title,
            "report_type": report_type,
            "category": category,
            "subcategory": subcategory,
            "anonim": int(anonim),
            "rahasia": int(rahasia),
            "verified": 1,
            "completion_deadline": sla.completion_due(
                s.cal, case["arrives_at"], days, case["paused_wh"]
            ),
        },
        payload={
            "title": title,
            "report_type": report_type,
            "category": category,
            "subcategory": subcategory,
            "anonim": bool(anonim),
            "rahasia": bool(rahasia),
        },
    )


def tunda_in(
    s: Session,
    case_id: str,
    *,
    missing: Sequence[str],
    message: str,
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
    bulk_id: int | None = None,
) -> Event:
    """Tunda: hold the report and ask the reporter for what is missing (the SLA clock pauses)."""
    case = s.case(case_id)
    asked = sorted(set(missing))
    if not asked or any(m not in MISSING_ELEMENTS for m in asked):
        raise ActionRefused(
            "sebutkan_kurang",
            missing_elements=", ".join(MISSING_ELEMENTS),
        )
    message = require_text(message, "Pesan kepada pelapor", "A message to the reporter")
    return s.change(
        case,
        "tunda",
        actor,
        expected_version=expected_version,
        at=at,
        bulk_id=bulk_id,
        fields={"missing": asked, "hold_started": s.at_or_now(at)},
        payload={"missing": asked, "message": message},
    )


def forward_in(
    s: Session,
    case_id: str,
    office: str,
    *,
    reason: str = "",
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
    bulk_id: int | None = None,
) -> Event:
    """Bukan wewenang: forward to the office of another tier that has authority."""
    case = s.case(case_id)
    require_tier(s, office, local=False)
    require_verified(case)
    reason = require_text(reason, "Alasan bukan wewenang", "A reason for 'not our authority'")
    t = s.at_or_now(at)
    return s.change(
        case,
        "bukan_wewenang",
        actor,
        expected_version=expected_version,
        at=at,
        bulk_id=bulk_id,
        fields={"forwarded_to": office, "closed_at": t},
        payload={"office": office, "reason": reason},
    )


def archive_in(
    s: Session,
    case_id: str,
    *,
    reason: str,
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
    bulk_id: int | None = None,
) -> Event:
    """Arsipkan: archive a report that is unclear, spam or not about government service."""
    case = s.case(case_id)
    reason = require_text(reason, "Alasan arsip", "An archive reason")
    return s.change(
        case,
        "arsipkan",
        actor,
        expected_version=expected_version,
        at=at,
        bulk_id=bulk_id,
        fields={"archive_reason": reason, "closed_at": s.at_or_now(at)},
        payload={"reason": reason},
    )


def duplicate_in(
    s: Session,
    case_id: str,
    original_id: str,
    *,
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
    bulk_id: int | None = None,
) -> Event:
    """Duplikat: merge the report into an earlier one about the same incident."""
    case = s.case(case_id)
    if original_id == case_id:
        raise ActionRefused("duplikat_dirinya_sendiri")
    try:
        s.case(original_id)
    except NotFound:
        raise ActionRefused("kasus_induk_tidak_ada", original_id=original_id) from None
    return s.change(
        case,
        "duplikat",
        actor,
        expected_version=expected_version,
        at=at,
        bulk_id=bulk_id,
        fields={"duplicate_of": original_id, "closed_at": s.at_or_now(at)},
        payload={"original": original_id},
    )


def dispose_in(
    s: Session,
    case_id: str,
    opd: str,
    *,
    copies: Sequence[str] = (),
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
    bulk_id: int | None = None,
) -> Event:
    """Disposisi: send a verified report to a kabupaten OPD, with copies (tembusan) to others."""
    case = s.case(case_id)
    require_tier(s, opd, local=True)
    cc = list(dict.fromkeys(c for c in copies if c != opd))
    for c in cc:
        require_tier(s, c, local=True)
    require_verified(case)
    t = s.at_or_now(at)
    # the follow-up clock runs from the case's first disposition (scenarios.sla): a
    # re-disposition after a return keeps it
    due = case["followup_deadline"]
    if due is None:
        due = sla.followup_due(s.cal, t, s.scenario.sop.deadlines, s.key(case_id).urgent)
    return s.change(
        case,
        "disposisi",
        actor,
        expected_version=expected_version,
        at=at,
        bulk_id=bulk_id,
        fields={
            "assigned_opd": opd,
            "copies": cc,
            "disposed_at": t,
            "followup_deadline": due,
        },
        payload={"opd": opd, "copies": cc},
    )


def close_in(
    s: Session,
    case_id: str,
    *,
    evidence: Sequence[str] = (),
    actor: Actor,
    expected_version: int | None,
    at: float | None = None,
    bulk_id: int | None = None,
) -> Event:
    """Tutup: close a followed-up case with evidence of the handling (verifikator, per the lifecycle)."""
    case = s.case(case_id)
    proof = [e.strip() for e in evidence if e.strip()]
    return s.change(
        case,
        "tutup",
        actor,
        expected_version=expected_version,
        at=at,
        bulk_id=bulk_id,
        fields={"closed_at": s.at_or_now(at)},
        payload={"evidence": proof},
    )
