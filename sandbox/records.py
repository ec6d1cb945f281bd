"""Flat, named score records: one item per scored thing, one result per case, and their bundle."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ScoreItem:
    """One scored thing a participant did (or failed to do in time)."""

    participant_id: int
    case_id: str | None
    kind: str  # routing | classification | timeliness | reply | penalty
    points: float
    max_points: float
    mistakes: tuple[str, ...]
    note_id: str
    note_en: str
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
