"""The run's timers: "at instant t, call f(case)" without a SimPy event per timer.

Most of a case's future is a timer that may never matter (an escalation rung for a case answered
in time, the auto-close after a *tindak lanjut*). A SimPy timeout per timer costs an event, a
callback and a closure each; here a timer is one entry, and SimPy is woken only when the
earliest timer changes. Timers due at the same instant fire in the order they were set, as
SimPy's own timeouts would.

Most timers are a deadline counted from now (the auto-close, the other tier's return), so they
are mostly set in the order of their instants: such a timer — one not earlier than the last
one queued so — joins a first-in-first-out lane at no cost; only a timer that would jump that
lane goes into a heap, and the two are read in (instant, setting order). A heap of every timer
cost a sift through a few thousand entries for each timer set and fired.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from heapq import heappop, heappush
from typing import Any

import simpy

_Timer = tuple[float, int, Callable[..., Any], tuple[Any, ...]]  # (instant, setting order, f, args)


class Agenda:
    """Timers of one run, kept in an in-order lane and a heap, fired by SimPy wake-ups."""

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self._lane: deque[_Timer] = deque()  # timers set in the order of their instants
        self._timers: list[_Timer] = []  # the others, in a heap
        self._count = 0  # timers set so far: the tie-breaker that keeps setting order
        self._wakes: list[float] = []  # instants of the SimPy wake-ups already scheduled
        self._fire_cb = self._fire  # one bound method for every wake-up

    def __len__(self) -> int:
        return len(self._lane) + len(self._timers)

    def at(self, t: float, fn: Callable[..., Any], *args: Any) -> None:
        """Call ``fn(*args)`` at instant ``t`` (now, if ``t`` has passed)."""
        now = self.env.now
        if t < now:
            t = now
        self._count += 1
        lane = self._lane
        if not lane or t >= lane[-1][0]:
            lane.append((t, self._count, fn, args))
        else:
            heappush(self._timers, (t, self._count, fn, args))
        if not self._wakes or t < self._wakes[0]:
            self._wake_at(t)

    def _wake_at(self, t: float) -> None:
        heappush(self._wakes, t)
        self.env.timeout(t - self.env.now).callbacks.append(self._fire_cb)

    def _fire(self, _event: simpy.Event) -> None:
        """Fire every timer that is due (also those set while firing), in (instant, setting
        order) across the lane and the heap, then sleep again."""
        heappop(self._wakes)
        now, lane, timers = self.env.now, self._lane, self._timers
        while True:
            if timers and timers[0][0] <= now and (not lane or timers[0] < lane[0]):
                _, _, fn, args = heappop(timers)
            elif lane and lane[0][0] <= now:
                _, _, fn, args = lane.popleft()
            else:
                break
            fn(*args)
        if lane:
            first = lane[0][0] if not timers or lane[0][0] < timers[0][0] else timers[0][0]
        elif timers:
            first = timers[0][0]
        else:
            return
        if not self._wakes or first < self._wakes[0]:
            self._wake_at(first)
