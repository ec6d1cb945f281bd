"""Helpers of the simulator tests that stand in for parts of a run."""

from __future__ import annotations

import threading
from typing import Any


def replication_that_never_ends(job: Any) -> Any:
    """Stands in for ``simulator.runner.run_task`` in a worker process: a replication that
    runs until its process is stopped (imported by name, so it works under spawn too)."""
    threading.Event().wait()
