"""Means with Student-t confidence intervals over replications, and paired differences.

No scipy: the t quantile inverts the exact closed-form distribution function of Student's t for
an integer number of degrees of freedom (Abramowitz & Stegun 26.7.3–4) by bisection, and uses the
Cornish–Fisher expansion (A&S 26.7.5) beyond 1000 degrees of freedom, where it is exact to 1e-9.

A KPI may be NaN in a replication (no case reached that step): NaNs are dropped and ``n`` says how
many replications the interval rests on. With n = 1 the mean is known but the interval is not
(NaN bounds, shown as null in JSON).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist, fmean, stdev

_SERIES_MAX_DF = 1000


def _t_central(t: float, df: int) -> float:
    """P(|T| <= t) for Student's t with ``df`` (integer) degrees of freedom, t >= 0."""
    theta = math.atan(t / math.sqrt(df))
    s, c = math.sin(theta), math.cos(theta)
    c2 = c * c
    if df % 2 == 0:
        term = total = 1.0
        for j in range(1, (df - 2) // 2 + 1):
            term *= c2 * (2 * j - 1) / (2 * j)
            total += term
        return s * total
    if df == 1:
        return 2.0 * theta / math.pi
    term = total = c
    for j in range(1, (df - 3) // 2 + 1):
        term *= c2 * (2 * j) / (2 * j + 1)
        total += term
    return 2.0 / math.pi * (theta + s * total)


def _cornish_fisher(p: float, df: float) -> float:
    x = NormalDist().inv_cdf(p)
    if math.isinf(df):
        return x
    x2 = x * x
    g1 = (x2 + 1) * x / 4
    g2 = ((5 * x2 + 16) * x2 + 3) * x / 96
    g3 = (((3 * x2 + 19) * x2 + 17) * x2 - 15) * x / 384
    g4 = ((((79 * x2 + 776) * x2 + 1482) * x2 - 1920) * x2 - 945) * x / 92160
    return x + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


@lru_cache(maxsize=256)
def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t with ``df`` degrees of freedom (an integer ≥ 1, or inf).

    ``t_quantile(0.975, 10)`` = 2.2281, the factor of a two-sided 95% interval from 11 values.
    Kept per (p, df): a summary asks for the same few quantiles a thousand times, and each is
    a bisection of some hundred steps.
    """
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be in (0, 1), got {p!r}")
    if not (math.isinf(df) or (df >= 1 and float(df).is_integer())):
        raise ValueError(f"df must be a whole number >= 1 or inf, got {df!r}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    if math.isinf(df) or df > _SERIES_MAX_DF:
        return _cornish_fisher(p, df)
    df = int(df)
    target = 2.0 * p - 1.0
    lo, hi = 0.0, 2.0
    while _t_central(hi, df) < target:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _t_central(mid, df) < target:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13 * hi:
            break
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class Interval:
    """A mean over replications with its confidence interval; ``n`` values were used."""

    mean: float
    ci95_low: float
    ci95_high: float
    n: int

    def as_dict(self) -> dict[str, float | int]:
        """The JSON shape: mean, ci95_low, ci95_high, n."""
        return {
            "mean": self.mean,
            "ci95_low": self.ci95_low,
            "ci95_high": self.ci95_high,
            "n": self.n,
        }

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies inside the interval (False when the interval is unknown)."""
        return self.ci95_low <= value <= self.ci95_high


NAN = float("nan")


def _known(values: Iterable[float | None]) -> list[float]:
    return [float(v) for v in values if v is not None and not math.isnan(v)]


def mean_ci(values: Iterable[float | None], level: float = 0.95) -> Interval:
    """Mean of the non-NaN values and its two-sided Student-t interval at ``level``.

    The field names say ci95 because 0.95 is the level everything here reports.
    """
    xs = _known(values)
    n = len(xs)
    if n == 0:
        return Interval(NAN, NAN, NAN, 0)
    mean = fmean(xs)
    if n == 1:
        return Interval(mean, NAN, NAN, 1)
    sd = stdev(xs, mean)
    half = t_quantile(0.5 + level / 2.0, n - 1) * sd / math.sqrt(n)
    return Interval(mean, mean - half, mean + half, n)


def paired_difference(
    baseline: Sequence[float | None], variant: Sequence[float | None], level: float = 0.95
) -> Interval:
    """Mean and interval of the per-replication differences ``variant - baseline``.

    Replication i of both runs used the same seed (common random numbers), so the differences
    vary far less than either run: the interval is much narrower than comparing two means. A pair
    where either value is NaN is dropped.
    """
    if len(baseline) != len(variant):
        raise ValueError(
            f"paired runs need equal replications, got {len(baseline)} and {len(variant)}"
        )
    diffs = []
    for a, b in zip(baseline, variant, strict=True):
        if a is None or b is None or math.isnan(a) or math.isnan(b):
            continue
        diffs.append(b - a)
    return mean_ci(diffs, level)
