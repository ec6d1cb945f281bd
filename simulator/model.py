"""The SimPy model of the SP4N-LAPOR! flow in one kabupaten.

One run = one scenario, one seed, a simulated period with a warm-up. Reports arrive round the
clock from the generator; the admin instansi's verification desk (or each OPD, or nobody, by SOP)
decides: hold (*tunda*), archive, merge a duplicate, forward to another tier, or dispose to an OPD
through the routing policy. A misrouted case is returned by the OPD (or bounced by the other tier)
and disposed again, counting hops; after ``sop.max_hops`` returns the coordination team routes it
right. At the OPD the liaison officer accepts (initial response), waits for coordination/field
checks, writes the *tindak lanjut* (optionally through the head's approval), and the reporter may
reply dissatisfied, reopening it; otherwise it closes itself after ``auto_close`` HK. The escalation
ladder raises a case's priority as its follow-up deadline runs out. Every rule lives in the
scenario and the shared lifecycle.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from operator import attrgetter
from typing import Any

import simpy

from scenarios import Scenario, sla
from scenarios.calendar import WorkCalendar
from scenarios.lifecycle import GOVERNMENT_STATES, TERMINAL_STATES
from scenarios.model import LOCAL_TIERS
from scenarios.model_sop import Deadlines
from scenarios.routing import RoutingCase, RoutingContext, make_policy

from .agenda import Agenda
from .desk import Desk, Job
from .dists import Sampler, sampler
from .generator import Complaint, Report, generate, reports
from .memo import shared_calendar
from .rng import CaseStream, case_streams, derive_seed

VERIFY_DESK = "VERIFIKASI"
MAX_REPLY_ROUNDS = 3
PRIORITY = {
    "normal": 0,
    "urgent": -1,
    "reminder": -2,
    "priority": -2,
    "escalate_head": -3,
    "escalate_admin": -3,
}
PRIORITY_NORMAL, PRIORITY_URGENT = PRIORITY["normal"], PRIORITY["urgent"]
_waiting = attrgetter("size")  # a desk's queue length


_frozen = False  # whether this process froze its long-lived objects (see _cyclic_gc_paused)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Hold back Python's cyclic garbage collector while a run goes on.

    A run makes millions of short-lived objects, all freed by reference counting (a run creates
    no garbage cycles), while the cases it keeps only grow; the collector, triggered by
    allocations, walks those kept cases again and again — 15–20% of a run's time for nothing.
    A finished run, though, is a web of cycles (SimPy processes, desks and their hooks) that
    only the collector frees: collecting once before pausing keeps memory flat over many runs
    in one process instead of piling up the runs already dropped. That collection would walk
    the whole process too — every module, the scenario, the shared calendars — which cost
    15–45 ms a run, a third of a small kabupaten's run; so before the first run of a process
    what lives then (imports, caches, the caller's state at that moment) is frozen out of the
    collector's sight for good (``gc.freeze``, as pre-forking servers do), and later collections
    walk only what came after.
    """
    global _frozen
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.collect()
        if not _frozen:
            gc.freeze()
            _frozen = True
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Limits:
    """The deadlines every case of a run is held to: the calendar and the HK limits."""

    __slots__ = ("cal", "deadlines")

    def __init__(self, cal: WorkCalendar, deadlines: Deadlines) -> None:
        self.cal, self.deadlines = cal, deadlines


class Case:
    """A complaint's journey through the run (mutable while the run lasts)."""

    __slots__ = (
        "c",
        "state",
        "priority",
        "hops",
        "tried",
        "desk",
        "arrived_at",
        "limits",
        "_verify_deadline",
        "paused_wh",
        "hold_started",
        "completed_hold",
        "verified_at",
        "first_disposed_at",
        "_fu_deadline",
        "accepted_at",
        "first_response_at",
        "followup_at",
        "last_followup_at",
        "resolved_at",
        "closed_at",
        "rounds",
        "escalations",
        "auto_closed",
        "handled_by",
        "job",
        "rng",
    )

    def __init__(self, c: Complaint | Report, now: float, rng: CaseStream, limits: Limits) -> None:
        self.c = c
        self.rng = rng  # this case's own stream: the same draws in every variant of a comparison
        self.state = "masuk"
        self.priority = PRIORITY_URGENT if c.key.urgent else PRIORITY_NORMAL
        self.hops = 0
        self.tried: tuple[str, ...] = ()  # offices that returned or bounced it
        self.desk: str | None = None
        self.arrived_at = now
        self.limits = limits
        self._verify_deadline: float | None = None
        self._fu_deadline: float | None = None
        self.paused_wh = 0.0
        self.hold_started: float | None = None
        self.completed_hold = False
        self.verified_at: float | None = None
        self.first_disposed_at: float | None = None
        self.accepted_at: float | None = None
        self.first_response_at: float | None = None
        self.followup_at: float | None = None
        self.last_followup_at: float | None = None
        self.resolved_at: float | None = None
        self.closed_at: float | None = None
        self.rounds = self.escalations = 0
        self.auto_closed = False
        self.handled_by: str | None = None
        self.job: Any = None  # the desk job it waits in (None once an officer took it)

    @property
    def verify_deadline(self) -> float:
        """Close of the verification limit counted from arrival, before any hold.

        Worked out when first read (most runs read it only for the case records)."""
        if self._verify_deadline is None:
            lim = self.limits
            self._verify_deadline = sla.verification_due(lim.cal, self.arrived_at, lim.deadlines)
        return self._verify_deadline

    @property
    def fu_deadline(self) -> float | None:
        """Close of the follow-up limit counted from the first disposition (None before it)."""
        if self._fu_deadline is None and self.first_disposed_at is not None:
            lim = self.limits
            self._fu_deadline = sla.followup_due(
                lim.cal, self.first_disposed_at, lim.deadlines, self.c.key.urgent
            )
        return self._fu_deadline

    @property
    def route(self) -> str:
        """The right routing action of the answer key, after any hold."""
        k = self.c.key
        if k.action == "tunda":
            assert k.then is not None  # a held report always says what comes after the hold
            return k.then
        return k.action


class RunWindowError(ValueError):
    """A run no longer than its warm-up: no day would be measured."""


def warmup_days(scenario: Scenario, days: int | None = None) -> int:
    """The warm-up of a run of ``days`` (default: the scenario's); one as long as the run or
    longer is a :class:`RunWindowError`, never silently cut."""
    n, w = days or scenario.simulation.days, scenario.simulation.warmup_days
    if w >= n:
        raise RunWindowError(
            f"the warm-up ({w} days, simulation.warmup_days) must be shorter than the run "
            f"({n} days): simulate more days or set a shorter warm-up"
        )
    return w


class Simulation:
    """One replication of a scenario; call :meth:`run`."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        *,
        policy: str | None = None,
        days: float | None = None,
        record_events: bool = False,
        given: Iterable[Complaint] | None = None,
    ) -> None:
        """``given``: run exactly these reports (in arrival order, instants of this run's
        calendar) instead of the generator's — the trainer's counterfactual replays a
        workshop's own cases."""
        self.s, self.seed = scenario, seed
        self.given = None if given is None else list(given)
        self.days = days or scenario.simulation.days
        sim_cfg = scenario.simulation
        # with a starting backlog the calendar begins earlier so old reports have real instants
        self.lead_days = sim_cfg.backlog_max_age_days if sim_cfg.backlog_cases else 0
        self.t0 = self.lead_days * 24.0
        self.end = self.t0 + self.days * 24.0
        self.warmup = self.t0 + warmup_days(scenario, self.days) * 24.0
        self.cal = shared_calendar(scenario, sim_cfg.start - timedelta(days=self.lead_days))
        self.env = simpy.Environment(initial_time=self.t0)
        self.agenda = Agenda(self.env)
        self.at = self.agenda.at  # at(t, fn, *args): call fn(*args) at instant t (not before now)
        self.backlog_note: str | None = None
        self.policy = make_policy(scenario, policy)
        self.policy_name = self.policy.name
        self.mode = scenario.sop.verification
        self.case_stream = case_streams(seed)
        deadlines = scenario.sop.deadlines
        self.limits = Limits(self.cal, deadlines)
        self.rungs = sorted(
            scenario.sop.escalation, key=lambda step: step.at
        )  # the ladder, in order
        # the SOP's and the citizens' figures the flow reads at every case, looked up once
        sop, citizen = scenario.sop, scenario.citizen
        self.max_hops: int = sop.max_hops
        self.other_tier_return: int = sop.other_tier_return
        # HK a report on hold waits for the reporter, per category (sla.clarification_days)
        self.clarification_wait = {
            code: sla.clarification_days(scenario, code) for code in scenario.categories
        }
        self.auto_deadlines: Deadlines = sop.deadlines
        self.approval_enabled: bool = sop.approval.enabled
        self.rejection_share: float = sop.approval.rejection_share
        self.reply_share: float = citizen.clarification_reply_share
        self.dissatisfied_share: float = citizen.dissatisfied_share
        self.cases: list[Case] = []
        self._upcoming: Iterator[Complaint | Report] = iter(())  # the reports still to come
        self._arrival_cb = self._arrival_due  # one bound method for every arrival
        self.state_counts: dict[str, int] = {}
        self.events: list[tuple[str, str, float, str]] | None = [] if record_events else None
        #: (case id, from state, to state, instant) of every state change, when asked for
        #: (``trace_states``): tests replay them through the lifecycle's TRANSITIONS
        self.state_trace: list[tuple[str, str, str, float]] | None = None
        self.visits: dict[
            str, list[float]
        ] = {}  # desk -> [visits, wait_sum, waited, effort_sum, arrivals]
        self.desks: dict[str, Desk] = {}
        for code, opd in scenario.opds.items():
            if opd.tier in LOCAL_TIERS:
                self.desks[code] = self._desk(
                    code, opd.officers, opd.time_share, opd.checks_per_day, opd.absence_share
                )
        if self.mode == "central":
            sop = scenario.sop
            self.desks[VERIFY_DESK] = self._desk(
                VERIFY_DESK,
                sop.verifiers,
                sop.verifier_time_share,
                sop.verifier_checks_per_day,
                0.0,
            )
        self.ctx = RoutingContext(
            scenario, queue_length=lambda code: self.desks[code].size if code in self.desks else 0.0
        )
        self.local = frozenset(c for c, o in scenario.opds.items() if o.tier in LOCAL_TIERS)
        self.needs_text = bool(getattr(self.policy, "reads_text", False))
        # a policy that always picks the key's office and draws nothing needs no call per case
        self.always_right = bool(getattr(self.policy, "always_right", False))
        self.daily: list[dict[str, int]] = []
        # jobs waiting per desk at each day's end, in the order of ``desks`` (see queue_daily)
        self._queue_sizes: list[tuple[int, ...]] = []
        self._samplers(scenario)
        # cases waiting on the government now, and the time-weighted number of them over the
        # window, accumulated at change instants only: a change of +1 at instant t adds
        # (end - t) to the area, as if it stayed to the end, and a later -1 takes the rest off
        self.gov_open = 0
        self.gov_area = 0.0

    # ----------------------------------------------------------------- set-up
    def _samplers(self, s: Scenario) -> None:
        """The scenario's durations as ready samplers: effort per (desk, job kind), coordination
        per desk, and the reporter's and the head's delays."""
        self.effort_of: dict[tuple[str, str], Sampler] = {}
        for code in self.desks:
            if code == VERIFY_DESK:
                self.effort_of[code, "verify"] = sampler(s.sop.verification_handling)
                continue
            opd = s.opds[code]
            self.effort_of[code, "triage"] = sampler(opd.triage)
            self.effort_of[code, "answer"] = sampler(opd.handling)
            # decentralised SOP: each OPD verifies what reaches it with the verifiers' effort
            self.effort_of[code, "verify"] = sampler(s.sop.verification_handling)
        self.coordination = {
            code: sampler(s.opds[code].coordination) for code in self.desks if code != VERIFY_DESK
        }
        self.clarification_delay = sampler(s.citizen.clarification_reply_delay)
        self.dissatisfied_delay = sampler(s.citizen.dissatisfied_delay)
        self.approval_delay = sampler(s.sop.approval.delay)

    def _desk(self, code: str, officers: int, share: float, checks: int, absence: float) -> Desk:
        self.visits[code] = [0, 0.0, 0, 0.0, 0]
        return Desk(
            self.env,
            self.cal,
            code,
            officers=officers,
            time_share=share,
            checks_per_day=checks,
            absence_share=absence,
            seed=derive_seed(self.seed, "absence", code),
            on_start=self._on_start,
            on_done=self._on_done,
        )

    def run(self) -> Simulation:
        """Simulate the whole period; returns self for chaining."""
        self.env.timeout(0).callbacks.append(self._open)
        self.agenda.at(self.t0 + 24.0, self._snapshot)
        with _cyclic_gc_paused():
            self.env.run(until=self.end)
        return self

    def _open(self, _event: simpy.Event) -> None:
        """The first instant: today's backlog arrives, then the new reports one by one."""
        for old in self._backlog():
            self._arrive(old)
        self._upcoming = iter(self._reports())
        self._next_arrivals()

    def _next_arrivals(self) -> None:
        """Let in the reports due now and wait for the next one: a timeout carrying it, whose
        callback lets it in (no SimPy process to resume per report)."""
        env, t0 = self.env, self.t0
        now = env.now  # callbacks run at one instant
        for c in self._upcoming:
            t = t0 + c.arrived_at
            if t > now:
                env.timeout(t - now, c).callbacks.append(self._arrival_cb)
                return
            self._arrive(c)

    def _arrival_due(self, event: simpy.Event) -> None:
        self._arrive(event.value)
        self._next_arrivals()

    def _reports(self) -> Iterator[Complaint | Report]:
        """The run's new reports in arrival order; full complaints only when routing reads text."""
        if self.given is not None:
            return iter(self.given)
        if self.needs_text:
            return generate(self.s, self.seed, days=self.days, with_text=True)
        return reports(self.s, self.seed, days=self.days)

    def _backlog(self) -> list[Complaint]:
        """Today's backlog: reports of the preceding days still waiting, with their real ages."""
        want = self.s.simulation.backlog_cases
        if not want:
            return []
        start = self.s.simulation.start - timedelta(days=self.lead_days)
        pool = list(
            generate(
                self.s,
                derive_seed(self.seed, "backlog"),
                days=self.lead_days,
                with_text=self.needs_text,
                start=start,
            )
        )
        rng = random.Random(derive_seed(self.seed, "backlog", "pick"))
        chosen = sorted(rng.sample(pool, min(want, len(pool))), key=lambda c: c.seq)
        if len(chosen) < want:
            self.backlog_note = (
                f"starting backlog limited to {len(chosen)} reports: the load of "
                f"{self.lead_days} days before the start holds no more"
            )
        ids = {c.id: f"LAMA-{i + 1:05d}" for i, c in enumerate(chosen)}
        out = []
        for i, c in enumerate(chosen):
            original = c.key.duplicate_of
            key = replace(c.key, duplicate_of=ids.get(original, original) if original else original)
            if c.key.action == "duplikat" and c.key.duplicate_of not in ids:
                key = replace(
                    key,
                    action="disposisi" if c.key.opd in self.local else "bukan_wewenang",
                    duplicate_of=None,
                    hard_kind="biasa",
                )
            out.append(replace(c, id=ids[c.id], seq=-(i + 1), key=key))
        return out

    def _snapshot(self) -> None:
        """The state counts and queue lengths at the end of a day (see ``daily``), then again a
        day later."""
        self.daily.append(dict(self.state_counts))
        self._queue_sizes.append(tuple(map(_waiting, self.desks.values())))
        self.agenda.at(self.env.now + 24.0, self._snapshot)

    @property
    def queue_daily(self) -> list[dict[str, int]]:
        """Jobs waiting per desk at the end of each day (recorded as bare numbers: the day's
        snapshot is the one thing the run does every day, busy or not)."""
        codes = tuple(self.desks)
        return [dict(zip(codes, sizes, strict=True)) for sizes in self._queue_sizes]

    def queue_lengths(self) -> dict[str, tuple[int, ...]]:
        """Jobs waiting at each desk at the end of each day, desk by desk."""
        if not self._queue_sizes:
            return {code: () for code in self.desks}
        return dict(zip(self.desks, zip(*self._queue_sizes, strict=True), strict=True))

    # ----------------------------------------------------------------- helpers
    def log(self, case: Case, activity: str, resource: str) -> None:
        if self.events is not None:
            self.events.append((case.c.id, activity, self.env.now, resource))

    def _gov_change(self, delta: int, now: float) -> None:
        """``delta`` cases start (or stop) waiting on the government at ``now``."""
        self.gov_open += delta
        if now < self.end:
            self.gov_area += delta * (self.end - (now if now > self.warmup else self.warmup))

    def mean_open_in_window(self) -> float:
        """Time-average number of cases waiting on the government between warm-up and end (of
        a finished run: a change counts as lasting to the end until a later one undoes it)."""
        return self.gov_area / (self.end - self.warmup)

    def trace_states(self) -> Simulation:
        """Record every state change in :attr:`state_trace` (call before :meth:`run`)."""
        self.state_trace = []
        return self

    def set_state(self, case: Case, state: str) -> None:
        was = case.state
        if self.state_trace is not None:
            self.state_trace.append((case.c.id, was, state, self.env.now))
        gov = state in GOVERNMENT_STATES
        if gov is not (was in GOVERNMENT_STATES):
            self._gov_change(1 if gov else -1, self.env.now)
        counts = self.state_counts
        counts[was] -= 1
        counts[state] = counts.get(state, 0) + 1
        case.state = state
        if state in TERMINAL_STATES:
            case.closed_at = now = self.env.now
            if case.resolved_at is None:
                case.resolved_at = now
            # closed for good: nothing more is drawn for it, and a run keeps every case (one
            # object fewer per case for memory and for the collector after the run)
            del case.rng

    def respond(self, case: Case) -> None:
        if case.first_response_at is None:
            case.first_response_at = self.env.now

    def days_to_hours(self, working_days: float) -> float:
        return working_days * self.cal.hours_per_working_day

    # ----------------------------------------------------------------- desks
    def _on_start(self, desk: Desk, job: Job, now: float) -> float:
        """An officer takes up a job: count a queued job's wait, draw the effort (working hours).
        A follow-on job the same officer takes straight on never queued: its effort counts, it is
        no second visit."""
        v = self.visits[desk.code]
        queued = job.queued_at
        if queued is not None and self.warmup <= queued < self.end:
            wait = now - queued
            v[0] += 1
            v[1] += wait
            v[2] += wait > 1e-9
        if self.events is not None:
            self.log(job.case, f"mulai_{job.kind}", desk.code)
        effort = self.effort_of[desk.code, job.kind](job.case.rng)
        if self.warmup <= now < self.end:
            v[3] += effort
        return effort

    def _on_done(self, desk: Desk, job: Job) -> Job | None:
        case = job.case
        if self.events is not None:
            self.log(case, job.kind, desk.code)
        if job.kind == "verify":
            self._decide(case, desk.code)
            return None
        if job.kind == "triage":
            return self._triage(case, desk)
        return self._answered(case, desk)

    def _queue(self, case: Case, code: str, kind: str) -> None:
        case.desk = code
        if kind == "triage" and self.warmup <= self.env.now < self.end:
            self.visits[code][4] += 1
        self.desks[code].put(Job(case, kind))

    # ----------------------------------------------------------------- flow
    def _arrive(self, c: Complaint | Report) -> None:
        now = self.env.now
        arrived = c.arrived_at if c.seq < 0 else now  # backlog reports keep their age
        case = Case(c, arrived, self.case_stream(c.seq), self.limits)
        self.cases.append(case)
        self.state_counts["masuk"] = self.state_counts.get("masuk", 0) + 1
        self._gov_change(1, now)
        if self.events is not None:
            self.log(case, "masuk", c.channel)
        self._to_verification(case)

    def _to_verification(self, case: Case) -> None:
        if self.mode == "central":
            self._queue(case, VERIFY_DESK, "verify")
        elif self.mode == "decentralised":
            self._queue(case, self._entry_desk(case), "verify")
        else:
            self._decide(case, None)

    def _entry_desk(self, case: Case) -> str:
        """Decentralised SOP: the OPD the reporter addressed, or the first local handler."""
        c = case.c
        if case.tried and case.desk in self.local:
            return case.desk
        if c.chosen_agency in self.local:
            return c.chosen_agency
        return (self.ctx.handlers(c.chosen_subcategory, c.kecamatan) or sorted(self.local))[0]

    def _decide(self, case: Case, at_desk: str | None) -> None:
        """The verification decision on a report (first time or after completion/return)."""
        key = case.c.key
        action = key.action
        if action == "tunda":
            if not case.completed_hold:
                return self._hold(case)
            action = case.route
        if action in ("arsipkan", "duplikat"):
            case.verified_at = self.env.now
            self.respond(case)
            self.set_state(case, "diarsipkan" if action == "arsipkan" else "digabung")
            return None
        return self._route(case, at_desk)

    def _route(self, case: Case, at_desk: str | None) -> None:
        key, now = case.c.key, self.env.now
        if case.verified_at is None:
            case.verified_at = now
        if (
            at_desk is not None
            and at_desk in self.local
            and (at_desk == key.opd or at_desk in key.acceptable)
        ):
            return self._dispose(case, at_desk, direct=True)
        if at_desk is not None and at_desk in self.local and self.mode == "decentralised":
            case.hops += 1  # the report came to the wrong door and is passed on
            case.tried += (at_desk,)
        target = key.opd
        assert target is not None  # only reports with a right owner are routed
        if case.hops >= self.max_hops or self.always_right:
            dest = target  # the coordination team settles ping-pong (or the policy is perfect)
        else:
            c = case.c
            text = f"{c.title}\n{c.body}" if self.needs_text and isinstance(c, Complaint) else ""
            rc = RoutingCase(
                c.subcategory,
                c.kecamatan,
                c.chosen_subcategory,
                c.chosen_agency,
                text,
                target,
                key.acceptable,
                case.tried,
            )
            dest = self.policy.choose(rc, self.ctx, case.rng)
        if dest in self.local:
            return self._dispose(case, dest)
        if case.route == "bukan_wewenang" and (dest == key.opd or dest in key.acceptable):
            self.respond(case)
            self.log(case, "diteruskan", dest)
            self.set_state(case, "diteruskan")
            return None
        # wrongly forwarded: the other tier sends it back after its own delay
        case.hops += 1
        case.tried += (dest,)
        self.respond(case)
        self.log(case, "diteruskan_keliru", dest)
        back = self.cal.deadline_working_days(now, self.other_tier_return)
        self.set_state(case, "dikembalikan")
        self.at(back, self._to_verification_again, case)
        return None

    def _to_verification_again(self, case: Case) -> None:
        case.priority = min(case.priority, PRIORITY["priority"])
        self._to_verification(case)

    def _dispose(self, case: Case, dest: str, direct: bool = False) -> None:
        now = self.env.now
        self.set_state(case, "terdisposisi")
        if self.events is not None:
            self.log(case, "disposisi", dest)
        if case.first_disposed_at is None:
            case.first_disposed_at = now
            if self.rungs:
                self._schedule_escalation(case, now)
        if direct:
            case.desk = dest
            if self.warmup <= now < self.end:
                self.visits[dest][4] += 1
            self._accept(case, self.desks[dest])
            return
        self._queue(case, dest, "triage")

    def _schedule_escalation(self, case: Case, start: float) -> None:
        if self.rungs:
            deadline = case.fu_deadline
            assert deadline is not None  # set from the first disposition, which starts the ladder
            self._set_rung(case, start, self.cal.working_hours_between(start, deadline), 0)

    def _set_rung(self, case: Case, start: float, budget: float, k: int) -> None:
        """Set the timer of rung ``k`` only; it sets the next one when it fires (a case answered
        in time costs one timer, not one per rung)."""
        at = self.rungs[k].at
        t = self.cal.add_working_hours(start, at * budget) if at > 0 else start
        self.at(t, self._escalate, case, start, budget, k)

    def _escalate(self, case: Case, start: float, budget: float, k: int) -> None:
        if case.followup_at is not None or case.state in TERMINAL_STATES:
            return  # answered or closed for good: no later rung would act either
        action = self.rungs[k].action
        case.escalations += 1
        case.priority = min(case.priority, PRIORITY[action])
        if self.events is not None:
            self.log(case, f"eskalasi_{action}", case.desk or "")
        if case.desk in self.desks and case.job is not None:
            self.desks[case.desk].reprioritise(case.job)
        if k + 1 < len(self.rungs):
            self._set_rung(case, start, budget, k + 1)

    def _hold(self, case: Case) -> None:
        now = self.env.now
        self.set_state(case, "ditunda")
        self.respond(case)
        case.hold_started = now
        expiry = self.cal.deadline_working_days(now, self.clarification_wait[case.c.category])
        if self.reply_share > 0 and case.rng.random() < self.reply_share:
            reply = now + self.clarification_delay(case.rng)
            if reply < expiry:
                self.at(reply, self._completed, case)
                return
        self.at(expiry, self._hold_expired, case)

    def _end_hold(self, case: Case) -> None:
        started = case.hold_started
        assert started is not None  # only a held case ends a hold
        case.paused_wh += self.cal.working_hours_between(started, self.env.now)
        case.hold_started = None

    def _completed(self, case: Case) -> None:
        self._end_hold(case)
        case.completed_hold = True
        self.set_state(case, "masuk")
        self.log(case, "lengkapi", "pelapor")
        case.priority = min(case.priority, PRIORITY["priority"])
        self._to_verification(case)

    def _hold_expired(self, case: Case) -> None:
        self._end_hold(case)
        case.verified_at = self.env.now
        self.log(case, "kedaluwarsa", "sistem")
        self.set_state(case, "diarsipkan")

    def _triage(self, case: Case, desk: Desk) -> Job | None:
        key = case.c.key
        if desk.code == key.opd or desk.code in key.acceptable:
            return self._accept(case, desk)
        self.set_state(case, "dikembalikan")
        self.log(case, "kembalikan", desk.code)
        case.hops += 1
        case.tried += (desk.code,)
        case.priority = min(case.priority, PRIORITY["priority"])
        if self.mode == "central":
            self._queue(case, VERIFY_DESK, "verify")
        else:
            self._route(case, None)
        return None

    def _accept(self, case: Case, desk: Desk) -> Job | None:
        now = self.env.now
        self.set_state(case, "diproses")
        case.accepted_at = now
        case.handled_by = desk.code
        if case.first_response_at is None:  # respond(case), at the busiest step written out
            case.first_response_at = now
        wait_days = self.coordination[desk.code](case.rng)
        if wait_days <= 0:
            return Job(case, "answer")  # nothing to coordinate: the same officer writes the answer
        self.at(
            self.cal.add_working_hours(now, self.days_to_hours(wait_days)),
            self._queue,
            case,
            desk.code,
            "answer",
        )
        return None

    def _answered(self, case: Case, desk: Desk) -> Job | None:
        if self.approval_enabled:
            back = self.cal.add_working_hours(
                self.env.now, self.days_to_hours(self.approval_delay(case.rng))
            )
            self.at(back, self._approved, case, desk.code)
            return None
        self._post(case)
        return None

    def _approved(self, case: Case, code: str) -> None:
        if case.rng.random() < self.rejection_share:
            self.log(case, "revisi", code)
            self._queue(case, code, "answer")
        else:
            self._post(case)

    def _post(self, case: Case) -> None:
        now = self.env.now
        self.set_state(case, "ditindaklanjuti")
        if self.events is not None:
            self.log(case, "tindak_lanjut", case.desk or "")
        if case.followup_at is None:
            case.followup_at = now
        case.last_followup_at = case.resolved_at = now
        close_at = sla.auto_close_due(self.cal, now, self.auto_deadlines)
        if (
            self.dissatisfied_share > 0
            and case.rounds < MAX_REPLY_ROUNDS
            and case.rng.random() < self.dissatisfied_share
        ):
            reply = now + self.dissatisfied_delay(case.rng)
            if reply < close_at:
                self.at(reply, self._reopened, case)
                return
        self.at(close_at, self._auto_close, case)

    def _reopened(self, case: Case) -> None:
        case.rounds += 1
        self.set_state(case, "ditanggapi_pelapor")
        self.log(case, "balas", "pelapor")
        desk = case.desk
        assert desk is not None  # a reopened case goes back to the desk that answered it
        self._queue(case, desk, "answer")

    def _auto_close(self, case: Case) -> None:
        case.auto_closed = True
        resolved = case.resolved_at
        if self.events is not None:
            self.log(case, "selesai_otomatis", "sistem")
        self.set_state(case, "selesai")
        case.resolved_at = resolved
