"""A desk: a queue worked by officers who keep office hours and check it a few times a day.

- Officers with ``checks_per_day`` k > 0 open the app k times per working day, at evenly spread
  moments of office time (officer *i* of *n* shifted by i/n of the interval), and work through the
  cases queued at that moment; cases arriving meanwhile wait for the next check (batches).
- With k = 0 an officer watches continuously and starts as soon as a case waits and the office is
  open (the textbook M/M/c server).
- Effort is in working hours and is stretched by the officer's ``time_share`` (an officer at 25%
  needs four working hours of elapsed office time for one hour of complaint work). Work in
  progress at closing time pauses and resumes at the next opening (the "resume" policy); nights,
  weekends and holidays do not count.
- Each working day an officer is away with probability ``absence_share`` and does not check.
- The queue is ordered by priority (escalated and urgent cases first), then first come first served.
"""

from __future__ import annotations

import bisect
import heapq
from collections import deque
from collections.abc import Callable, Generator
from datetime import timedelta
from typing import Any

import simpy

from scenarios.calendar import WorkCalendar

from .memo import per_object
from .rng import derive_seed


class Job:
    """One piece of work of a case at a desk: what to do and since when it waits in the queue
    (None for a follow-on job an officer takes straight on, which never queued: not a visit)."""

    __slots__ = ("case", "kind", "queued_at", "seq", "taken")

    def __init__(self, case: Any, kind: str) -> None:
        self.case, self.kind = case, kind
        self.queued_at: float | None = None
        self.seq = 0
        self.taken = False


class Lane:
    """The jobs queued at one priority, first come first served.

    New jobs arrive in queue order and are appended; a job moved here by a change of priority
    may be older than some already waiting, so it waits in a small heap beside them, and
    :meth:`head` serves whichever of the two is older. Entries of jobs taken meanwhile, or
    moved to another priority, are skipped when reached (lazy deletion)."""

    __slots__ = ("level", "fresh", "moved")

    def __init__(self, level: int) -> None:
        self.level = level
        self.fresh: deque[Job] = deque()
        self.moved: list[tuple[int, Job]] = []

    def head(self) -> Job | None:
        """Remove and return the oldest job still waiting at this priority, if any."""
        fresh, moved, level = self.fresh, self.moved, self.level
        while fresh:
            job = fresh[0]
            if job.taken or job.case.priority != level:
                fresh.popleft()
            else:
                break
        while moved:
            job = moved[0][1]
            if job.taken or job.case.priority != level:
                heapq.heappop(moved)
            else:
                break
        if moved and (not fresh or moved[0][0] < fresh[0].seq):
            return heapq.heappop(moved)[1]
        if fresh:
            return fresh.popleft()
        return None


@per_object
def _schedules(
    cal: WorkCalendar, officers: int, checks: int
) -> tuple[dict[tuple[int, int], list[float]], dict[int, list[tuple[float, int]]]]:
    """When a desk of ``officers`` checking ``checks`` times a day looks, filled as days are
    read: the same for every such desk on this calendar, in every run that shares it."""
    return {}, {}


class Desk:
    """A queue and its officers. The model's hooks: ``on_start(desk, job, now)`` returns the
    job's effort in working hours; ``on_done(desk, job)`` may hand the officer a follow-up job."""

    def __init__(
        self,
        env: simpy.Environment,
        cal: WorkCalendar,
        code: str,
        *,
        officers: int,
        time_share: float,
        checks_per_day: int,
        absence_share: float,
        seed: int,
        on_start: Callable[[Desk, Job, float], float],
        on_done: Callable[[Desk, Job], Job | None],
    ) -> None:
        self.env, self.cal, self.code = env, cal, code
        self.officers, self.time_share = officers, time_share
        self.checks, self.absence = checks_per_day, absence_share
        self.seed, self.on_start, self.on_done = seed, on_start, on_done
        self.lanes: dict[int, Lane] = {}  # priority -> its jobs (may hold stale entries)
        self.levels: list[int] = []  # the priorities with a lane, most urgent (lowest) first
        self.size = 0  # jobs waiting
        self.waiting: list[tuple[int, simpy.Event]] = []  # idle officers
        self.counter = 0
        self._away: dict[tuple[int, int], bool] = {}
        # (officer, day) -> check instants, and day -> (instant, officer) of all of them
        self._checks, self._desk_schedule = _schedules(cal, officers, checks_per_day)
        self.fast = cal.always_open and absence_share == 0
        # officers who watch continuously and are always there (the textbook server) need no
        # process each: a job starts the moment one of them is free (see _serve)
        self.always_there = self.fast and checks_per_day == 0
        self.idle = officers if self.always_there else 0
        self._served_cb = self._served  # one bound method for every effort's end
        if not self.always_there:
            for i in range(officers):
                env.process(self._continuous(i) if checks_per_day == 0 else self._batches(i))

    def put(self, job: Job) -> None:
        """Queue a job now and wake the idle officer who will look soonest."""
        self.counter += 1
        job.queued_at, job.seq = self.env.now, self.counter
        if self.idle and not self.size:  # an officer always there is free: no queue to join
            self.idle -= 1
            job.taken = True
            self._serve(job)
            return
        job.case.job = job  # an escalation while it waits re-sorts it (reprioritise)
        self._lane(job.case.priority).fresh.append(job)
        self.size += 1
        self._wake()

    def _wake(self) -> None:
        if not self.waiting:
            return
        if self.checks == 0:
            self.waiting.pop()[1].succeed()
            return
        if len(self.waiting) == 1:
            self.waiting.pop()[1].succeed()
            return
        idle = {officer: i for i, (officer, _) in enumerate(self.waiting)}
        day = self.cal.day_index(self.env.now)
        now = self.env.now + 1e-9
        while True:
            schedule = self._desk_checks(day)
            for k in range(bisect.bisect_right(schedule, (now, -1)), len(schedule)):
                officer = schedule[k][1]
                if officer in idle:
                    self.waiting.pop(idle[officer])[1].succeed()
                    return
            day += 1

    def _desk_checks(self, day: int) -> list[tuple[float, int]]:
        """Every officer's checks on a day, in time order."""
        if day not in self._desk_schedule:
            self._desk_schedule[day] = sorted(
                (t, i) for i in range(self.officers) for t in self._day_checks(i, day)
            )
        return self._desk_schedule[day]

    def _lane(self, level: int) -> Lane:
        lane = self.lanes.get(level)
        if lane is None:
            lane = self.lanes[level] = Lane(level)
            bisect.insort(self.levels, level)
        return lane

    def take(self) -> Job | None:
        """The most urgent waiting job, first come first served within a priority, or None."""
        if not self.size:
            return None
        lanes = self.lanes
        for level in self.levels:
            job = lanes[level].head()
            if job is not None:
                job.taken = True
                job.case.job = None  # taken: nothing to re-sort, and no cycle left to collect
                self.size -= 1
                return job
        return None

    def reprioritise(self, job: Job) -> None:
        """A waiting job's case changed priority: queue it again at the new rank, in the
        place its queueing time gives it there.

        The old entry stays in its lane and is skipped when reached (lazy deletion)."""
        if not job.taken:
            heapq.heappush(self._lane(job.case.priority).moved, (job.seq, job))

    def away(self, officer: int, day: int) -> bool:
        """Whether an officer is away on a day index (drawn once per officer and day)."""
        if self.absence <= 0:
            return False
        key = (officer, day)
        if key not in self._away:
            # a draw fixed by (desk, officer, day): the same absences in every variant
            self._away[key] = derive_seed(self.seed, officer, day) / 2**63 < self.absence
        return self._away[key]

    def next_check(self, officer: int, now: float) -> float:
        """The officer's first check instant strictly after ``now``."""
        day = self.cal.day_index(now)
        while True:
            for t in self._day_checks(officer, day):
                if t > now + 1e-9:
                    return t
            day += 1

    def _day_checks(self, officer: int, day: int) -> list[float]:
        key = (officer, day)
        if key not in self._checks:
            date = self.cal.origin + timedelta(days=day)
            intervals = self.cal.office_intervals(date) if self.cal.is_working_day(date) else []
            out = []
            if intervals:
                hours = sum(b - a for a, b in intervals)
                start = intervals[0][0]
                for j in range(self.checks):
                    offset = (j + officer / max(self.officers, 1)) / self.checks * hours
                    out.append(self.cal.add_working_hours(start, offset) if offset > 0 else start)
            self._checks[key] = out
        return self._checks[key]

    def _work(self, job: Job | None) -> Generator[simpy.Event, Any, None]:
        """Work a job and whatever follow-up job the model hands back, one after the other."""
        env = self.env
        while job is not None:
            now = env.now
            effort = self.on_start(self, job, now)
            if effort > 0:
                elapsed = effort / self.time_share
                end = now + elapsed if self.fast else self.cal.add_working_hours(now, elapsed)
                yield env.timeout(end - now)
            job = self.on_done(self, job)

    def _serve(self, job: Job | None) -> None:
        """An officer always there works ``job``, what the model hands back after it, then the
        queue, until it is empty: no process, just a timeout with a callback per effort."""
        env = self.env
        while True:
            while job is not None:
                now = env.now
                effort = self.on_start(self, job, now)
                if effort > 0:
                    # the very instant a working officer's process would reach (now + elapsed)
                    done = env.timeout(now + effort / self.time_share - now, job)
                    done.callbacks.append(self._served_cb)
                    return
                job = self.on_done(self, job)
            job = self.take()
            if job is None:
                self.idle += 1
                return

    def _served(self, event: simpy.Event) -> None:
        self._serve(self.on_done(self, event.value))

    def _sleep(self, officer: int) -> simpy.Event:
        ev = self.env.event()
        self.waiting.append((officer, ev))
        return ev

    def _continuous(self, officer: int) -> Generator[simpy.Event, Any, None]:
        env, cal = self.env, self.cal
        while True:
            while not self.size:
                yield self._sleep(officer)
            if not self.fast:
                t = cal.next_open(env.now)
                if t > env.now:
                    yield env.timeout(t - env.now)
                    continue
                if self.away(officer, cal.day_index(env.now)):
                    yield env.timeout((cal.day_index(env.now) + 1) * 24.0 - env.now)
                    continue
            job = self.take()
            if job is not None:
                yield from self._work(job)

    def _batches(self, officer: int) -> Generator[simpy.Event, Any, None]:
        env = self.env
        while True:
            if not self.size:  # nothing to see: sleep until a case comes (saves idle checks)
                yield self._sleep(officer)
            t = self.next_check(officer, env.now)
            yield env.timeout(t - env.now)
            if self.away(officer, self.cal.day_index(t)):
                continue
            for _ in range(self.size):  # the cases waiting at this check
                job = self.take()
                if job is None:
                    break
                if self.size:
                    self._wake()  # more waiting: a sleeping colleague looks at their next check
                yield from self._work(job)
