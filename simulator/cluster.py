"""Where replications run: this process, its pool of worker processes, or a Dask cluster.

``--cluster local[:N]`` starts a ``distributed.LocalCluster`` of N worker processes on this
machine (default: one per core); ``--cluster tcp://HOST:PORT`` uses a scheduler already running
(``dask scheduler`` on one machine, ``dask worker tcp://HOST:PORT`` on each of the others; see
docs/planner.md). Replications go out as on the process pool — costliest first, a few of one
scenario at a time (:mod:`simulator.batching`), the scenario pickled once and unpickled once
per worker process — and each replication's result depends only on its scenario, number and seed, so the
results are those of the process pool; they stream back as batches finish and the progress bar
follows them. A worker that is lost has its tasks run again elsewhere by the Dask scheduler; a
task that raises stops the run with :class:`~simulator.runner.ReplicationFailed`, naming the
task.

Dask is an optional extra (``pip install -r requirements-cluster.txt``): without it, asking
for a cluster is a :class:`ClusterError` that names the install command.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from typing import Any

from tqdm import tqdm

from .batching import batches
from .memo import packed
from .runner import (
    Counting,
    Executor,
    Progress,
    ReplicationFailed,
    Runner,
    RunSummary,
    Task,
    WorkerLost,
    failed_in,
    progress_bar,
    run_packed,
)

INSTALL = 'pip install -r requirements-cluster.txt   (or: pip install ".[cluster]")'
_LOCAL = re.compile(r"^local(?::(\d+))?$")
_ADDRESS = re.compile(r"^(tcp|tls)://[^\s/:]+:\d+$")


class ClusterError(RuntimeError):
    """The cluster cannot be used: Dask is not installed, the address is wrong or unreachable."""


def parse_cluster(text: str) -> tuple[str, int | None]:
    """``local[:N]`` as ("local", N or None), ``tcp://HOST:PORT`` as (the address, None)."""
    text = text.strip()
    local = _LOCAL.match(text)
    if local:
        n = int(local.group(1)) if local.group(1) else None
        if n is not None and n < 1:
            raise ClusterError(f"local:N needs at least 1 worker, got {text!r}")
        return "local", n
    if _ADDRESS.match(text):
        return text, None
    raise ClusterError(f"expected local, local:N or tcp://HOST:PORT, found {text!r}")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError(
            f"--cluster needs Dask, which is not installed here; install it with: {INSTALL}"
        ) from None
    return distributed


class ClusterRunner(Counting):
    """Runs tasks on a Dask cluster, with the same progress and cancel contract as
    :class:`~simulator.runner.Runner`: ``on_result(done, total)`` after each result and every
    :attr:`wait_seconds` meanwhile; if it raises, the run's tasks are cancelled and the exception
    propagates. The cluster (or the connection to it) is opened at the first :meth:`run` and
    closed by :meth:`close` (a local cluster's worker processes stop with it)."""

    wait_seconds: float = 0.5
    #: how long to try reaching a scheduler before giving up
    connect_timeout: str = "10s"

    def __init__(
        self, cluster: str, progress: bool = False, *, on_result: Progress | None = None
    ) -> None:
        self.where, self.n_workers = parse_cluster(cluster)
        _distributed()  # say at once when Dask is missing
        super().__init__(progress, on_result)
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> ClusterRunner:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close()

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        distributed = _distributed()
        if self.where == "local":
            self._cluster = distributed.LocalCluster(
                n_workers=self.n_workers or os.cpu_count() or 1,
                threads_per_worker=1,  # a replication holds the GIL: one per process
                processes=True,
                dashboard_address=":0",  # any free port (a second cluster must not collide)
                silence_logs=logging.ERROR,
            )
            self._client = distributed.Client(self._cluster)
        else:
            try:
                self._client = distributed.Client(self.where, timeout=self.connect_timeout)
            except (OSError, TimeoutError) as exc:
                raise ClusterError(
                    f"cannot reach the Dask scheduler at {self.where}: {exc}"
                ) from None
        return self._client

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this runner started one."""
        client, cluster, self._client, self._cluster = self._client, self._cluster, None, None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def run(self, tasks: list[Task], desc: str = "replications") -> list[RunSummary]:
        """Run the tasks on the cluster; results come back in task order."""
        client = self._connect()
        bar = progress_bar(len(tasks), desc, self.progress)
        self.started += len(tasks)
        futures: list[Any] = []
        try:
            parcels: dict[int, tuple[bytes, bytes]] = {}  # scenario (by identity) -> packed
            workers = max(1, sum(client.nthreads().values()))
            plan = batches(tasks, workers)
            for rank, batch in enumerate(plan):
                scenario = tasks[batch[0]].scenario
                parcel = parcels.get(id(scenario))
                if parcel is None:
                    parcel = parcels[id(scenario)] = packed(scenario)
                light = [dataclasses.replace(tasks[i], scenario=None) for i in batch]
                # the scenario travels with each task, not as a task of its own that the others
                # depend on: tasks without dependencies wait at the scheduler and go out in
                # priority order as workers come free (with one, each would be placed on
                # arrival, near its scenario's copy, and rebalanced by stealing later)
                futures.append(
                    client.submit(run_packed, *parcel, light, pure=False, priority=len(plan) - rank)
                )
            return self._collect(tasks, plan, futures, bar)
        except BaseException:
            client.cancel(futures)  # a failure or a cancelling callback: stop the rest
            raise
        finally:
            bar.close()

    def _collect(
        self, tasks: list[Task], plan: list[list[int]], futures: list[Any], bar: tqdm
    ) -> list[RunSummary]:
        distributed = _distributed()
        index = {f.key: k for k, f in enumerate(futures)}
        out: list[Any] = [None] * len(tasks)
        pending = set(futures)
        while pending:
            try:
                finished, pending = distributed.wait(
                    pending, timeout=self.wait_seconds, return_when="FIRST_COMPLETED"
                )
            except TimeoutError:
                finished = set()
            for future in sorted(finished, key=lambda f: index[f.key]):
                batch = plan[index[future.key]]
                results = self._result(future, [tasks[i] for i in batch])
                for i, result in zip(batch, results, strict=True):
                    out[i] = result
                    self._finished(bar)
            if not finished and self.on_result is not None:
                self.on_result(self.done, self._total())
        return out

    @staticmethod
    def _result(future: Any, batch: list[Task]) -> list[RunSummary]:
        if future.status == "finished":
            return future.result()
        if future.status == "error":
            exc = future.exception()
            if type(exc).__name__ == "KilledWorker":
                raise WorkerLost(
                    f"{batch[0].describe()}: every Dask worker that ran it died (killed by the"
                    " operating system, perhaps out of memory)"
                )
            raise failed_in(batch, exc)
        raise ClusterError(f"{batch[0].describe()} was {future.status} by the Dask scheduler")


def open_runner(
    workers: int | None = None,
    progress: bool = False,
    *,
    processes: bool = False,
    on_result: Progress | None = None,
    cluster: str | None = None,
) -> Executor:
    """A runner: on the Dask cluster ``cluster`` names (``local[:N]`` or ``tcp://HOST:PORT``),
    else this process or its pool of worker processes (``workers``, ``processes``)."""
    if cluster:
        return ClusterRunner(cluster, progress, on_result=on_result)
    return Runner(workers, progress, processes=processes, on_result=on_result)


__all__ = [
    "INSTALL",
    "ClusterError",
    "ClusterRunner",
    "ReplicationFailed",
    "WorkerLost",
    "open_runner",
    "parse_cluster",
]
