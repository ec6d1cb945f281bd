"""The run's timers in one heap: "at instant t, call f(case)" without a SimPy event per timer.

Most of a case's future is a timer that may never matter (an escalation rung for a case answered
in time, the auto-close after a *tindak lanjut*). A SimPy timeout per timer costs an event, a
callback and a closure each; here a timer is one heap entry, and SimPy is woken only when the
earliest timer changes. Timers due at the same instant fire in the order they were set, as
SimPy's own timeouts would.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush
from typing import Any

import simpy


class Agenda:
    """Timers of one run, kept in a heap and fired by SimPy wake-ups."""

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self._timers: list[tuple[float, int, Callable[..., Any], tuple[Any, ...]]] = []
        self._count = 0  # timers set so far: the tie-breaker that keeps setting order
        self._wakes: list[float] = []  # instants of the SimPy wake-ups already scheduled

    def __len__(self) -> int:
        return len(self._timers)

    def at(self, t: float, fn: Callable[..., Any], *args: Any) -> None:
        """Call ``fn(*args)`` at instant ``t`` (now, if ``t`` has passed)."""
        now = self.env.now
        if t < now:
            t = now
        self._count += 1
        heappush(self._timers, (t, self._count, fn, args))
        if not self._wakes or t < self._wakes[0]:
            self._wake_at(t)

    def _wake_at(self, t: float) -> None:
        heappush(self._wakes, t)
        self.env.timeout(t - self.env.now).callbacks.append(self._fire)

    def _fire(self, _event: simpy.Event) -> None:
        """Fire every timer that is due (also those set while firing), then sleep again."""
        heappop(self._wakes)
        now, timers = self.env.now, self._timers
        while timers and timers[0][0] <= now:
            _, _, fn, args = heappop(timers)
            fn(*args)
        if timers and (not self._wakes or timers[0][0] < self._wakes[0]):
            self._wake_at(timers[0][0])
