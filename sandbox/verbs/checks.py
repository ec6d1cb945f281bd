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
        raise ActionRefused(f"{what_id} wajib diisi.", f"{what_en} is required.")
    return text


def require_at_desk(case: dict[str, Any], actor: Actor) -> None:
    """A penghubung acts only on cases at their own OPD."""
    if actor.role == "penghubung" and case["assigned_opd"] != actor.opd:
        raise NotAllowed(
            f"Kasus {case['id']} tidak sedang di OPD Anda ({actor.opd}).",
            f"Case {case['id']} is not at your OPD ({actor.opd}).",
        )


def require_verified(case: dict[str, Any]) -> None:
    """Refuse routing a report that was not verified yet."""
    if not case["verified"]:
        raise ActionRefused(
            f"Verifikasi kasus {case['id']} dulu (judul, jenis, kategori, anonim/rahasia).",
            f"Verify case {case['id']} first (title, type, category, anonymous/confidential).",
        )


def require_tier(s: Session, code: str, *, local: bool) -> None:
    """Refuse a disposition outside the kabupaten, or a forward inside it."""
    opd = s.scenario.opds.get(code)
    if opd is None:
        raise ActionRefused(f"Instansi {code!r} tidak dikenal.", f"Unknown office {code!r}.")
    if (opd.tier in LOCAL_TIERS) != local:
        if local:
            raise ActionRefused(
                f"{code} adalah instansi tingkat lain: gunakan 'bukan wewenang' (teruskan).",
                f"{code} is another tier's office: use 'not our authority' (forward).",
            )
        raise ActionRefused(
            f"{code} adalah OPD kabupaten: gunakan disposisi.",
            f"{code} is a kabupaten OPD: use dispose.",
        )
