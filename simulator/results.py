"""Flat per-case records of a run and the KPIs computed from them.

A KPI is measured on the cases that *arrived inside the window* (after the warm-up, before the
end). An SLA share counts only cases whose outcome is known at the end of the run — the step was
done, or its deadline has passed — so cases arriving just before the end do not bias it; so does
the misroute rate: a disposition still waiting for the OPD's triage is neither right nor wrong yet.

The self-checks warn of an overloaded desk from its *offered* load — arrivals × effort ÷ capacity,
as the Erlang-C first guess computes it — and from a queue that keeps growing over the run, never
from realised utilisation, which cannot pass 100% and hovers just below it when a desk is swamped.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import asdict, dataclass
from statistics import fmean
from typing import Any, Protocol

from scenarios import sla
from scenarios.calendar import WorkCalendar
from scenarios.model_sop import Deadlines

from .erlang import first_guess
from .model import VERIFY_DESK, Simulation


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """One case at the end of a run; times are hours since local midnight of the calendar's
    first day (the first simulated day, or earlier by ``backlog_max_age_days`` with a backlog)."""

    id: str
    category: str
    subcategory: str
    report_type: str
    channel: str
    kecamatan: str
    hard_kind: str
    key_action: str
    key_opd: str | None
    handled_by: str | None
    final_state: str
    in_window: bool
    arrived_at: float
    verified_at: float | None
    first_disposed_at: float | None
    accepted_at: float | None
    first_response_at: float | None
    followup_at: float | None
    last_followup_at: float | None
    resolved_at: float | None
    closed_at: float | None
    hops: int
    escalations: int
    reply_rounds: int
    auto_closed: bool
    paused_working_hours: float
    ttfr_working_hours: float | None
    ttr_working_days: float | None
    verification_sla_met: bool | None  # None: not yet known at the end of the run
    followup_sla_met: bool | None
    completion_sla_met: bool | None


class Journey(Protocol):
    """What one case went through, as instants and counts: the simulator's ``Case`` is one, and
    so is the trainer's walk of a workshop's event log (``sandbox.outcomes``)."""

    c: Any  # the report: id, category, subcategory, report_type, channel, kecamatan, key
    state: str
    route: str  # the key's routing action after any hold
    handled_by: str | None
    arrived_at: float
    verified_at: float | None
    first_disposed_at: float | None
    accepted_at: float | None
    first_response_at: float | None
    followup_at: float | None
    last_followup_at: float | None
    resolved_at: float | None
    closed_at: float | None
    hops: int
    escalations: int
    rounds: int
    auto_closed: bool
    paused_wh: float
    hold_started: float | None


def record_of(
    case: Journey,
    *,
    cal: WorkCalendar,
    deadlines: Deadlines,
    end: float,
    in_window: bool,
    verifies: bool = True,
) -> CaseRecord:
    """The flat record of one case as known at instant ``end``: its deadlines by the time rules
    of :mod:`scenarios.sla` and whether each was met. ``verifies``: the SOP has a verification
    stage (not so under ``sop.verification: none``)."""
    c, key = case.c, case.c.key
    paused = case.paused_wh
    if case.hold_started is not None:  # still on hold at the end
        paused += cal.working_hours_between(case.hold_started, end)
    v_deadline = sla.verification_due(cal, case.arrived_at, deadlines, paused) if verifies else None
    if case.hold_started is not None:
        v_deadline = None  # unknown until the reporter answers
    local_route = case.route == "disposisi"
    fu_deadline = (
        sla.followup_due(cal, case.first_disposed_at, deadlines, case.c.key.urgent)
        if local_route and case.first_disposed_at is not None
        else None
    )
    completion_deadline = completed_at = None
    if local_route:
        completion_deadline = sla.completion_due(cal, case.arrived_at, key.deadline_hk, paused)
        if case.state in sla.FOLLOWED_UP:
            completed_at = case.last_followup_at
    ttfr = (
        cal.working_hours_between(case.arrived_at, case.first_response_at)
        if case.first_response_at is not None
        else None
    )
    resolved = case.resolved_at if case.state in sla.RESOLVED else None
    ttr = cal.working_days_between(case.arrived_at, resolved) if resolved is not None else None
    return CaseRecord(
        id=c.id,
        category=c.category,
        subcategory=c.subcategory,
        report_type=c.report_type,
        channel=c.channel,
        kecamatan=c.kecamatan,
        hard_kind=key.hard_kind,
        key_action=key.action,
        key_opd=key.opd,
        handled_by=case.handled_by,
        final_state=case.state,
        in_window=in_window,
        arrived_at=case.arrived_at,
        verified_at=case.verified_at,
        first_disposed_at=case.first_disposed_at,
        accepted_at=case.accepted_at,
        first_response_at=case.first_response_at,
        followup_at=case.followup_at,
        last_followup_at=case.last_followup_at,
        resolved_at=case.resolved_at,
        closed_at=case.closed_at,
        hops=case.hops,
        escalations=case.escalations,
        reply_rounds=case.rounds,
        auto_closed=case.auto_closed,
        paused_working_hours=paused,
        ttfr_working_hours=ttfr,
        ttr_working_days=ttr,
        verification_sla_met=sla.sla_met(case.verified_at, v_deadline, end),
        followup_sla_met=sla.sla_met(case.followup_at, fu_deadline, end)
        if case.first_disposed_at is not None
        else None,
        completion_sla_met=sla.sla_met(completed_at, completion_deadline, end),
    )


def case_records(sim: Simulation) -> list[CaseRecord]:
    """The flat record of every case of a finished run."""
    cal, end, warmup = sim.cal, sim.end, sim.warmup
    deadlines, verifies = sim.s.sop.deadlines, sim.mode != "none"
    return [
        record_of(
            case,
            cal=cal,
            deadlines=deadlines,
            end=end,
            in_window=warmup <= case.arrived_at < end,
            verifies=verifies,
        )
        for case in sim.cases
    ]


def _share(flags: list[bool | None]) -> float:
    known = [f for f in flags if f is not None]
    return sum(known) / len(known) if known else float("nan")


def _mean(values: list[float | None]) -> float:
    known = [v for v in values if v is not None]
    return fmean(known) if known else float("nan")


KPI_NAMES = sla.KPI_NAMES  # the table is scenarios.sla.KPIS
OPD_KPI_NAMES = sla.DESK_FIGURE_NAMES


def misrouted(hops: int, state: str) -> bool | None:
    """Whether a routed case went to a wrong door at least once (returned by an OPD, bounced by
    another tier); None while its first disposition still waits for the OPD's triage."""
    if hops > 0:
        return True
    return None if state == "terdisposisi" else False


def kpis(records: list[CaseRecord]) -> dict[str, float]:
    """The run's KPIs (see docs/planner.md for definitions) from its case records."""
    win = [r for r in records if r.in_window]
    n = len(win)
    routed = [r for r in win if r.first_disposed_at is not None or r.final_state == "diteruskan"]
    known = [r for r in routed if misrouted(r.hops, r.final_state) is not None]
    return {
        "arrivals": float(n),
        "verification_sla_met": _share([r.verification_sla_met for r in win]),
        "followup_sla_met": _share([r.followup_sla_met for r in win]),
        "completion_sla_met": _share([r.completion_sla_met for r in win]),
        "ttfr_working_hours": _mean([r.ttfr_working_hours for r in win]),
        "ttr_working_days": _mean([r.ttr_working_days for r in win]),
        "misroute_rate": _share([misrouted(r.hops, r.final_state) for r in routed]),
        "hops_per_case": _mean([float(r.hops) for r in known]),
        "forwarded_share": sum(r.final_state == "diteruskan" for r in win) / n
        if n
        else float("nan"),
        "archived_share": sum(r.final_state == "diarsipkan" for r in win) / n
        if n
        else float("nan"),
        "auto_closed_share": sum(r.auto_closed for r in win) / n if n else float("nan"),
        "escalations_per_case": _mean([float(r.escalations) for r in routed]),
        "backlog_end": float(sum(r.final_state in sla.WAITING_ON_GOVERNMENT for r in records)),
    }


def opd_kpis(sim: Simulation) -> dict[str, dict[str, float]]:
    """Per desk: arrivals in the window, mean wait (calendar hours) and effort, utilisation."""
    hours = sim.cal.working_hours_between(sim.warmup, sim.end)
    out = {}
    for code, desk in sim.desks.items():
        visits, wait_sum, waited, effort, arrivals = sim.visits[code]
        capacity = desk.officers * desk.time_share * (1 - desk.absence) * hours
        out[code] = {
            "arrivals": float(arrivals if code != VERIFY_DESK else visits),
            "wait_hours": wait_sum / visits if visits else float("nan"),
            "waited_share": waited / visits if visits else float("nan"),
            "handling_hours": effort / visits if visits else float("nan"),
            "utilization": effort / capacity if capacity > 0 else float("nan"),
        }
    return out


#: a queue "keeps growing" when each third of the run's days waits on average at least this
#: many cases more than the third before, and at least this share of the last third's mean
GROWTH_CASES, GROWTH_SHARE = 3.0, 0.25


def offered_loads(sim: Simulation) -> dict[str, float]:
    """Per desk: offered load per officer, arrivals × effort ÷ capacity (Erlang-C first guess;
    1.0 or more: the desk cannot keep up however long it runs)."""
    guesses = first_guess(sim.s)
    return {
        code: guesses[code].offered_load / desk.officers
        for code, desk in sim.desks.items()
        if code in guesses and desk.officers > 0
    }


def growing_queue(sizes: list[int]) -> tuple[float, float, float] | None:
    """The mean queue of each third of the days when it keeps growing from third to third
    (by :data:`GROWTH_CASES` and :data:`GROWTH_SHARE`), else None (also under six days)."""
    n = len(sizes)
    if n < 6:
        return None
    thirds = [sizes[i * n // 3 : (i + 1) * n // 3] for i in range(3)]
    m1, m2, m3 = (sum(t) / len(t) for t in thirds)
    step = max(GROWTH_CASES, GROWTH_SHARE * m3)
    return (m1, m2, m3) if m2 - m1 >= step and m3 - m2 >= step else None


def self_checks(sim: Simulation, records: list[CaseRecord]) -> list[str]:
    """Problems found in a finished run: flow imbalance, overloaded desks (offered load at or
    above capacity, or a queue that keeps growing). Empty = all well."""
    warnings = [sim.backlog_note] if sim.backlog_note else []
    counted = sum(sim.state_counts.values())
    if counted != len(records) or any(v < 0 for v in sim.state_counts.values()):
        warnings.append(
            f"flow balance broken: {len(records)} arrived but state counts sum to {counted}"
        )
    # the counts kept event by event must agree with the cases' own final states
    by_state = Counter(r.final_state for r in records)
    if by_state != Counter({k: v for k, v in sim.state_counts.items() if v}):
        warnings.append("flow balance broken: state counts disagree with the cases' final states")
    offered = offered_loads(sim)
    lengths = sim.queue_lengths()  # per desk, at the end of each day
    days = len(next(iter(lengths.values()), ()))
    skip = sum(1 for i in range(days) if sim.t0 + (i + 1) * 24.0 <= sim.warmup)  # warm-up days
    for code, stats in opd_kpis(sim).items():
        rho = offered.get(code, 0.0)
        if rho >= 1.0:
            warnings.append(
                f"{code}: offered load {rho:.0%} of capacity (arrivals × effort ÷ capacity): "
                "the queue grows without bound"
            )
        grows = growing_queue(list(lengths[code][skip:]))
        if grows is not None and rho < 1.0:
            m1, m2, m3 = grows
            warnings.append(
                f"{code}: the queue keeps growing ({m1:.0f} → {m2:.0f} → {m3:.0f} cases waiting, "
                "mean of each third of the run)"
            )
        if sim.desks[code].officers == 0 and stats["arrivals"] > 0:
            warnings.append(f"{code}: {stats['arrivals']:.0f} cases reached a desk with no officer")
    return warnings


# ------------------------------------------------------------------------------ chart data
#: the stages of the open caseload a planner reads, each a group of lifecycle states
#: (code, states, label_id, label_en); the first and third are the government's backlog
BACKLOG_STAGES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("verifikasi", sla.AWAITING_VERIFICATION, "Menunggu verifikasi", "Awaiting verification"),
    ("tunda", sla.ON_HOLD, "Ditunda (menunggu pelapor)", "On hold (waiting for the reporter)"),
    ("opd", sla.AT_OPD, "Di OPD (sebelum tindak lanjut)", "At the OPD (before follow-up)"),
    (
        "menunggu_warga",
        sla.AWAITING_REPORTER,
        "Ditindaklanjuti (menunggu warga)",
        "Followed up (waiting for the citizen)",
    ),
)
#: bin edges of the time-to-first-response histogram, in working hours (8 = one working day);
#: fixed so replications can be averaged bin by bin, the last bin is open (≥ 80)
TTFR_EDGES: tuple[float, ...] = (0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 24.0, 40.0, 56.0, 80.0)


def daily_backlog(sim: Simulation) -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """Open cases per stage (:data:`BACKLOG_STAGES`) at the end of each day after the warm-up:
    (ISO dates, {stage: counts})."""
    dates, stages = [], {code: [] for code, *_ in BACKLOG_STAGES}
    days = list(sim.daily)
    if len(days) < sim.days:  # the run stops at the end instant, before the last day's snapshot
        days.append(dict(sim.state_counts))
    for i, counts in enumerate(days):
        start = sim.t0 + i * 24.0
        if start < sim.warmup - 1e-9:
            continue
        dates.append(sim.cal.date_of(start).isoformat())
        for code, states, *_ in BACKLOG_STAGES:
            stages[code].append(sum(counts.get(s, 0) for s in states))
    return tuple(dates), {k: tuple(v) for k, v in stages.items()}


def ttfr_histogram(records: list[CaseRecord]) -> tuple[int, ...]:
    """Cases of the window by time to first response (working hours) in the bins of
    :data:`TTFR_EDGES`: ``[e0, e1), …, [e_last, ∞)``; cases never answered are not counted."""
    counts = [0] * len(TTFR_EDGES)
    for r in records:
        if not r.in_window or r.ttfr_working_hours is None:
            continue
        counts[max(bisect_right(TTFR_EDGES, r.ttfr_working_hours) - 1, 0)] += 1
    return tuple(counts)


def flow_balance(records: list[CaseRecord]) -> dict[str, int]:
    """arrived = closed + forwarded + archived + merged + open, as counts."""
    out = {"arrived": len(records)}
    for state in sla.CLOSED:
        out[state] = sum(r.final_state == state for r in records)
    out["open"] = len(records) - sum(out[s] for s in sla.CLOSED)
    return out


def as_rows(records: list[CaseRecord]) -> list[dict[str, Any]]:
    """Records as plain dicts, ready for CSV or sqlite-utils."""
    return [asdict(r) for r in records]
