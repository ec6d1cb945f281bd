"""The working calendar of a scenario (one per scenario, shared by simulator and trainer)."""

from __future__ import annotations

from datetime import date

from .calendar import WorkCalendar
from .checks import parse_office_hours
from .model import WEEKDAYS
from .model_sop import Scenario


def calendar_for(scenario: Scenario, origin: date | None = None) -> WorkCalendar:
    """The scenario's working calendar; instant 0.0 is local midnight of ``origin``
    (default: the first simulated day)."""
    cfg = scenario.calendar
    hours = {
        WEEKDAYS.index(day): parse_office_hours(text) for day, text in cfg.office_hours.items()
    }
    return WorkCalendar(
        office_hours=hours,
        timezone=scenario.region.timezone,
        always_open=cfg.always_open,
        national_holidays=cfg.national_holidays,
        cuti_bersama=cfg.cuti_bersama,
        closed_days=cfg.closed_days,
        open_days=cfg.open_days,
        origin=origin or scenario.simulation.start,
    )
