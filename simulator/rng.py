"""Randomness enters through one seed; every stream gets its own generator derived from it.

Replication *i* of a run with seed *s* uses ``derive_seed(s, "rep", i)``; inside a run each stream
(arrivals, attributes, text, handling, routing, citizens) has its own generator, so that changing
one part of a scenario does not shift the random numbers of the others (common random numbers).

Each case of a run has a stream of its own (see :func:`case_streams`). A run creates tens of
thousands of them, so they are :class:`CaseStream` objects (a 128-bit Lehmer generator behind the
``random.Random`` API) rather than Mersenne Twisters, whose seeding alone costs about 10 µs.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from math import exp, log, sqrt
from typing import Any, TypeVar

T = TypeVar("T")
_MASK64 = (1 << 64) - 1
_MASK128 = (1 << 128) - 1
_GAMMA = 0x9E3779B97F4A7C15  # SplitMix64's increment: 2**64 / golden ratio, odd
_LEHMER = 0xDA942042E4DD58B5  # multiplier of the 128-bit Lehmer generator (Lemire's lehmer64)
_TO_UNIT = 1.0 / (1 << 53)
_NV_MAGICCONST = 4 * exp(-0.5) / sqrt(2.0)  # random.NV_MAGICCONST, the same expression


def derive_seed(seed: int, *labels: object) -> int:
    """A 63-bit seed determined by ``seed`` and the labels, stable across Python versions."""
    text = "/".join([str(int(seed)), *map(str, labels)]).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") >> 1


def stream(seed: int, *labels: object) -> random.Random:
    """A generator for one named stream of one seed."""
    return random.Random(derive_seed(seed, *labels))


def _mix64(z: int) -> int:
    """SplitMix64's finaliser: a bijection of 64-bit integers that scrambles every bit."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def _start_state(z: int) -> int:
    """A stream's 128-bit starting state from a 64-bit seed: odd, as a Lehmer generator needs."""
    return (_mix64(z) << 64) | z | 1


_Random = random.Random  # its Python-level methods are borrowed below
_randbelow: Callable[[Any, int], int] = random.Random._randbelow_with_getrandbits  # type: ignore[attr-defined]


class CaseStream:
    """A light random stream with ``random.Random``'s methods: a 128-bit Lehmer
    (multiplicative congruential) generator, the top 53 bits of each state as the next float.

    This generator passes BigCrush (Lemire, "lehmer64"); its period is 2**126, so streams
    started at scrambled points never meet in practice. Only ``random()`` and ``getrandbits()``
    are new: the distribution methods (``choice``, ``gammavariate``, ``sample`` …) are
    ``random.Random``'s own code run on them, so the draws follow the same distributions as with
    the default generator, from a different sequence (``normalvariate``, ``lognormvariate`` and
    ``expovariate`` are written out below with the step inlined, to the same values).

    It is not a ``random.Random`` subclass on purpose: every instance of one carries a
    Mersenne Twister's 2.5 kB state, and a run makes one stream per case — allocating those
    was a tenth of a textbook case. An instance here is two attributes (slots: no dict each).
    """

    __slots__ = ("_state", "gauss_next")
    _state: int
    gauss_next: float | None

    def __init__(self, seed: int = 0, *, state: int = 0) -> None:
        """A stream seeded with ``seed``, or started at a 128-bit ``state`` (odd) as given."""
        if state:
            self._state, self.gauss_next = state, None
        else:
            self.seed(seed)

    def seed(self, a: object = 0, version: int = 2) -> None:
        """Restart the stream from ``a`` (an integer; other values are hashed to one).

        The 128-bit starting state is the scrambled seed above the seed itself, made odd (a
        Lehmer generator needs an odd state for its full period)."""
        self._state = _start_state((a if isinstance(a, int) else derive_seed(0, a)) & _MASK64)
        self.gauss_next = None

    def random(self) -> float:
        """The next float, uniform on [0, 1) with 53 random bits."""
        self._state = s = (self._state * _LEHMER) & _MASK128
        return (s >> 75) * _TO_UNIT

    # The two distributions the model draws most — the normal under every lognormal effort and
    # the exponential — as ``random.Random`` computes them (the same arithmetic on the same
    # uniforms, pinned by tests/test_sim_rng.py), with the generator's step inlined: a method
    # call per uniform was a third of a lognormal draw.
    def normalvariate(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        """Normal distribution by Kinderman and Monahan's ratio method, as ``random.Random``."""
        s = self._state
        while True:
            s = (s * _LEHMER) & _MASK128
            u1 = (s >> 75) * _TO_UNIT
            s = (s * _LEHMER) & _MASK128
            u2 = 1.0 - (s >> 75) * _TO_UNIT
            z = _NV_MAGICCONST * (u1 - 0.5) / u2
            zz = z * z / 4.0
            if zz <= -log(u2):
                break
        self._state = s
        return mu + z * sigma

    def lognormvariate(self, mu: float, sigma: float) -> float:
        """Log normal distribution, as ``random.Random``: ``exp`` of a normal draw."""
        return exp(self.normalvariate(mu, sigma))

    def expovariate(self, lambd: float = 1.0) -> float:
        """Exponential distribution of rate ``lambd``, as ``random.Random``."""
        self._state = s = (self._state * _LEHMER) & _MASK128
        return -log(1.0 - (s >> 75) * _TO_UNIT) / lambd

    def getrandbits(self, k: int) -> int:
        """An integer of ``k`` random bits, 64 (the state's top half) per step."""
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        out, have = 0, 0
        while have < k:
            self._state = s = (self._state * _LEHMER) & _MASK128
            out |= (s >> 64) << have
            have += 64
        return out >> (have - k)

    def getstate(self) -> tuple[Any, ...]:
        return self._state, self.gauss_next

    def setstate(self, state: tuple[Any, ...]) -> None:
        self._state, self.gauss_next = state

    # random.Random's own methods, run on this stream (they need only random, getrandbits and
    # _randbelow, which random.Random picks the same way for a class defining both)
    def _randbelow(self, n: int) -> int:
        return _randbelow(self, n)

    def choice(self, seq: Sequence[T]) -> T:
        return _Random.choice(self, seq)  # type: ignore[arg-type]

    def choices(
        self, population: Sequence[T], weights: Any = None, *, cum_weights: Any = None, k: int = 1
    ) -> list[T]:
        return _Random.choices(self, population, weights, cum_weights=cum_weights, k=k)  # type: ignore[arg-type]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        return _Random.randrange(self, start, stop, step)  # type: ignore[arg-type]

    def randint(self, a: int, b: int) -> int:
        return _Random.randint(self, a, b)  # type: ignore[arg-type]

    def sample(self, population: Sequence[T], k: int, *, counts: Any = None) -> list[T]:
        return _Random.sample(self, population, k, counts=counts)  # type: ignore[arg-type]

    def shuffle(self, x: list[Any]) -> None:
        _Random.shuffle(self, x)  # type: ignore[arg-type]

    def uniform(self, a: float, b: float) -> float:
        return _Random.uniform(self, a, b)  # type: ignore[arg-type]

    def triangular(self, low: float = 0.0, high: float = 1.0, mode: Any = None) -> float:
        return _Random.triangular(self, low, high, mode)  # type: ignore[arg-type]

    def gammavariate(self, alpha: float, beta: float) -> float:
        return _Random.gammavariate(self, alpha, beta)  # type: ignore[arg-type]

    def gauss(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        return _Random.gauss(self, mu, sigma)  # type: ignore[arg-type]


def case_streams(seed: int) -> Callable[[int], CaseStream]:
    """The per-case streams of a run with ``seed``: case number → its own stream.

    The same (seed, number) always gives the same stream, whatever else the run does, so every
    variant of a comparison hands case 17 the very same draws (common random numbers). The seed
    is hashed once per run; case numbers are spread over the generator's cycle by SplitMix64's
    scrambler instead of a hash per case.
    """
    base = derive_seed(seed, "case")
    new = object.__new__

    def for_case(number: int) -> CaseStream:
        # _start_state(z) written out (a stream per case: two calls fewer, the same state)
        z = (base + number * _GAMMA) & _MASK64
        m = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        m = ((m ^ (m >> 27)) * 0x94D049BB133111EB) & _MASK64
        case_stream = new(CaseStream)
        case_stream._state = ((m ^ (m >> 31)) << 64) | z | 1
        case_stream.gauss_next = None
        return case_stream

    return for_case
