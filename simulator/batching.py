"""How replications are handed to worker processes: costliest first, a few at a time.

Handing out a task costs something whatever its size (a message each way, a wake-up of the
process that hands them out; on Dask a round through the scheduler), so a small kabupaten's
runs of 40–60 ms go out a few of one scenario at a time. The last tasks of a run must be small,
or one worker finishes a long one while the others have nothing left: tasks go out costliest
first, and each batch holds at most a quarter of the work left per worker (guided
self-scheduling), so the last batches are single cheap runs. A task's cost is estimated from
its reports; it only orders and groups the tasks, so results do not depend on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from scenarios import Scenario
from scenarios.routing import REGISTRY

from .budget import reports_per_run


class Task(Protocol):
    """What batching reads of a replication task (``simulator.runner.Task`` has it)."""

    @property
    def scenario(self) -> Scenario: ...
    @property
    def policy(self) -> str | None: ...
    @property
    def days(self) -> int | None: ...


#: a run whose routing reads each report's text costs this many runs that do not (the text is
#: written and read: Sanggau at 300–500 reports a year took 0.55–0.95 s a run, 0.06–0.09 s
#: without)
TEXT_COST = 10.0
#: the most work in one batch, in reports (about 0.3 s here: Sanggau's ~250 reports a year
#: run in 40–60 ms); a task costlier than this goes out alone
BATCH_COST = 1500.0
#: each batch holds at most this share of the work left per worker
SHARE_LEFT = 0.25


def cost(task: Task) -> float:
    """A task's expected work, in reports (one more for the run itself)."""
    policy = task.policy or task.scenario.routing.policy
    text = getattr(REGISTRY.get(policy), "reads_text", False)
    return reports_per_run(task.scenario, task.days) * (TEXT_COST if text else 1.0) + 1.0


def batches(tasks: Sequence[Task], workers: int) -> list[list[int]]:
    """The tasks' indices in the order to hand them out, grouped into batches of one scenario
    each: costliest first (ties in task order), a batch at most :data:`BATCH_COST` and at most
    :data:`SHARE_LEFT` of the work left per worker when it starts."""
    costs = [cost(task) for task in tasks]
    order = sorted(range(len(tasks)), key=lambda i: -costs[i])
    left = sum(costs)
    out: list[list[int]] = []
    batch: list[int] = []
    target = filled = 0.0
    for i in order:
        if batch and (
            tasks[i].scenario is not tasks[batch[0]].scenario or filled + costs[i] > target
        ):
            out.append(batch)
            batch = []
        if not batch:
            target = min(BATCH_COST, left * SHARE_LEFT / max(workers, 1))
            filled = 0.0
        batch.append(i)
        filled += costs[i]
        left -= costs[i]
    if batch:
        out.append(batch)
    return out


class BatchFailed(Exception):
    """A task of a batch raised ``error``; ``position`` says which (picklable, unlike the
    :class:`~simulator.runner.ReplicationFailed` the runner makes of it)."""

    def __init__(self, position: int, error: BaseException) -> None:
        super().__init__(position, error)
        self.position, self.error = position, error
