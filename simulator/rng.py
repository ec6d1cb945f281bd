"""Randomness enters through one seed; every stream gets its own generator derived from it.

Replication *i* of a run with seed *s* uses ``derive_seed(s, "rep", i)``; inside a run each stream
(arrivals, attributes, text, handling, routing, citizens) has its own generator, so that changing
one part of a scenario does not shift the random numbers of the others (common random numbers).
"""

from __future__ import annotations

import hashlib
import random


def derive_seed(seed: int, *labels: object) -> int:
    """A 63-bit seed determined by ``seed`` and the labels, stable across Python versions."""
    text = "/".join([str(int(seed)), *map(str, labels)]).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") >> 1


def stream(seed: int, *labels: object) -> random.Random:
    """A generator for one named stream of one seed."""
    return random.Random(derive_seed(seed, *labels))
