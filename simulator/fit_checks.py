"""How often an OPD opens the app, read from the clustering of its action times in the day.

An officer who checks k times a working day looks at evenly spread moments of office time
(docs/model.md): at the fractions 0, 1/k, … (k−1)/k of the day's office hours. Whatever it does
at a check (accept or return a disposition) is done a little after that moment. So the *phase*
of each action — the share of the day's office hours gone by — sits a little after a multiple of
1/k. With s = frac(phase × k), the delay since the latest check as a share of the interval, the
model for a candidate k is a truncated exponential on [0, 1):

    log L_k = Σ [log u − u·s_i − log(1 − e^(−u))],   u ≥ 0 fitted by maximum likelihood,

which is 0 for u = 0: evenly spread actions, an officer who watches continuously (k = 0). The
chosen k maximises log L_k − 1 (AIC: one parameter more than continuous watching); a k that
divides into the true one's checks wastes half its windows and loses n·log 2 or so, a smaller one
sees actions spread over its interval. The interval is the set of k whose log-likelihood is within
1.92 of the best (the profile-likelihood 95% region). Several officers at one desk shift their
checks by i/n of an interval, so the desk's k is officers × each officer's checks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from scenarios.calendar import WorkCalendar

MAX_CHECKS = 12


@dataclass(frozen=True)
class Checks:
    """The desk's checks per day (0 = continuously), its 95% set as (low, high), the actions used."""

    per_day: int
    interval: tuple[int, int]
    n: int
    note: str


def phase(cal: WorkCalendar, t: float) -> tuple[float, float] | None:
    """(share of the day's office hours gone by at ``t``, that day's office hours), or None
    outside office hours."""
    intervals = cal.office_intervals(cal.date_of(t))
    if not intervals or t < intervals[0][0] or t > intervals[-1][1]:
        return None
    hours = sum(b - a for a, b in intervals)
    worked = sum(max(0.0, min(b, t) - a) for a, b in intervals)
    return worked / hours, hours


def check_grid_wait(cal: WorkCalendar, t: float, k: int) -> float:
    """Working hours from ``t`` to the next of k evenly spread checks (0 for k = 0)."""
    if k <= 0:
        return 0.0
    p = phase(cal, t)
    if p is None:
        return 0.0  # outside office hours: the first check is at the next opening
    share, hours = p
    return (math.ceil(share * k - 1e-9) / k - share) * hours


def _loglik(s: list[float]) -> float:
    """The truncated-exponential log-likelihood of delays ``s`` in [0, 1), maximised over u."""
    m = sum(s) / len(s)
    if m >= 0.5 - 1e-9:
        return 0.0

    def mean_of(u: float) -> float:
        return 1 / u - 1 / math.expm1(u)

    lo, hi = 1e-9, 1e4
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if mean_of(mid) > m:
            lo = mid
        else:
            hi = mid
    u = math.sqrt(lo * hi)
    return sum(math.log(u) - u * x - math.log(-math.expm1(-u)) for x in s)


def estimate_checks(cal: WorkCalendar, instants: Iterable[float]) -> Checks:
    """The desk's checks per day from the instants of its actions (accept, return)."""
    phases = [p[0] for t in instants if (p := phase(cal, t)) is not None]
    n = len(phases)
    if n < 5:
        return Checks(0, (0, MAX_CHECKS), n, "too few actions in office hours to see checks")
    ll = {0: 0.0}
    for k in range(1, MAX_CHECKS + 1):
        ll[k] = _loglik([(x * k) % 1.0 for x in phases])
    penalty = 0.5 * math.log(n)
    score = {k: v - (penalty if k else 0) for k, v in ll.items()}
    best = max(score, key=lambda k: (score[k], -k))
    near = [k for k, v in ll.items() if v >= ll[best] - 1.92]
    runner = max((v for k, v in ll.items() if k != best), default=0.0)
    note = f"log-likelihood {ll[best]:.1f} against {runner:.1f} for the next best"
    return Checks(best, (min(near), max(near)), n, note)
