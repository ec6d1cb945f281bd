"""Erlang C (the M/M/c queue) and a first guess of officers per desk from a scenario.

Erlang C is the textbook oracle: Poisson arrivals at rate λ, c officers each serving at rate μ,
first come first served. The probability of waiting C(c, a) for offered load a = λ/μ comes from
the Erlang B recursion B(k) = a·B(k−1) / (k + a·B(k−1)), which never overflows (no factorials),
and C = c·B / (c − a·(1 − B)). For λ = 9/h, μ = 1/h, c = 10: P(wait) = Wq = 0.669 h and
P(W ≤ 0.25 h) = 0.479.

:func:`first_guess` turns a scenario into one M/M/c queue per desk (see docs/planner.md,
"The Erlang-C first guess"): yearly arrivals reaching the desk, effort per case, office hours of
the calendar, time share and absence give λ and μ in working hours; the wait threshold is the
desk's share of its deadline. It sees app-check batches only through their mean delay and
ignores the triage of misrouted cases at the wrong OPD; the simulation-guided search in
:func:`simulator.staffing.staffing` corrects it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scenarios import Scenario
from scenarios.authority import object_weights, objects_of, resolve_office
from scenarios.intensity import intensity_of
from scenarios.model import LOCAL_TIERS
from scenarios.timebase import calendar_for

from .memo import per_scenario
from .model import VERIFY_DESK

MAX_SERVERS = 10_000


def erlang_b(a: float, c: int) -> float:
    """Blocking probability of c servers with offered load a (Erlang B), by stable recursion."""
    if a < 0 or c < 0:
        raise ValueError(f"need a >= 0 and c >= 0, got a={a!r}, c={c!r}")
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def wait_probability(a: float, c: int) -> float:
    """Erlang C: probability that an arrival waits, for offered load a = λ/μ and c servers.

    1.0 when the queue is unstable (a ≥ c).
    """
    if c <= 0 or a >= c:
        return 1.0
    if a == 0:
        return 0.0
    b = erlang_b(a, c)
    return c * b / (c - a * (1.0 - b))


def mean_wait(lam: float, mu: float, c: int) -> float:
    """Mean wait in queue Wq = C / (cμ − λ) (same time unit as 1/λ); inf when unstable."""
    if lam == 0:
        return 0.0
    if c <= 0 or lam >= c * mu:
        return math.inf
    return wait_probability(lam / mu, c) / (c * mu - lam)


def service_level(lam: float, mu: float, c: int, t: float) -> float:
    """P(W ≤ t): share of arrivals that start service within t, 1 − C·exp(−(cμ − λ)t)."""
    if lam == 0:
        return 1.0
    if c <= 0 or lam >= c * mu:
        return 0.0
    return 1.0 - wait_probability(lam / mu, c) * math.exp(-(c * mu - lam) * t)


def servers_needed(lam: float, mu: float, t: float, target: float, *, minimum: int = 1) -> int:
    """Smallest c ≥ ``minimum`` with λ/(cμ) < 1 and P(W ≤ t) ≥ ``target``."""
    if mu <= 0:
        raise ValueError(f"service rate must be positive, got {mu!r}")
    c = max(minimum, math.floor(lam / mu) + 1 if lam > 0 else minimum)
    while c < MAX_SERVERS and service_level(lam, mu, c, t) < target:
        c += 1
    return c


@dataclass(frozen=True)
class DeskGuess:
    """The Erlang-C view of one desk: its load, threshold and the officers it suggests."""

    code: str
    arrivals_per_year: float  # expected cases reaching the desk in a year
    effort_hours: float  # officer effort per case, working hours
    arrival_rate: float  # λ, cases per working hour
    service_rate: float  # μ per officer, cases per working hour (time share and absence included)
    offered_load: float  # a = λ/μ, officers busy on average
    threshold_hours: float  # wait allowed per queue visit, working hours (≤ 0: deadline-bound)
    officers: int  # the guess
    service_level: float  # P(W ≤ threshold) with that many officers
    note: str = ""

    @property
    def utilization(self) -> float:
        """Offered load per officer at the guess."""
        return self.offered_load / self.officers if self.officers else math.nan


def _guess(
    code: str,
    per_year: float,
    effort: float,
    hours_per_year: float,
    share: float,
    absence: float,
    threshold: float,
    target: float,
) -> DeskGuess:
    lam = per_year / hours_per_year if hours_per_year > 0 else 0.0
    mu = share * (1.0 - absence) / effort if effort > 0 else math.inf
    a = lam / mu if math.isfinite(mu) else 0.0
    note = ""
    if math.isinf(mu):
        c, level = 1, 1.0
    elif threshold <= 0:
        # the deadline is spent before any queueing: more officers cannot buy it back
        c = servers_needed(lam, mu, 0.0, 0.0)
        level = service_level(lam, mu, c, 0.0)
        note = "deadline-bound: coordination, effort and check intervals alone use up the deadline"
    else:
        c = servers_needed(lam, mu, threshold, target)
        level = service_level(lam, mu, c, threshold)
    return DeskGuess(code, per_year, effort, lam, mu, a, threshold, c, level, note)


def first_guess(scenario: Scenario, target: float = 0.9) -> dict[str, DeskGuess]:
    """Officers per local OPD (and verifiers, as ``VERIFIKASI``) from Erlang C (see
    :func:`_first_guess`; worked out once per scenario: every run's self-check reads it)."""
    return dict(_first_guess(scenario, target))


@per_scenario
def _first_guess(scenario: Scenario, target: float) -> dict[str, DeskGuess]:
    """Officers per local OPD (and verifiers, as ``VERIFIKASI``) from Erlang C.

    A desk's guess is the smallest c with a/c < 1 whose P(W ≤ threshold) reaches ``target``,
    at least 1. The OPD threshold is its share of the follow-up deadline: the deadline in working
    hours minus mean coordination time, minus the effort stretched by the time share, minus half a
    check interval per queue visit (the mean wait for the next app check), split over the visits
    (triage, then the answer). The verifier's threshold is the verification deadline minus its
    stretched effort and half a check interval.
    """
    s, load = scenario, scenario.load
    cal = calendar_for(s)
    h_day = cal.hours_per_working_day
    hours_per_year = cal.working_hours_between(0.0, 365 * 24.0)
    it = intensity_of(s)
    per_sub = it.expected_per_subcategory(s.simulation.start, 365)
    subs = {code: sub for cat in s.categories.values() for code, sub in cat.subcategories.items()}
    lost = load.duplicate_share + load.out_of_scope_share
    lost += load.incomplete_share * (1.0 - s.citizen.clarification_reply_share)
    reach = max(0.0, 1.0 - lost)
    local = {c: o for c, o in s.opds.items() if o.tier in LOCAL_TIERS}
    per_opd = dict.fromkeys(local, 0.0)
    kecamatan = list(s.region.kecamatan)
    for code, n in per_sub.items():
        sub = subs[code]
        for obj_code, share in object_weights(s, sub):
            obj = objects_of(sub)[obj_code]
            for kec in kecamatan:  # reports come evenly from the kecamatan [as the generator draws]
                office = resolve_office(s, obj.owner, kec, obj.fallback)
                if office in local:  # another tier's authority: forwarded, no local work
                    per_opd[office] += n * reach * share / len(kecamatan)
    rounds = 1.0 + s.citizen.dissatisfied_share
    if s.sop.approval.enabled:
        rounds /= max(1e-9, 1.0 - s.sop.approval.rejection_share)
    decentral = s.sop.verification == "decentralised"
    out: dict[str, DeskGuess] = {}
    for code, opd in local.items():
        effort = opd.triage.mean + opd.handling.mean * rounds
        if decentral:
            effort += s.sop.verification_handling.mean
        visits = 2 if opd.coordination.mean > 0 else 1
        interval = h_day / opd.checks_per_day / 2 if opd.checks_per_day else 0.0
        budget = (s.sop.deadlines.followup - opd.coordination.mean) * h_day
        budget -= (opd.triage.mean + opd.handling.mean) / opd.time_share + visits * interval
        out[code] = _guess(
            code,
            per_opd[code],
            effort,
            hours_per_year,
            opd.time_share,
            opd.absence_share,
            budget / visits,
            target,
        )
    if s.sop.verification == "central":
        total = sum(per_sub.values())
        routed = sum(per_opd.values()) / total if total else 0.0
        accuracy = 1.0 if s.routing.policy == "perfect" else s.routing.accuracy
        per_year = total * (
            1.0
            + load.incomplete_share * s.citizen.clarification_reply_share
            + (1.0 - accuracy) * routed
        )
        sop = s.sop
        effort = sop.verification_handling.mean
        interval = h_day / sop.verifier_checks_per_day / 2 if sop.verifier_checks_per_day else 0.0
        budget = sop.deadlines.verification * h_day - effort / sop.verifier_time_share - interval
        out[VERIFY_DESK] = _guess(
            VERIFY_DESK,
            per_year,
            effort,
            hours_per_year,
            sop.verifier_time_share,
            0.0,
            budget,
            target,
        )
    return out
