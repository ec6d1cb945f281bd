"""The working calendar (hari kerja, jam kerja) and SLA clocks, in hours since the origin.

An instant is a float: hours since local midnight at the start of ``origin``, in the region's
time zone (WIB/WITA/WIT, no DST). Per-day arrays are built once and extended lazily, so every
instant method is O(1) or O(log n) with ``bisect``. See docs/calendar.md.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from datetime import timezone as _tz
from functools import cache
from pathlib import Path
from typing import Any

TIMEZONES = {"WIB": 7, "WITA": 8, "WIT": 9}  # UTC offset hours
REGIONAL_HOLIDAY = "Hari libur daerah"  # label of a scenario's closed_days
# About 07:30-16:00, Friday to 16:30 (domain.md §4); scenarios pass their own office_hours.
CIVIL_SERVICE_HOURS = {**{wd: ((7.5, 16.0),) for wd in range(4)}, 4: ((7.5, 16.5),)}
_CHUNK_DAYS = 366  # days built at a time
_MAX_DAYS = 100 * 366  # instants further out than this are a bug, not a scenario
_Intervals = tuple[tuple[float, float], ...]


@cache
def _indonesia() -> Any:
    """The `holidays` package's Indonesian calendar, loaded at first use and alone: importing
    ``holidays.countries.indonesia`` the usual way runs ``holidays.countries``, which imports
    every country the package knows (0.1 s of every command's start)."""
    name = "holidays.countries.indonesia"
    if name not in sys.modules:
        import holidays  # its own start is lazy about countries

        spec = importlib.util.spec_from_file_location(
            name, Path(holidays.__file__).parent / "countries" / "indonesia.py"
        )
        if spec is None or spec.loader is None:  # laid out otherwise: the usual way
            from holidays.countries.indonesia import Indonesia

            return Indonesia
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    return sys.modules[name].Indonesia


@cache
def _indonesian_holidays(year: int, national: bool, cuti_bersama: bool) -> dict[date, str]:
    """Hari libur nasional ("public") and cuti bersama ("government") of one year, by date."""
    categories = [c for c, on in (("public", national), ("government", cuti_bersama)) if on]
    if not categories:
        return {}
    return dict(_indonesia()(years=year, categories=tuple(categories), language="id"))


def _normalise(office_hours: Mapping[int, Sequence[tuple[float, float]]]) -> dict[int, _Intervals]:
    """Sorted office hours per weekday; rejects impossible or overlapping hours."""
    result: dict[int, _Intervals] = {}
    for weekday, spans in office_hours.items():
        if weekday not in range(7):
            raise ValueError(f"weekday must be 0 (Mon) .. 6 (Sun), got {weekday!r}")
        day = sorted((float(o), float(c)) for o, c in spans)
        for k, (opens, closes) in enumerate(day):
            if not 0.0 <= opens < closes <= 24.0:
                raise ValueError(f"need 0 <= open < close <= 24, got {(opens, closes)}")
            if k and opens < day[k - 1][1]:
                raise ValueError(f"overlapping office hours on weekday {weekday}")
        if day:
            result[weekday] = tuple(day)
    return result


class WorkCalendar:
    """Which instants are office hours (jam kerja) and how working hours and HK add up."""

    def __init__(
        self,
        *,
        office_hours: Mapping[int, Sequence[tuple[float, float]]],
        timezone: str = "WIB",
        always_open: bool = False,
        national_holidays: bool = True,
        cuti_bersama: bool = True,
        closed_days: Iterable[date] | Mapping[date, str] = (),
        open_days: Iterable[date] = (),
        origin: date,
    ) -> None:
        """Office hours per weekday (0=Mon); ``always_open`` ignores all but the time zone.

        ``closed_days`` may map date -> label (default "Hari libur daerah"). ``open_days`` win over
        holidays and use that weekday's hours, or Monday's (else the first open weekday's).
        """
        if timezone not in TIMEZONES:
            raise ValueError(f"timezone must be one of {sorted(TIMEZONES)}, got {timezone!r}")
        self.origin = origin
        self.timezone = timezone
        self.always_open = always_open
        self.tzinfo = _tz(timedelta(hours=TIMEZONES[timezone]), timezone)
        self._origin_dt = datetime.combine(origin, time())
        if always_open:
            self._hours: dict[int, tuple[tuple[float, float], ...]] = {
                wd: ((0.0, 24.0),) for wd in range(7)
            }
            national_holidays = cuti_bersama = False
            closed_days, open_days = (), ()
        else:
            self._hours = _normalise(office_hours)
        if not self._hours:
            raise ValueError("office_hours opens no weekday")
        self._national, self._cuti = national_holidays, cuti_bersama
        if isinstance(closed_days, Mapping):
            self._closed = dict(closed_days)
        else:
            self._closed = dict.fromkeys(closed_days, REGIONAL_HOLIDAY)
        self._open_days = frozenset(open_days)
        spans = [sum(c - o for o, c in self._hours[wd]) for wd in sorted(self._hours)]
        self.hours_per_working_day: float = sum(spans) / len(spans)
        self._reopen_hours = self._hours.get(0) or self._hours[min(self._hours)]
        # Built range: days [0, _n_days). Flat interval arrays plus per-working-day arrays.
        self._n_days = 0
        self._starts: list[float] = []
        self._ends: list[float] = []
        self._cum_start: list[float] = []  # working hours since origin at each interval's start
        self._cum_end: list[float] = []
        self._wd_days: list[int] = []  # day index of each working day
        self._wd_close: list[float] = []  # its closing instant
        self._wd_before: list[int] = [0]  # working days before day i (len _n_days + 1)
        self._extend()

    # -- days ------------------------------------------------------------------------------
    def _day_hours(self, d: date) -> _Intervals:
        if d in self._open_days:
            return self._hours.get(d.weekday()) or self._reopen_hours
        if d in self._closed or d in _indonesian_holidays(d.year, self._national, self._cuti):
            return ()
        return self._hours.get(d.weekday(), ())

    def is_working_day(self, d: date) -> bool:
        """True if the office opens on ``d`` (any date, also before the origin)."""
        return bool(self._day_hours(d))

    def holiday_name(self, d: date) -> str | None:
        """The Indonesian holiday name or the scenario label; None if not a holiday or reopened."""
        if d in self._open_days:
            return None
        name = _indonesian_holidays(d.year, self._national, self._cuti).get(d)
        return name or self._closed.get(d)

    def office_intervals(self, d: date) -> list[tuple[float, float]]:
        """The (open, close) instants of day ``d``; empty if it is not a working day."""
        base = 24.0 * (d - self.origin).days
        return [(base + o, base + c) for o, c in self._day_hours(d)]

    def working_days_in(self, start: date, end: date) -> list[date]:
        """Working days from ``start`` to ``end``, both included."""
        if end < start:
            return []
        i0, i1 = (start - self.origin).days, (end - self.origin).days
        if i0 < 0:
            n = (end - start).days + 1
            return [
                d for d in (start + timedelta(days=k) for k in range(n)) if self.is_working_day(d)
            ]
        self._cover_day(i1)
        lo, hi = self._wd_before[i0], self._wd_before[i1 + 1]
        return [self.origin + timedelta(days=i) for i in self._wd_days[lo:hi]]

    # -- conversions -----------------------------------------------------------------------
    def to_hours(self, dt: datetime) -> float:
        """Instant of ``dt``; a naive datetime is local time, an aware one is converted."""
        if dt.tzinfo is not None:
            dt = dt.astimezone(self.tzinfo).replace(tzinfo=None)
        return (dt - self._origin_dt) / timedelta(hours=1)

    def to_datetime(self, t: float) -> datetime:
        """Aware local datetime of instant ``t`` (tzinfo named WIB/WITA/WIT)."""
        return (self._origin_dt + timedelta(hours=t)).replace(tzinfo=self.tzinfo)

    def day_index(self, t: float) -> int:
        """Calendar days since the origin (0 on the origin date)."""
        return math.floor(t / 24.0)

    def date_of(self, t: float) -> date:
        """Local date of instant ``t`` (a closing instant of 24:00 falls on the next date)."""
        return self.origin + timedelta(days=self.day_index(t))

    # -- building --------------------------------------------------------------------------
    def _extend(self) -> None:
        cum = self._cum_end[-1] if self._cum_end else 0.0
        first = self._n_days
        for i in range(first, first + _CHUNK_DAYS):
            spans = self._day_hours(self.origin + timedelta(days=i))
            if spans:
                base = 24.0 * i
                for o, c in spans:
                    s, e = base + o, base + c
                    self._starts.append(s)
                    self._ends.append(e)
                    self._cum_start.append(cum)
                    cum += e - s  # same rounding as t - s in _worked keeps it monotone
                    self._cum_end.append(cum)
                self._wd_days.append(i)
                self._wd_close.append(base + spans[-1][1])
            self._wd_before.append(len(self._wd_days))
        self._n_days = first + _CHUNK_DAYS
        self._limit = 24.0 * (self._n_days - 1)  # instants below it have their next day built

    def _cover_day(self, i: int) -> None:
        """Build day ``i`` and the next one (hot paths test ``t < _limit`` first)."""
        if not 0 <= i < _MAX_DAYS:
            raise ValueError(f"day {i} is before the calendar origin or 100 years past it")
        while i + 1 >= self._n_days:
            self._extend()

    def _cover(self, t: float) -> None:
        if not math.isfinite(t):
            raise ValueError(f"instant must be finite, got {t!r}")
        self._cover_day(math.floor(t / 24.0))

    def _worked(self, t: float) -> float:
        """Working hours from the origin to ``t``."""
        if not 0.0 <= t < self._limit:
            self._cover(t)
        k = bisect_right(self._starts, t) - 1
        if k < 0:
            return 0.0
        if t >= self._ends[k]:
            return self._cum_end[k]
        return self._cum_start[k] + (t - self._starts[k])

    # -- office-hour arithmetic ------------------------------------------------------------
    def is_open(self, t: float) -> bool:
        """True inside office hours of a working day (open at opening, closed at closing)."""
        if not 0.0 <= t < self._limit:
            self._cover(t)
        k = bisect_right(self._starts, t) - 1
        return k >= 0 and t < self._ends[k]

    def next_open(self, t: float) -> float:
        """``t`` if the office is open, else the next opening instant."""
        if not 0.0 <= t < self._limit:
            self._cover(t)
        k = bisect_right(self._starts, t) - 1
        if k >= 0 and t < self._ends[k]:
            return t
        while k + 1 >= len(self._starts):
            self._extend()
        return self._starts[k + 1]

    def working_hours_between(self, t0: float, t1: float) -> float:
        """Office hours elapsed in [t0, t1]; 0.0 if t1 <= t0."""
        if t1 <= t0:
            return 0.0
        return max(0.0, self._worked(t1) - self._worked(t0))

    def working_days_between(self, t0: float, t1: float) -> float:
        """Working hours in [t0, t1] expressed in average working days."""
        return self.working_hours_between(t0, t1) / self.hours_per_working_day

    def add_working_hours(self, t: float, h: float) -> float:
        """Earliest instant by which ``h`` working hours have elapsed after ``t``.

        An amount that runs out exactly at closing time ends at the closing instant.
        """
        if not 0.0 <= h < math.inf:
            raise ValueError(f"working hours must be finite and >= 0, got {h!r}")
        target = self._worked(t) + h
        if h == 0:
            return t
        while self._cum_end[-1] < target:
            self._extend()
        k = bisect_left(self._cum_end, target)
        end = self._starts[k] + (target - self._cum_start[k])
        close = self._ends[k]
        if close < end:  # min() and max() as comparisons: a hot path of the simulator
            end = close
        return t if t > end else end

    def deadline_working_days(self, t: float, n: int) -> float:
        """Deadline of "n HK" for something received at ``t``: close of the n-th working day.

        The day of receipt is never counted, even when received during its office hours: day 1
        is the first working day after the receipt date, so a report received on Friday at 10:00,
        Friday evening, Saturday or a holiday all count from the next working day. n=0 means the
        close of the receipt day if it is a working day still open or not yet opened, else the
        close of the next working day (so no deadline falls before receipt).
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if not 0.0 <= t < self._limit:
            self._cover(t)
        i = math.floor(t / 24.0)
        j = self._wd_before[i + 1] + n - 1  # day 1 is the first working day after day i
        if n == 0 and (self._wd_before[i + 1] == self._wd_before[i] or t >= self._wd_close[j]):
            j += 1  # day i is closed or its office hours are over: the next working day
        while j >= len(self._wd_days):
            self._extend()
        return self._wd_close[j]


class SlaClock:
    """A deadline in HK that pauses while a case is ditunda (waiting for the reporter)."""

    def __init__(self, calendar: WorkCalendar, started_at: float, working_days: int) -> None:
        """Start the clock at ``started_at`` with a limit of ``working_days`` HK."""
        self.calendar = calendar
        self.started_at = started_at
        self.working_days = working_days
        self.original_deadline = calendar.deadline_working_days(started_at, working_days)
        self.deadline = self.original_deadline
        self.budget_hours = calendar.working_hours_between(started_at, self.original_deadline)
        self.paused = False
        self.paused_hours = 0.0  # working hours spent in finished pauses
        self._paused_at = started_at
        self._last_event = started_at
        self._breached_before_pause = False

    def _check_order(self, t: float) -> None:
        if t < self._last_event:
            raise ValueError(f"instant {t} is before the clock's last event {self._last_event}")
        self._last_event = t

    def pause(self, t: float) -> None:
        """Stop the clock at ``t`` (the case becomes ditunda)."""
        if self.paused:
            raise ValueError("SLA clock is already paused")
        self._check_order(t)
        self._breached_before_pause |= t > self.deadline  # a breach stays a breach
        self.paused, self._paused_at = True, t

    def resume(self, t: float) -> None:
        """Restart the clock at ``t``; the deadline moves by the working hours spent paused."""
        if not self.paused:
            raise ValueError("SLA clock is not paused")
        self._check_order(t)
        self.paused_hours += self.calendar.working_hours_between(self._paused_at, t)
        self.paused = False
        self.deadline = self.calendar.add_working_hours(self.original_deadline, self.paused_hours)

    def elapsed_working_hours(self, t: float) -> float:
        """Working hours used from the start to ``t``, excluding paused spans."""
        cal = self.calendar
        used = cal.working_hours_between(self.started_at, t) - self.paused_hours
        if self.paused:
            used -= cal.working_hours_between(self._paused_at, t)
        return max(0.0, used)

    def fraction_used(self, t: float) -> float:
        """Share of the original working-hour budget used at ``t`` (1.0 = deadline reached)."""
        if self.budget_hours <= 0:
            return 1.0
        return self.elapsed_working_hours(t) / self.budget_hours

    def is_breached(self, t: float) -> bool:
        """True once ``t`` is past the deadline; a paused clock is not breached by waiting."""
        if self._breached_before_pause:
            return True
        return not self.paused and t > self.deadline
