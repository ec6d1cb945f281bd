"""Replications as small tasks, and the runners that execute them: in this process, in a pool
of worker processes, or on a Dask cluster (:mod:`simulator.cluster`).

A :class:`Task` is one replication of one scenario (with the variant's name for messages); it
returns only a small :class:`RunSummary` (KPIs, per-desk figures, warnings, flow balance, a few
numbers per day for charts), never its case records, so memory does not grow with
replications. Worker processes get tasks costliest first, a few of one scenario at a time
(:mod:`simulator.batching`), the scenario pickled once per run and unpickled once per process
(:func:`simulator.memo.received`). A task is a pure function of its fields: the same task gives the same summary on
any executor. ``workers=1`` runs everything in this process (tests); ``processes=True`` forces
worker processes even then (a web server's planner thread).
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from tqdm import tqdm

from scenarios import Scenario, sla

from .batching import BatchFailed, batches
from .memo import packed, received
from .model import VERIFY_DESK, RunWindowError, Simulation
from .results import (
    case_records,
    daily_backlog,
    flow_balance,
    kpis,
    opd_kpis,
    self_checks,
    ttfr_histogram,
)
from .rng import derive_seed

SLA_KPIS = sla.SLA_KPIS


@dataclass(frozen=True)
class RunSummary:
    """What one replication reports back: small, picklable, no case records."""

    replication: int
    seed: int
    kpi: dict[str, float]
    opd: dict[str, dict[str, float]]  # desk code -> figure -> value
    warnings: tuple[str, ...]
    flow: dict[str, int]
    # chart data: end-of-day dates of the window, open cases per backlog stage on those days,
    # and the time-to-first-response histogram (bins of results.TTFR_EDGES)
    backlog_dates: tuple[str, ...] = ()
    backlog: dict[str, tuple[int, ...]] = field(default_factory=dict)
    ttfr_counts: tuple[int, ...] = ()


@dataclass(frozen=True)
class Task:
    """One replication to run: the scenario, the replication's number, the experiment's seed (the
    replication's own seed is derived from it), the policy and days; ``variant`` only names it."""

    scenario: Scenario
    replication: int
    seed: int
    policy: str | None
    days: int | None
    variant: str = ""

    def describe(self) -> str:
        """The task in words, for a failure message."""
        variant = f" variant {self.variant!r}" if self.variant else ""
        return (
            f"replication {self.replication} (seed {self.seed}) of scenario "
            f"{self.scenario.scenario.name!r}{variant}"
        )


def replication_seed(seed: int, replication: int) -> int:
    """The seed of replication ``replication`` of an experiment run with ``seed``."""
    return derive_seed(seed, "rep", replication)


def run_replication(
    scenario: Scenario,
    seed: int,
    replication: int = 0,
    *,
    policy: str | None = None,
    days: int | None = None,
    record_events: bool = False,
) -> Simulation:
    """Replication ``replication`` of an experiment with ``seed``, in this process, kept whole
    (for its case records, daily backlog or event log)."""
    return Simulation(
        scenario,
        replication_seed(seed, replication),
        policy=policy,
        days=days,
        record_events=record_events,
    ).run()


def _desk_slas(sim: Simulation, records: Sequence[Any]) -> dict[str, dict[str, float]]:
    """Per desk: SLA shares and missed deadlines of the cases it handled (or should have)."""
    counts: dict[str, dict[str, list[int]]] = {code: {} for code in sim.desks}
    for r in records:
        if not r.in_window:
            continue
        owner = r.handled_by or r.key_opd
        for name in SLA_KPIS:
            flag = getattr(r, name)
            if flag is None:
                continue
            desk = (
                VERIFY_DESK
                if name == "verification_sla_met" and VERIFY_DESK in sim.desks
                else owner
            )
            if desk not in counts:
                continue
            met_missed = counts[desk].setdefault(name, [0, 0])
            met_missed[0 if flag else 1] += 1
    out: dict[str, dict[str, float]] = {}
    for desk, by_kpi in counts.items():
        out[desk] = {}
        for name, (met, missed) in by_kpi.items():
            out[desk][name] = met / (met + missed)
            out[desk][name.replace("_sla_met", "_missed")] = float(missed)
    return out


def run_task(task: Task) -> RunSummary:
    """Run one task and summarise it (what every executor calls, in whatever process)."""
    sim = run_replication(
        task.scenario, task.seed, task.replication, policy=task.policy, days=task.days
    )
    records = case_records(sim)
    desks = opd_kpis(sim)
    for code, extra in _desk_slas(sim, records).items():
        desks[code].update(extra)
    dates, backlog = daily_backlog(sim)
    return RunSummary(
        task.replication,
        replication_seed(task.seed, task.replication),
        kpis(records),
        desks,
        tuple(self_checks(sim, records)),
        flow_balance(records),
        dates,
        backlog,
        ttfr_histogram(records),
    )


def run_batch(scenario: Scenario, tasks: Sequence[Task]) -> list[RunSummary]:
    """Run a batch of tasks sent without their scenario (``scenario`` is theirs); a task that
    raises stops it with :class:`BatchFailed`, saying which."""
    out = []
    for position, task in enumerate(tasks):
        try:
            out.append(run_task(dataclasses.replace(task, scenario=scenario)))
        except Exception as exc:
            raise BatchFailed(position, exc) from exc
    return out


def run_packed(key: bytes, pickled: bytes, tasks: Sequence[Task]) -> list[RunSummary]:
    """:func:`run_batch` in a worker process: the scenario travels packed beside the tasks
    (:func:`simulator.memo.packed`) and is unpickled once per process."""
    return run_batch(received(key, pickled), tasks)


def failed_in(batch: Sequence[Task], error: BaseException) -> BaseException:
    """The error to raise for a batch that raised ``error`` (see :func:`failed`)."""
    if isinstance(error, BatchFailed):
        return failed(batch[error.position], error.error)
    return failed(batch[0], error)


class Bar(tqdm):
    """A progress bar without tqdm's monitor thread (a thread would rule out forking workers)."""

    monitor_interval = 0


def progress_bar(total: int, desc: str, enabled: bool) -> tqdm:
    """The bar of one run on stderr (disabled: counts silently)."""
    return Bar(
        total=total, desc=desc, file=sys.stderr, disable=not enabled, unit="run", leave=False
    )


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork is cheapest (the parent's imports and name pool are inherited) but unsafe once the
    # process runs threads (a web server); then start fresh interpreters.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


Progress = Callable[[int, int], None]


@contextmanager
def _frozen_while(forking: bool) -> Iterator[None]:
    """While worker processes fork from this one: this process's objects out of the cyclic
    collector's sight (``gc.freeze``, as Python's manual advises before a fork), so a worker's
    collections never walk them — its first walked every object it inherited, copying each
    memory page it touched — and back in sight here afterwards (if none were frozen before)."""
    if not forking:
        yield
        return
    unfreeze = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if unfreeze:
            gc.unfreeze()


class WorkerLost(RuntimeError):
    """A worker process died in the middle of a run (killed by the system, e.g. out of memory)."""


class ReplicationFailed(RuntimeError):
    """A replication raised an error; says which task (scenario, variant, replication, seed)."""

    def __init__(self, task: Task, error: BaseException) -> None:
        self.task = task
        self.error = error
        detail = str(error).strip() or type(error).__name__
        super().__init__(f"{task.describe()} failed: {type(error).__name__}: {detail}")


def failed(task: Task, error: BaseException) -> BaseException:
    """The error to raise for a task that raised ``error``: a run window too short for the
    warm-up stays itself (a request error, the same for every task); any other names the task."""
    if isinstance(error, RunWindowError | ReplicationFailed):
        return error
    return ReplicationFailed(task, error)


class Executor(Protocol):
    """What the experiments need of a runner (see :class:`Runner`)."""

    planned: int | None
    started: int
    done: int

    def run(self, tasks: list[Task], desc: str = ...) -> list[RunSummary]: ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, exc_type: object, *exc: object) -> None: ...


class Counting:
    """What every executor counts: replications handed to ``run`` and finished over all its runs
    (``planned`` when a search knows more will come), and ``on_result(done, total)`` after each
    finished one."""

    def __init__(self, progress: bool, on_result: Progress | None) -> None:
        self.progress = progress
        self.on_result = on_result
        self.done = 0  # replications finished over all runs
        self.started = 0  # replications handed to run() so far
        self.planned: int | None = None

    def _total(self) -> int:
        return max(self.planned or 0, self.started, self.done)

    def _finished(self, bar: tqdm) -> None:
        bar.update()
        self.done += 1
        if self.on_result is not None:
            self.on_result(self.done, self._total())


class Runner(Counting):
    """Runs tasks in this process or a pool of worker processes, with a progress bar.

    ``processes=True`` uses worker processes even with ``workers=1`` (a web server's thread must
    not simulate under its own GIL). ``on_result(done, total)`` is called in this process after
    each finished replication, counting over every :meth:`run` of this runner; ``total`` is
    :attr:`planned` when set (a search that knows more runs will come), else what was started so
    far. With worker processes it is also called every :attr:`wait_seconds` while none finishes,
    with the same figures, so a caller can stop in the middle of a long replication. If it
    raises, the worker processes are killed at once and the exception propagates — that is how a
    caller cancels. A worker process that dies (the system's out-of-memory killer, say) stops
    the run with :class:`WorkerLost` instead of leaving it waiting forever; a replication that
    raises stops it with :class:`ReplicationFailed`, naming the task.
    """

    #: how long a run with worker processes waits for a result before calling ``on_result`` again
    wait_seconds: float = 0.5

    def __init__(
        self,
        workers: int | None = None,
        progress: bool = False,
        *,
        processes: bool = False,
        on_result: Progress | None = None,
    ) -> None:
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers}")
        super().__init__(progress, on_result)
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(abort=exc_type is not None)

    def close(self, abort: bool = False) -> None:
        """Stop the worker processes, if any were started (at once when ``abort``, e.g. Ctrl-C:
        a replication in progress is killed, not waited for)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if abort:
            # shutdown() cancels what has not started but waits for what runs: kill that first
            for process in list((pool._processes or {}).values()):
                process.kill()
        pool.shutdown(wait=True, cancel_futures=True)

    def run(self, tasks: list[Task], desc: str = "replications") -> list[RunSummary]:
        """Run the tasks; results come back in task order."""
        bar = progress_bar(len(tasks), desc, self.progress)
        self.started += len(tasks)
        try:
            if not self.processes and (self.workers == 1 or len(tasks) <= 1):
                out = []
                for task in tasks:
                    try:
                        out.append(run_task(task))
                    except Exception as exc:
                        raise failed(task, exc) from exc
                    self._finished(bar)
                return out
            try:
                return self._in_pool(tasks, bar)
            except BrokenProcessPool as exc:
                self.close(abort=True)
                raise WorkerLost(
                    "a simulation worker process stopped unexpectedly (killed by the operating"
                    " system, perhaps out of memory)"
                ) from exc
            except BaseException:
                # a failed replication or a cancelling callback: stop the workers now
                self.close(abort=True)
                raise
        finally:
            bar.close()

    def _in_pool(self, tasks: list[Task], bar: tqdm) -> list[RunSummary]:
        size = min(self.workers, os.cpu_count() or 1)
        forks = False
        if self._pool is None:
            context = _pool_context()
            self._pool = ProcessPoolExecutor(size, mp_context=context)
            forks = context.get_start_method() == "fork"  # at the first submit
        parcels: dict[int, tuple[bytes, bytes]] = {}  # scenario (by identity) -> packed
        index: dict[Future[list[RunSummary]], list[int]] = {}
        with _frozen_while(forks):
            for batch in batches(tasks, size):
                scenario = tasks[batch[0]].scenario
                parcel = parcels.get(id(scenario))
                if parcel is None:
                    parcel = parcels[id(scenario)] = packed(scenario)
                light = [dataclasses.replace(tasks[i], scenario=None) for i in batch]
                index[self._pool.submit(run_packed, *parcel, light)] = batch
        out: list[Any] = [None] * len(tasks)
        pending = set(index)
        while pending:
            # a timed wait: a cancel or a dead worker is noticed while a long replication runs
            finished, pending = wait(pending, self.wait_seconds, FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: index[f][0]):
                batch = index[future]
                try:
                    results = future.result()
                except BrokenProcessPool:
                    raise
                except Exception as exc:
                    cause = exc.error if isinstance(exc, BatchFailed) else exc
                    raise failed_in([tasks[i] for i in batch], exc) from cause
                for i, result in zip(batch, results, strict=True):
                    out[i] = result
                    self._finished(bar)
            if not finished and self.on_result is not None:
                self.on_result(self.done, self._total())
        return out
