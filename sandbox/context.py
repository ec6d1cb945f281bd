"""A workshop as the engine sees it: its stored settings, its scenario and its working calendar.

Scenarios and calendars are cached per process by (reference, overrides): loading a scenario file
takes a fifth of a second, and every action needs the calendar.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from scenarios import Scenario, load_scenario
from scenarios.calendar import WorkCalendar
from scenarios.model import LOCAL_TIERS
from scenarios.timebase import calendar_for

from .db import from_json, one
from .errors import NotFound
from .weights import ScoringWeights

MODES = ("practice", "assessment")
NOT_STARTED, RUNNING, PAUSED = "belum_mulai", "berjalan", "jeda"


@dataclass(frozen=True)
class Workshop:
    """A stored workshop (latihan); simulated instants are hours since midnight of ``start_date``."""

    id: int
    uid: str  # random, never reused: what caches key on
    code: str
    title: str
    facilitator_id: int
    scenario_ref: str
    overrides: dict[str, Any]
    seed: int
    mode: str
    weights: ScoringWeights
    start_date: date
    days: int
    speed: float
    skip_closed: bool
    start_at: float
    end_at: float
    clock_state: str
    wall_anchor: float | None
    sim_anchor: float
    processed_until: float
    run: int
    revealed: bool
    leaderboard_hidden: bool
    leaderboard_frozen_event: int | None
    leaderboard_aliases: bool
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Workshop:
        """A workshop from its database row."""
        values = dict(row)
        values["overrides"] = from_json(row["overrides"], {})
        values["weights"] = ScoringWeights.from_mapping(from_json(row["weights"], {}))
        values["start_date"] = date.fromisoformat(row["start_date"])
        for flag in ("skip_closed", "revealed", "leaderboard_hidden", "leaderboard_aliases"):
            values[flag] = bool(row[flag])
        return cls(**values)

    @property
    def scenario_overrides(self) -> dict[str, Any]:
        """The overrides that make the scenario this workshop's: start date and length first."""
        return {
            **self.overrides,
            "simulation.start": self.start_date.isoformat(),
            "simulation.days": self.days,
        }

    @property
    def scenario(self) -> Scenario:
        """The workshop's scenario (cached)."""
        return scenario_of(self.scenario_ref, json.dumps(self.scenario_overrides, sort_keys=True))

    @property
    def calendar(self) -> WorkCalendar:
        """The scenario's working calendar with instant 0 at midnight of the start date."""
        return calendar_of(self.scenario_ref, json.dumps(self.scenario_overrides, sort_keys=True))

    @property
    def local_opds(self) -> list[str]:
        """Codes of the kabupaten's own units (disposition targets)."""
        return [c for c, o in self.scenario.opds.items() if o.tier in LOCAL_TIERS]

    @property
    def feedback_open(self) -> bool:
        """Practice mode shows feedback after each case; assessment only once revealed."""
        return self.mode == "practice" or self.revealed


@lru_cache(maxsize=32)
def scenario_of(ref: str, overrides_json: str) -> Scenario:
    """A scenario by reference and JSON overrides (cached)."""
    return load_scenario(ref, json.loads(overrides_json))


@lru_cache(maxsize=32)
def calendar_of(ref: str, overrides_json: str) -> WorkCalendar:
    """The calendar of :func:`scenario_of` (cached)."""
    return calendar_for(scenario_of(ref, overrides_json))


def get_workshop(db: Database, workshop_id: int) -> Workshop:
    """A workshop by id; :class:`NotFound` if there is none."""
    row = one(db, "SELECT * FROM workshops WHERE id = ?", [workshop_id])
    if row is None:
        raise NotFound("latihan_tidak_ada", workshop_id=workshop_id)
    return Workshop.from_row(row)


def workshop_by_code(db: Database, code: str) -> Workshop:
    """A workshop by its join code (case-insensitive)."""
    row = one(db, "SELECT * FROM workshops WHERE code = ?", [code.strip().upper()])
    if row is None:
        raise NotFound("kode_latihan_tidak_dikenal", code=code)
    return Workshop.from_row(row)
