"""What every run of one scenario in a process shares, worked out once per scenario.

A planner's comparison runs the same scenario tens of times in each worker process. Its working
calendar (holidays looked up, office hours laid out), its arrival intensity and its Erlang-C first
guess are the same in every run; worked out again per run they cost a tenth of a small
kabupaten's run. Scenarios are frozen but hold mappings, so they are not hashable:
:func:`per_scenario` knows a scenario by the digest of its pickled form (worked out once per
scenario object), so copies of one scenario, and scenarios loaded alike, share. A worker process
unpickles each scenario it is sent once (:func:`received`), with its digest already known.
:func:`per_object` keeps what is worked out from such a shared object (the days of a calendar or
an intensity) as long as that object lives, by identity.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from scenarios import Scenario
from scenarios.calendar import WorkCalendar
from scenarios.intensity import Intensity, intensity_of
from scenarios.timebase import calendar_for

T = TypeVar("T")
_KEEP = 16  # scenarios (with their arguments) kept per memoised function


def per_object(fn: Callable[..., T]) -> Callable[..., T]:
    """Memoise ``fn(obj, *args)`` while ``obj`` lives (by its identity, then by args)."""
    cache: dict[int, tuple[weakref.ref[Any], dict[tuple[Any, ...], T]]] = {}

    @functools.wraps(fn)
    def shared(obj: Any, *args: Any) -> T:
        key = id(obj)
        entry = cache.get(key)
        if entry is None or entry[0]() is not obj:
            entry = (weakref.ref(obj, lambda _ref: cache.pop(key, None)), {})
            cache[key] = entry
        values = entry[1]
        if args not in values:
            values[args] = fn(obj, *args)
        return values[args]

    return shared


_digests: dict[int, tuple[weakref.ref[Any], bytes]] = {}


def digest(scenario: Scenario) -> bytes:
    """What a scenario says, as a digest of its pickled form: the copies a worker receives of
    one scenario, and scenarios loaded alike, pickle alike. (An equal scenario whose objects are
    shared differently may pickle otherwise: it then merely misses the cache.) Worked out once
    per scenario object."""
    entry = _digests.get(id(scenario))
    if entry is not None and entry[0]() is scenario:
        return entry[1]
    return _remember(scenario, digest_of(pickle.dumps(scenario, protocol=5)))


def digest_of(pickled: bytes) -> bytes:
    """The :func:`digest` of a scenario pickled as ``pickled`` (protocol 5)."""
    return hashlib.blake2b(pickled, digest_size=16).digest()


def _remember(scenario: Scenario, value: bytes) -> bytes:
    key = id(scenario)
    _digests[key] = (weakref.ref(scenario, lambda _ref: _digests.pop(key, None)), value)
    return value


def packed(scenario: Scenario) -> tuple[bytes, bytes]:
    """A scenario as it travels to a worker process: (its digest, its pickled form)."""
    pickled = pickle.dumps(scenario, protocol=5)
    return _remember(scenario, digest_of(pickled)), pickled


_received: OrderedDict[bytes, Scenario] = OrderedDict()


def received(key: bytes, pickled: bytes) -> Scenario:
    """The scenario :func:`packed` as (``key``, ``pickled``), unpickled once per process: every
    task of it that this worker runs gets the same object, whose digest is known."""
    scenario = _received.get(key)
    if scenario is None:
        scenario = _received[key] = pickle.loads(pickled)  # noqa: S301 - from our own parent
        _remember(scenario, key)
        if len(_received) > _KEEP:
            _received.popitem(last=False)
    else:
        _received.move_to_end(key)
    return scenario


def per_scenario(fn: Callable[..., T]) -> Callable[..., T]:
    """Memoise ``fn(scenario, *args)`` for the scenarios of the last few experiments, known by
    their :func:`digest`, so the copies a worker process receives share one value."""
    cache: OrderedDict[tuple[Any, ...], T] = OrderedDict()

    @functools.wraps(fn)
    def shared(scenario: Scenario, *args: Any) -> T:
        key = (digest(scenario), *args)
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        value = cache[key] = fn(scenario, *args)
        if len(cache) > _KEEP:
            cache.popitem(last=False)
        return value

    return shared


def shared_calendar(scenario: Scenario, origin: date) -> WorkCalendar:
    """The scenario's working calendar from ``origin``, one object for every run of this thread
    (it extends its day tables lazily, which two threads must not do at once; what it answers
    never changes)."""
    return _calendar(scenario, origin, threading.get_ident())


@per_scenario
def _calendar(scenario: Scenario, origin: date, _thread: int) -> WorkCalendar:
    return calendar_for(scenario, origin)


@per_scenario
def shared_intensity(scenario: Scenario) -> Intensity:
    """The scenario's arrival intensity, one object for every run."""
    return intensity_of(scenario)
