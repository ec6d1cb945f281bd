"""The leaderboard: participants (and teams) by points, with aliases, freeze and hide.

Participants see aliases by default (civil servants ranked by name in front of colleagues is not
the point of a bimtek). A frozen leaderboard shows participants the standings at the moment of the
freeze while the facilitator keeps seeing the live one; a hidden one shows participants nothing.
In assessment mode the board is sealed for participants until the facilitator reveals the results:
a row that moves after a disposition would tell right from wrong.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlite_utils import Database

from .context import get_workshop
from .db import one, write_txn
from .facilitators import require_owner
from .participants import participants_of
from .records import Scores
from .scoring import score_workshop


@dataclass(frozen=True)
class Standing:
    """One row of the leaderboard."""

    rank: int
    participant_id: int | None  # None on a team row
    name: str  # alias or display name
    team: str | None
    role: str | None
    points: float
    max_points: float
    cases: int
    mistakes: int


@dataclass(frozen=True)
class Leaderboard:
    """Ranked participants and teams, as the viewer may see them."""

    rows: tuple[Standing, ...]
    teams: tuple[Standing, ...]
    frozen: bool
    hidden: bool
    aliases: bool
    sealed: bool = False  # assessment mode before the reveal: participants see no standings


def _ranked(entries: list[tuple[float, Standing]]) -> tuple[Standing, ...]:
    entries.sort(key=lambda x: (-x[0], x[1].name))
    out, rank, last = [], 0, None
    for i, (points, s) in enumerate(entries, 1):
        if points != last:
            rank, last = i, points
        out.append(
            Standing(
                rank,
                s.participant_id,
                s.name,
                s.team,
                s.role,
                s.points,
                s.max_points,
                s.cases,
                s.mistakes,
            )
        )
    return tuple(out)


def standings(
    db: Database, workshop_id: int, scores: Scores, *, aliases: bool
) -> tuple[tuple[Standing, ...], tuple[Standing, ...]]:
    """Participant and team standings from computed scores (observers are not ranked)."""
    by = scores.by_participant()
    people = [p for p in participants_of(db, workshop_id) if p.role != "observer"]
    entries, teams = [], defaultdict(lambda: [0.0, 0.0, 0, 0])
    for p in people:
        items = by.get(p.id, [])
        pts = round(sum(i.points for i in items), 2)
        mx = round(sum(i.max_points for i in items), 2)
        cases = len({i.case_id for i in items if i.case_id})
        mistakes = sum(len(i.mistakes) for i in items)
        entries.append(
            (
                pts,
                Standing(
                    0,
                    p.id,
                    p.alias if aliases else p.display_name,
                    p.team,
                    p.role,
                    pts,
                    mx,
                    cases,
                    mistakes,
                ),
            )
        )
        if p.team:
            t = teams[p.team]
            t[0] += pts
            t[1] += mx
            t[2] += cases
            t[3] += mistakes
    team_entries = [
        (
            round(v[0], 2),
            Standing(0, None, name, name, None, round(v[0], 2), round(v[1], 2), v[2], v[3]),
        )
        for name, v in teams.items()
    ]
    return _ranked(entries), _ranked(team_entries)


def leaderboard(db: Database, workshop_id: int, *, for_facilitator: bool = False) -> Leaderboard:
    """The leaderboard as participants see it (hidden, frozen, aliases) or, live, as the facilitator does."""
    ws = get_workshop(db, workshop_id)
    if not for_facilitator and (ws.leaderboard_hidden or not ws.feedback_open):
        return Leaderboard(
            (),
            (),
            ws.leaderboard_frozen_event is not None,
            ws.leaderboard_hidden,
            ws.leaderboard_aliases,
            sealed=not ws.feedback_open,
        )
    frozen = ws.leaderboard_frozen_event is not None and not for_facilitator
    scores = score_workshop(
        db, workshop_id, upto_event=ws.leaderboard_frozen_event if frozen else None
    )
    rows_, teams = standings(
        db, workshop_id, scores, aliases=ws.leaderboard_aliases and not for_facilitator
    )
    return Leaderboard(
        rows_,
        teams,
        ws.leaderboard_frozen_event is not None,
        ws.leaderboard_hidden,
        ws.leaderboard_aliases,
    )


def _update(db: Database, workshop_id: int, facilitator_id: int, sql: str, params: list) -> None:
    require_owner(db, workshop_id, facilitator_id)
    with write_txn(db):
        db.conn.execute(sql, [*params, workshop_id])


def freeze_leaderboard(db: Database, workshop_id: int, *, facilitator_id: int) -> int:
    """Freeze what participants see at the last event so far; returns that event id."""
    last = one(
        db, "SELECT COALESCE(MAX(id), 0) AS n FROM events WHERE workshop_id = ?", [workshop_id]
    )["n"]
    _update(
        db,
        workshop_id,
        facilitator_id,
        "UPDATE workshops SET leaderboard_frozen_event = ? WHERE id = ?",
        [last],
    )
    return last


def unfreeze_leaderboard(db: Database, workshop_id: int, *, facilitator_id: int) -> None:
    """Participants see the live leaderboard again."""
    _update(
        db,
        workshop_id,
        facilitator_id,
        "UPDATE workshops SET leaderboard_frozen_event = NULL WHERE id = ?",
        [],
    )


def hide_leaderboard(
    db: Database, workshop_id: int, *, facilitator_id: int, hidden: bool = True
) -> None:
    """Hide (or show again) the leaderboard from participants."""
    _update(
        db,
        workshop_id,
        facilitator_id,
        "UPDATE workshops SET leaderboard_hidden = ? WHERE id = ?",
        [int(hidden)],
    )


def use_aliases(
    db: Database, workshop_id: int, *, facilitator_id: int, aliases: bool = True
) -> None:
    """Show participants' aliases (default) or display names on the participants' leaderboard."""
    _update(
        db,
        workshop_id,
        facilitator_id,
        "UPDATE workshops SET leaderboard_aliases = ? WHERE id = ?",
        [int(aliases)],
    )
