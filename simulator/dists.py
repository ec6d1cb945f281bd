"""Drawing durations from the scenario's distribution declarations."""

from __future__ import annotations

import math
from collections.abc import Callable

from scenarios import Dist
from scenarios.draws import Draws

Sampler = Callable[[Draws], float]  # takes random.Random or a case's own stream


def sample(d: Dist, rng: Draws) -> float:
    """One value of ``d`` (same unit as the field holding it), clipped to [min, max]."""
    return sampler(d)(rng)


def sampler(d: Dist) -> Sampler:
    """A function drawing values of ``d`` from a generator: the distribution's parameters are
    worked out once, not at every draw (the model draws a duration at every desk visit)."""
    draw = _draw(d)
    floor, ceiling = max(d.min, 0.0), d.max
    if _constant(d):
        value = d.mean if d.mean > floor else floor
        value = value if ceiling is None or value < ceiling else ceiling
        return lambda rng: value
    if floor == 0.0 and ceiling is None and d.dist in _NOT_NEGATIVE:
        return draw  # nothing to clip: no call around the draw

    def one(rng: Draws) -> float:
        x = draw(rng)
        x = x if x > floor else floor
        return x if ceiling is None or x < ceiling else ceiling

    return one


_NOT_NEGATIVE = frozenset({"exponential", "lognormal", "gamma"})  # draws never below 0


def _constant(d: Dist) -> bool:
    """Whether ``d`` always gives its mean."""
    return d.dist == "fixed" or d.mean == 0 or (d.dist != "exponential" and d.cv == 0)


def _draw(d: Dist) -> Sampler:
    """The unclipped draw of ``d``."""
    mean, cv, kind = d.mean, d.cv, d.dist
    if _constant(d):
        return lambda rng: mean
    if kind == "exponential":
        rate = 1.0 / mean
        return lambda rng: rng.expovariate(rate)
    if kind == "lognormal":
        s2 = math.log1p(cv * cv)
        mu, sigma = math.log(mean) - s2 / 2, math.sqrt(s2)
        return lambda rng: rng.lognormvariate(mu, sigma)
    if kind == "gamma":
        shape = 1.0 / (cv * cv) if cv * cv > 0 else math.inf
        scale = mean / shape
        if not math.isfinite(shape) or scale <= 0:  # a cv so small its square (or the shape
            return lambda rng: mean  # beyond it) under- or overflows: no spread
        return lambda rng: rng.gammavariate(shape, scale)
    if kind == "uniform":
        half = mean * cv * math.sqrt(3)
        return lambda rng: rng.uniform(mean - half, mean + half)
    if kind == "triangular":
        half = mean * cv * math.sqrt(6)
        return lambda rng: rng.triangular(mean - half, mean + half, mean)
    raise ValueError(f"unknown distribution {kind!r}")  # the loader only admits the kinds above
