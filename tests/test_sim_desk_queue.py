"""A desk's queue: most urgent first, first come first served within a priority — also for jobs
whose case was escalated while waiting (simulator/desk.py, ``Lane``)."""

from __future__ import annotations

import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.calendar import WorkCalendar
from simulator.desk import Desk, Job


class _Case:
    def __init__(self, priority: int) -> None:
        self.priority = priority
        self.job: Job | None = None


def _desk() -> Desk:
    """A desk with no officers: only its queue is exercised."""
    from datetime import date

    env = simpy.Environment()
    cal = WorkCalendar(office_hours={}, always_open=True, origin=date(2026, 1, 5))
    return Desk(
        env,
        cal,
        "X",
        officers=0,
        time_share=1.0,
        checks_per_day=0,
        absence_share=0.0,
        seed=1,
        on_start=lambda d, j, n: 0.0,
        on_done=lambda d, j: None,
    )


# an operation: ("put", priority) | ("escalate", which waiting job, new priority) | ("take",)
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("put"), st.integers(-3, 0)),
        st.tuples(st.just("escalate"), st.integers(0, 50), st.integers(-3, 0)),
        st.tuples(st.just("take")),
    ),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(OPS)
def test_the_queue_serves_jobs_in_priority_then_queueing_order(ops):
    """Against the plain definition: the smallest (priority now, order of queueing) first."""
    desk = _desk()
    waiting: list[Job] = []  # the reference: jobs not yet taken
    for op in ops:
        if op[0] == "put":
            job = Job(_Case(op[1]), "answer")
            desk.put(job)
            waiting.append(job)
        elif op[0] == "escalate" and waiting:
            job = waiting[op[1] % len(waiting)]
            new = min(job.case.priority, op[2])  # the model only ever raises urgency
            job.case.priority = new
            desk.reprioritise(job)
        elif op[0] == "take":
            expected = min(waiting, key=lambda j: (j.case.priority, j.seq), default=None)
            got = desk.take()
            assert got is expected
            if got is not None:
                waiting.remove(got)
                assert got.taken
        assert desk.size == len(waiting)
    while waiting:  # and the rest come out in order too
        expected = min(waiting, key=lambda j: (j.case.priority, j.seq))
        assert desk.take() is expected
        waiting.remove(expected)
    assert desk.take() is None


def test_an_escalated_job_goes_before_newer_jobs_of_its_new_priority_but_after_older_ones():
    desk = _desk()
    jobs = [Job(_Case(p), "answer") for p in (0, -2, 0, -2)]  # queued in this order
    for job in jobs:
        desk.put(job)
    jobs[2].case.priority = -2  # the third job's case is escalated while it waits
    desk.reprioritise(jobs[2])
    served = [desk.take() for _ in range(4)]
    assert served == [jobs[1], jobs[2], jobs[3], jobs[0]]
