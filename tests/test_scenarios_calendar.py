"""The working calendar: HK counting, office-hour arithmetic, time zones and SLA clocks."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.calendar import CIVIL_SERVICE_HOURS, REGIONAL_HOLIDAY, SlaClock, WorkCalendar

ORIGIN = date(2025, 1, 1)


def make_calendar(**overrides: object) -> WorkCalendar:
    """A kabupaten calendar in WIB from 1 Jan 2025 with civil-service hours, unless overridden."""
    kwargs: dict = {"office_hours": CIVIL_SERVICE_HOURS, "origin": ORIGIN, **overrides}
    return WorkCalendar(**kwargs)


def at(cal: WorkCalendar, y: int, m: int, d: int, hh: float = 0.0) -> float:
    """The instant of a local date and hour."""
    return cal.to_hours(datetime(y, m, d)) + hh


def local(cal: WorkCalendar, t: float) -> datetime:
    """The naive local datetime of an instant."""
    return cal.to_datetime(t).replace(tzinfo=None)


CIVIL = make_calendar()
SPLIT = make_calendar(  # lunch break, Saturday service, a regional holiday; hours that are
    # not binary fractions make the rounding of instants part of the properties
    office_hours={**{wd: [(7.3, 11.9), (12.7, 15.95)] for wd in range(5)}, 5: [(8.1, 12.2)]},
    closed_days=[date(2025, 6, 2)],
    timezone="WITA",
)
ALWAYS = make_calendar(office_hours={}, always_open=True)
calendars = st.sampled_from([CIVIL, SPLIT, ALWAYS])
instants = st.floats(min_value=0.0, max_value=24.0 * 800, allow_nan=False)
amounts = st.floats(min_value=0.0, max_value=600.0, allow_nan=False)
property_test = settings(deadline=None, max_examples=150)


def closes_a_working_day(cal: WorkCalendar, t: float) -> bool:
    """Is ``t`` the last closing instant of a working day? (24:00 belongs to the day before.)"""
    day = cal.origin + timedelta(days=math.ceil(t / 24.0) - 1)
    return cal.is_working_day(day) and cal.office_intervals(day)[-1][1] == t


# -- properties -------------------------------------------------------------------------------
@property_test
@given(calendars, instants, instants, amounts)
def test_add_working_hours_is_monotone_in_t(cal: WorkCalendar, a: float, b: float, h: float):
    t1, t2 = sorted((a, b))
    assert cal.add_working_hours(t1, h) <= cal.add_working_hours(t2, h)


@property_test
@given(calendars, instants, amounts, amounts)
def test_add_working_hours_is_monotone_in_h(cal: WorkCalendar, t: float, a: float, b: float):
    h1, h2 = sorted((a, b))
    assert t <= cal.add_working_hours(t, h1) <= cal.add_working_hours(t, h2)


@property_test
@given(calendars, instants, amounts)
def test_adding_then_measuring_round_trips(cal: WorkCalendar, t: float, h: float):
    end = cal.add_working_hours(t, h)
    assert cal.working_hours_between(t, end) == pytest.approx(h, abs=1e-6)


@property_test
@given(calendars, instants, instants, instants)
def test_working_hours_are_additive_over_a_split(cal: WorkCalendar, a: float, b: float, c: float):
    t0, tm, t1 = sorted((a, b, c))
    whole = cal.working_hours_between(t0, t1)
    parts = cal.working_hours_between(t0, tm) + cal.working_hours_between(tm, t1)
    assert whole == pytest.approx(parts, abs=1e-6)
    assert 0.0 <= whole <= t1 - t0 + 1e-9


@property_test
@given(calendars, instants)
def test_next_open_is_open_and_not_earlier(cal: WorkCalendar, t: float):
    opening = cal.next_open(t)
    assert opening >= t
    assert cal.is_open(opening)
    assert cal.working_hours_between(t, opening) == 0.0


@property_test
@given(calendars, instants, instants, st.integers(0, 70), st.integers(0, 70))
def test_deadlines_are_monotone_closing_instants(
    cal: WorkCalendar, a: float, b: float, m: int, n: int
):
    t1, t2 = sorted((a, b))
    n1, n2 = sorted((m, n))
    deadline = cal.deadline_working_days(t1, n1)
    assert deadline >= t1, "no deadline before arrival"
    assert deadline <= cal.deadline_working_days(t2, n1)
    assert deadline <= cal.deadline_working_days(t1, n2)
    assert closes_a_working_day(cal, deadline)


@property_test
@given(calendars, instants, st.integers(0, 60), amounts, amounts, amounts)
def test_sla_deadline_shifts_by_the_paused_working_hours(
    cal: WorkCalendar, start: float, n: int, before: float, pause: float, after: float
):
    clock = SlaClock(cal, start, n)
    paused_at, resumed_at = start + before, start + before + pause
    clock.pause(paused_at)
    clock.resume(resumed_at)
    shift = cal.working_hours_between(clock.original_deadline, clock.deadline)
    assert shift == pytest.approx(cal.working_hours_between(paused_at, resumed_at), abs=1e-6)
    t = resumed_at + after
    used = cal.working_hours_between(start, t) - cal.working_hours_between(paused_at, resumed_at)
    assert clock.elapsed_working_hours(t) == pytest.approx(max(0.0, used), abs=1e-6)


# -- examples with real dates -----------------------------------------------------------------
def test_idul_fitri_2025_closes_the_office_for_a_week():
    """Which days are closed around Nyepi and Idul Fitri 2025, cuti bersama included?"""
    assert CIVIL.working_days_in(date(2025, 3, 27), date(2025, 4, 9)) == [
        date(2025, 3, 27),
        date(2025, 4, 8),
        date(2025, 4, 9),
    ]
    assert CIVIL.holiday_name(date(2025, 3, 28)) == "Cuti Bersama Hari Suci Nyepi"
    assert CIVIL.holiday_name(date(2025, 3, 31)) == "Hari Raya Idul Fitri"
    assert CIVIL.holiday_name(date(2025, 4, 7)) == "Cuti Bersama Hari Raya Idul Fitri"
    assert CIVIL.holiday_name(date(2025, 4, 8)) is None


@pytest.mark.parametrize("hour", [10.0, 20.0])
def test_three_hk_across_idul_fitri(hour: float):
    """A report received on Thu 27 Mar 2025: HK 1-3 are Tue 8, Wed 9 and Thu 10 April."""
    received = at(CIVIL, 2025, 3, 27, hour)
    deadline = CIVIL.deadline_working_days(received, 3)
    assert local(CIVIL, deadline) == datetime(2025, 4, 10, 16, 0)


def test_without_cuti_bersama_the_joint_leave_days_are_working_days():
    cal = make_calendar(cuti_bersama=False)
    assert cal.is_working_day(date(2025, 3, 28))
    assert cal.holiday_name(date(2025, 3, 28)) is None
    assert not cal.is_working_day(date(2025, 3, 31)), "Idul Fitri itself stays closed"
    deadline = cal.deadline_working_days(at(cal, 2025, 3, 27, 10.0), 3)  # Fri 28, Wed 2, Thu 3
    assert local(cal, deadline) == datetime(2025, 4, 3, 16, 0)


@pytest.mark.parametrize(
    "received",
    [
        datetime(2025, 11, 7, 10, 0),  # Friday, during office hours: Friday is not counted either
        datetime(2025, 11, 7, 20, 0),  # Friday evening
        datetime(2025, 11, 8, 11, 0),  # Saturday
        datetime(2025, 11, 9, 23, 59),  # Sunday night
    ],
)
def test_a_weekend_report_counts_from_monday(received: datetime):
    deadline = CIVIL.deadline_working_days(CIVIL.to_hours(received), 3)
    assert local(CIVIL, deadline) == datetime(2025, 11, 12, 16, 0)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime(2025, 11, 7, 5, 0), datetime(2025, 11, 7, 16, 30)),
        (datetime(2025, 11, 7, 10, 0), datetime(2025, 11, 7, 16, 30)),
        (datetime(2025, 11, 7, 16, 30), datetime(2025, 11, 10, 16, 0)),
        (datetime(2025, 11, 8, 11, 0), datetime(2025, 11, 10, 16, 0)),
    ],
)
def test_zero_hk_means_close_of_the_receipt_day_or_the_next_working_day(received, due):
    assert local(CIVIL, CIVIL.deadline_working_days(CIVIL.to_hours(received), 0)) == due


def test_hours_that_run_out_at_closing_time_end_at_closing_time():
    monday = at(CIVIL, 2025, 11, 10)
    assert CIVIL.add_working_hours(monday + 15.0, 1.0) == monday + 16.0
    assert local(CIVIL, CIVIL.add_working_hours(monday + 15.0, 1.5)) == datetime(2025, 11, 11, 8)
    assert CIVIL.add_working_hours(monday + 20.0, 0.0) == monday + 20.0
    assert CIVIL.next_open(monday + 16.0) == monday + 24.0 + 7.5
    assert CIVIL.hours_per_working_day == pytest.approx((4 * 8.5 + 9.0) / 5)
    assert CIVIL.working_days_between(monday, monday + 24 * 7) == pytest.approx(43.0 / 8.6)


def test_open_days_reopen_a_saturday_and_a_holiday():
    """Can a scenario open the office on a Saturday (Monday hours) and on Christmas?"""
    cal = make_calendar(open_days=[date(2025, 11, 8), date(2025, 12, 25)])
    saturday = at(cal, 2025, 11, 8)
    assert cal.is_open(saturday + 10.0)
    assert cal.office_intervals(date(2025, 11, 8)) == [(saturday + 7.5, saturday + 16.0)]
    assert cal.is_working_day(date(2025, 12, 25))
    assert cal.holiday_name(date(2025, 12, 25)) is None
    deadline = cal.deadline_working_days(at(cal, 2025, 11, 7, 20.0), 3)  # Sat 8, Mon 10, Tue 11
    assert local(cal, deadline) == datetime(2025, 11, 11, 16, 0)


def test_closed_days_close_a_regional_holiday():
    cal = make_calendar(closed_days=[date(2025, 11, 12)])
    assert not cal.is_working_day(date(2025, 11, 12))
    assert cal.holiday_name(date(2025, 11, 12)) == REGIONAL_HOLIDAY == "Hari libur daerah"
    deadline = cal.deadline_working_days(at(cal, 2025, 11, 7, 20.0), 3)
    assert local(cal, deadline) == datetime(2025, 11, 13, 16, 0)
    labelled = make_calendar(closed_days={date(2025, 11, 12): "Hari Jadi Kabupaten"})
    assert labelled.holiday_name(date(2025, 11, 12)) == "Hari Jadi Kabupaten"


def test_time_zones_convert_utc_instants():
    utc_midnight = datetime(2025, 1, 1, tzinfo=UTC)
    wita = make_calendar(timezone="WITA")
    wit = make_calendar(timezone="WIT")
    assert CIVIL.to_hours(utc_midnight) == 7.0
    assert wita.to_hours(utc_midnight) == 8.0
    assert wit.to_hours(utc_midnight) == 9.0
    assert wit.to_hours(datetime(2024, 12, 31, 15, tzinfo=UTC)) == 0.0
    assert wita.to_hours(datetime(2025, 1, 2, 9, 30)) == 33.5, "naive datetimes are local time"
    stamp = wita.to_datetime(33.5)
    assert stamp.tzname() == "WITA" and stamp.utcoffset() == timedelta(hours=8)
    assert stamp.astimezone(UTC) == datetime(2025, 1, 2, 1, 30, tzinfo=UTC)
    assert wita.to_hours(stamp) == 33.5
    assert wit.date_of(-0.5) == date(2024, 12, 31) and wit.day_index(24.0) == 1


def test_always_open_is_plain_clock_arithmetic():
    """The textbook queueing case: every calendar day is a 24-hour working day."""
    assert ALWAYS.hours_per_working_day == 24.0
    assert (
        ALWAYS.is_working_day(date(2025, 3, 31)) and ALWAYS.holiday_name(date(2025, 3, 31)) is None
    )
    assert ALWAYS.add_working_hours(10.0, 100.0) == 110.0
    assert ALWAYS.working_hours_between(10.0, 110.0) == 100.0
    assert ALWAYS.next_open(1234.5) == 1234.5
    assert ALWAYS.deadline_working_days(10.0, 3) == 96.0
    assert ALWAYS.deadline_working_days(10.0, 0) == 24.0


def test_the_calendar_extends_itself_beyond_the_first_year():
    cal = make_calendar(origin=date(2025, 12, 20))
    deadline = cal.deadline_working_days(at(cal, 2025, 12, 22, 9.0), 60)
    assert cal.date_of(deadline).year == 2026
    far = at(cal, 2029, 6, 4, 8.0)  # a Monday, years past the first built range
    assert cal.is_open(far)
    assert cal.add_working_hours(far, 0.5) == far + 0.5


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="timezone"):
        make_calendar(timezone="UTC")
    with pytest.raises(ValueError, match="overlapping"):
        make_calendar(office_hours={0: [(8.0, 12.0), (11.0, 16.0)]})
    with pytest.raises(ValueError, match="open < close"):
        make_calendar(office_hours={0: [(16.0, 8.0)]})
    with pytest.raises(ValueError, match="no weekday"):
        make_calendar(office_hours={})
    with pytest.raises(ValueError, match="origin"):
        CIVIL.add_working_hours(-1.0, 2.0)
    with pytest.raises(ValueError, match="100 years"):
        CIVIL.is_open(24.0 * 366 * 200)
    with pytest.raises(ValueError, match="finite"):
        CIVIL.next_open(math.nan)
    with pytest.raises(ValueError):
        CIVIL.add_working_hours(1.0, -2.0)
    with pytest.raises(ValueError):
        CIVIL.deadline_working_days(1.0, -1)


# -- SLA clocks -------------------------------------------------------------------------------
def test_a_ditunda_pause_moves_the_deadline():
    """Does a day waiting for the reporter give the OPD a day more?"""
    clock = SlaClock(CIVIL, at(CIVIL, 2025, 11, 3, 10.0), 5)
    assert local(CIVIL, clock.deadline) == datetime(2025, 11, 10, 16, 0)
    clock.pause(at(CIVIL, 2025, 11, 4, 10.0))
    assert clock.paused and not clock.is_breached(at(CIVIL, 2025, 11, 20))
    with pytest.raises(ValueError):
        clock.pause(at(CIVIL, 2025, 11, 4, 11.0))
    clock.resume(at(CIVIL, 2025, 11, 5, 10.0))
    assert clock.paused_hours == 8.5
    assert local(CIVIL, clock.deadline) == datetime(2025, 11, 11, 16, 0)
    with pytest.raises(ValueError):
        clock.resume(at(CIVIL, 2025, 11, 5, 11.0))
    assert not clock.is_breached(clock.deadline)
    assert clock.is_breached(clock.deadline + 0.01)


def test_fraction_used_drives_the_80_percent_reminder():
    clock = SlaClock(CIVIL, at(CIVIL, 2025, 11, 7, 20.0), 3)  # Mon 10 - Wed 12 Nov: 25.5 h
    assert clock.budget_hours == 25.5
    assert clock.fraction_used(at(CIVIL, 2025, 11, 9)) == 0.0
    assert clock.fraction_used(at(CIVIL, 2025, 11, 12, 10.0)) == pytest.approx(19.5 / 25.5)
    assert clock.fraction_used(at(CIVIL, 2025, 11, 12, 16.0)) == 1.0


def test_a_breach_stays_a_breach_when_the_case_is_paused_late():
    clock = SlaClock(CIVIL, at(CIVIL, 2025, 11, 7, 20.0), 3)
    late = at(CIVIL, 2025, 11, 13, 9.0)
    assert clock.is_breached(late)
    clock.pause(late)
    assert clock.is_breached(late + 1.0)
    with pytest.raises(ValueError, match="before"):
        clock.resume(late - 1.0)
