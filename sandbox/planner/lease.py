"""Who runs a planner job, and whether they still do.

A running job records its claimant (host, pid and a per-process token) and a heartbeat: the
worker renews ``heartbeat_at`` every few seconds while the job runs. The job is orphaned — its
worker is gone — when the heartbeat is older than the lease, whatever host claimed it (a server
that died, a container that was replaced, a laptop that slept), or at once when the claimant is a
process of this host that is no longer alive, or an earlier life of this very pid (a restarted
container) with another token.
"""

from __future__ import annotations

import os
import socket
import uuid

#: identifies this process's claims on running jobs
PROCESS_TOKEN = uuid.uuid4().hex[:8]
#: how often a running job's heartbeat is renewed (seconds)
HEARTBEAT_SECONDS = 5.0
#: a running job whose heartbeat is older than this (seconds) is orphaned
LEASE_SECONDS = 60.0


def claimant() -> str:
    """This process as the claimant of a running job: host, pid and a per-process token."""
    return f"{socket.gethostname()}:{os.getpid()}:{PROCESS_TOKEN}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claimant_gone(claimed_by: str | None) -> bool:
    """Whether the process that claimed a running job is known to be gone: a process of this host
    that is not alive, or this pid in an earlier life (another token); a claim from another host
    is never known to be gone — its heartbeat tells."""
    if not claimed_by:
        return True
    host, _, rest = claimed_by.partition(":")
    pid_text, _, token = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return token != PROCESS_TOKEN
    return not _alive(pid)


def orphaned(
    claimed_by: str | None,
    heartbeat_at: float | None,
    now: float,
    lease_seconds: float = LEASE_SECONDS,
) -> bool:
    """Whether a running job's worker is gone: its claimant is, or its heartbeat (wall seconds)
    is older than the lease (a job without one is)."""
    if claimant_gone(claimed_by):
        return True
    return heartbeat_at is None or heartbeat_at < now - lease_seconds
