"""Rule checks shared by the verbs: required texts, the acting desk, verification, office tiers."""

from __future__ import annotations

from typing import Any

from scenarios.model import LOCAL_TIERS

from ..engine import Actor, Session
from ..errors import ActionRefused, NotAllowed

MAX_TITLE = 150


def require_text(text: str | None, what_id: str, what_en: str) -> str:
    """The stripped text; refuse an empty one."""
    text = (text or "").strip()
    if not text:
        raise ActionRefused("wajib_diisi", what=(what_id, what_en))
    return text


def require_at_desk(case: dict[str, Any], actor: Actor) -> None:
    """A penghubung acts only on cases at their own OPD."""
    if actor.role == "penghubung" and case["assigned_opd"] != actor.opd:
        raise NotAllowed(
            "kasus_tidak_sedang_opd",
            case_id=case["id"],
            opd=actor.opd,
        )


def require_verified(case: dict[str, Any]) -> None:
    """Refuse routing a report that was not verified yet."""
    if not case["verified"]:
        raise ActionRefused(
            "verifikasi_kasus_dulu_judul",
            case_id=case["id"],
        )


def require_tier(s: Session, code: str, *, local: bool) -> None:
    """Refuse a disposition outside the kabupaten, or a forward inside it."""
    opd = s.scenario.opds.get(code)
    if opd is None:
        raise ActionRefused("instansi_tidak_dikenal", code=code)
    if (opd.tier in LOCAL_TIERS) != local:
        if local:
            raise ActionRefused(
                "adalah_instansi_tingkat_lain",
                code=code,
            )
        raise ActionRefused(
            "adalah_opd_kabupaten_gunakan",
            code=code,
        )
