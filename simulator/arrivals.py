"""Arrival instants of reports: a non-homogeneous Poisson process, piecewise constant by hour.

Exact time-rescaling: an Exp(1) budget is spent against the integrated intensity hour by hour, so
the cost is one step per hour plus one per arrival. The sub-category of an arrival is drawn in
proportion to the sub-category rates of that day (surges change them by day only).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from datetime import date, timedelta

from scenarios.intensity import Intensity


def arrivals(
    intensity: Intensity, start: date, days: int, rng: random.Random
) -> Iterator[tuple[float, str]]:
    """(hours since local midnight of ``start``, sub-category code) in time order."""
    subs = intensity.subcategories
    cache: dict[tuple[float, ...], tuple[list[float], float]] = {}
    budget = rng.expovariate(1.0)
    for k in range(days):
        day = start + timedelta(days=k)
        factors = intensity.surge_factors(day)
        if factors not in cache:
            rates = [r * f for r, f in zip(intensity.base_rates, factors, strict=True)]
            cum = list(itertools.accumulate(rates))
            cache[factors] = (cum, cum[-1] if cum else 0.0)
        cum, total = cache[factors]
        if total <= 0:
            continue
        day_rate = total * intensity.day_factor(day)
        for h, hf in enumerate(intensity.hourly):
            rate = day_rate * hf
            if rate <= 0:
                continue
            used = 0.0  # fraction of this hour already passed
            while budget <= rate * (1.0 - used):
                used += budget / rate
                budget = rng.expovariate(1.0)
                i = bisect.bisect_right(cum, rng.random() * total)
                yield (k * 24 + h + used, subs[min(i, len(subs) - 1)])
            budget -= rate * (1.0 - used)
