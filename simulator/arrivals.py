"""Arrival instants of reports: a non-homogeneous Poisson process, piecewise constant by hour.

Exact time-rescaling: an Exp(1) budget is spent against the integrated intensity hour by hour, so
the cost is one step per hour plus one per arrival. The sub-category of an arrival is drawn in
proportion to the sub-category rates of that day (surges change them by day only). A day's rates
are worked out once per intensity and shared by every run that reads it (see simulator.memo).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from datetime import date, timedelta

from scenarios.intensity import Intensity

from .memo import per_object

# cumulative sub-category rates and their total, under one day's surge factors
_Mix = tuple[list[float], float]
# a day's rates: its mix, and (hour, rate) of each hour with arrivals
_Day = tuple[list[float], float, tuple[tuple[int, float], ...]]


@per_object
def _tables(intensity: Intensity) -> tuple[dict[date, _Day], dict[tuple[float, ...], _Mix]]:
    """The rates of each day read so far, and the mix under each set of surge factors (filled
    as runs read days)."""
    return {}, {}


def _day(intensity: Intensity, day: date, by_factors: dict[tuple[float, ...], _Mix]) -> _Day:
    factors = intensity.surge_factors(day)
    if factors not in by_factors:
        rates = [r * f for r, f in zip(intensity.base_rates, factors, strict=True)]
        cum = list(itertools.accumulate(rates))
        by_factors[factors] = (cum, cum[-1] if cum else 0.0)
    cum, total = by_factors[factors]
    day_rate = total * intensity.day_factor(day)
    hours = tuple((h, day_rate * hf) for h, hf in enumerate(intensity.hourly) if day_rate * hf > 0)
    return cum, total, hours


def arrivals(
    intensity: Intensity, start: date, days: int, rng: random.Random
) -> Iterator[tuple[float, str]]:
    """(hours since local midnight of ``start``, sub-category code) in time order."""
    subs = intensity.subcategories
    table, by_factors = _tables(intensity)
    budget = rng.expovariate(1.0)
    for k in range(days):
        day = start + timedelta(days=k)
        rates = table.get(day)
        if rates is None:
            rates = table[day] = _day(intensity, day, by_factors)
        cum, total, hours = rates
        if total <= 0:
            continue
        for h, rate in hours:
            if budget > rate:  # no arrival this hour (rate × (1 - 0) is rate, to the bit)
                budget -= rate
                continue
            used = 0.0  # fraction of this hour already passed
            while budget <= rate * (1.0 - used):
                used += budget / rate
                budget = rng.expovariate(1.0)
                i = bisect.bisect_right(cum, rng.random() * total)
                yield (k * 24 + h + used, subs[min(i, len(subs) - 1)])
            budget -= rate * (1.0 - used)
