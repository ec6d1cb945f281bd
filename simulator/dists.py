"""Drawing durations from the scenario's distribution declarations."""

from __future__ import annotations

import math
import random

from scenarios import Dist


def sample(d: Dist, rng: random.Random) -> float:
    """One value of ``d`` (same unit as the field holding it), clipped to [min, max]."""
    mean, cv = d.mean, d.cv
    kind = d.dist
    if kind == "fixed" or mean == 0:
        x = mean
    elif kind == "exponential":
        x = rng.expovariate(1.0 / mean)
    elif cv == 0:
        x = mean
    elif kind == "lognormal":
        s2 = math.log1p(cv * cv)
        x = rng.lognormvariate(math.log(mean) - s2 / 2, math.sqrt(s2))
    elif kind == "gamma":
        shape = 1.0 / (cv * cv)
        x = rng.gammavariate(shape, mean / shape)
    elif kind == "uniform":
        half = mean * cv * math.sqrt(3)
        x = rng.uniform(mean - half, mean + half)
    elif kind == "triangular":
        half = mean * cv * math.sqrt(6)
        x = rng.triangular(mean - half, mean + half, mean)
    else:  # the loader only admits the kinds above
        raise ValueError(f"unknown distribution {kind!r}")
    x = max(x, d.min, 0.0)
    return min(x, d.max) if d.max is not None else x

