"""How bimtek exercises are scored: points per scored item and penalties (scenario data)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .fields import fields_of, param


@dataclass(frozen=True, kw_only=True)
class Scoring:
    """Points and penalties of bimtek exercises (the trainer's scoring)."""

    routing: float = param(
        10.0,
        minimum=0,
        unit="points",
        help="Right decision on a report: dispose to the owner, forward to the right office, hold, archive or merge.",
    )
    co_owner_credit: float = param(
        0.5,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Share of the routing points for an acceptable co-owner (a wrong tier earns none).",
    )
    duplicate_wrong_original_credit: float = param(
        0.5,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Share of the routing points for a duplicate merged into the wrong earlier report.",
    )
    skipped_tunda_credit: float = param(
        0.5,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Share of the routing points for routing an incomplete report right without asking for completion.",
    )
    tunda_missing_share: float = param(
        0.5,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Share of the hold (tunda) credit that depends on asking for every missing element.",
    )
    classification: float = param(
        4.0,
        minimum=0,
        unit="points",
        help="Right category and report type at verification (half each).",
    )
    timeliness: float = param(
        5.0,
        minimum=0,
        unit="points",
        help="A verification or follow-up done within its SOP deadline (in working time).",
    )
    late_zero_after_hk: float = param(
        3.0,
        minimum=0.1,
        unit="HK",
        help="Lateness at which the timeliness credit reaches zero (linear in working time).",
    )
    viral_timeliness_factor: float = param(
        2.0, minimum=1, unit="×", help="Timeliness points on a case the facilitator made viral."
    )
    reply: float = param(
        10.0,
        minimum=0,
        unit="points",
        help="A tindak lanjut, times its rubric score (0–1) or the facilitator's override.",
    )
    bounce_penalty: float = param(
        3.0,
        minimum=0,
        unit="points",
        help="Per return (dikembalikan) caused by the participant's misrouted disposition.",
    )
    handling_error_penalty: float = param(
        3.0,
        minimum=0,
        unit="points",
        help="A penghubung returning a case that was theirs, or accepting one that was not.",
    )
    hint_penalty: float = param(
        2.0, minimum=0, unit="points", help="Per hint taken in practice mode."
    )
    leak_penalty: float = param(
        20.0,
        minimum=0,
        unit="points",
        help="Reporter identity in a public text of an anonim/rahasia case (severe error).",
    )
    privacy_flag_penalty: float = param(
        5.0,
        minimum=0,
        unit="points",
        help="Verifying a report without setting the anonim or rahasia it needs.",
    )
    bulk_misuse_penalty: float = param(
        2.0,
        minimum=0,
        unit="points",
        help="Per case a bulk action got wrong (on top of that case's own score).",
    )
    no_evidence_penalty: float = param(
        3.0,
        minimum=0,
        unit="points",
        help="Closing a case (tutup) without evidence of the handling.",
    )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> Scoring:
        """Weights from a mapping (unknown names are an error; missing ones keep their default)."""
        values = dict(values or {})
        known = {f.name for f in fields_of(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown scoring weight(s): {', '.join(unknown)}")
        return cls(**{k: float(v) for k, v in values.items()})

    def as_dict(self) -> dict[str, float]:
        """All weights by name."""
        return dataclasses.asdict(self)
