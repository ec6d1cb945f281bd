"""Throttled attempts: wrong facilitator passwords, unknown join codes and joins, per address and
per account, kept in the database (a restart does not reset them).

A :class:`Limit` allows ``attempts`` within a sliding window of ``window_seconds``; the caller
checks before it tries (:func:`check_attempts`, which raises :class:`Throttled` with the wait) and
records what counts (:func:`record_attempt`). Time is an argument, like everywhere in the sandbox.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlite_utils import Database

from .db import one, write_txn
from .errors import SandboxError


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` of one kind per key (an address, an account) within the window."""

    kind: str
    attempts: int
    window_seconds: float


#: wrong passwords from one address, and for one facilitator account from anywhere
LOGIN_PER_ADDRESS = Limit("login_address", 10, 15 * 60)
LOGIN_PER_ACCOUNT = Limit("login_account", 20, 15 * 60)
#: join codes that match no workshop, from one address (a code has ~30 bits: guessing needs many)
BAD_CODES_PER_ADDRESS = Limit("join_code_address", 10, 10 * 60)
#: participants joining from one address (a room behind one public address still fits)
JOINS_PER_ADDRESS = Limit("join_address", 150, 10 * 60)
LIMITS = {
    x.kind: x
    for x in (LOGIN_PER_ADDRESS, LOGIN_PER_ACCOUNT, BAD_CODES_PER_ADDRESS, JOINS_PER_ADDRESS)
}


class Throttled(SandboxError):
    """Too many attempts: the message says how long to wait."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        minutes = max(1, math.ceil(self.retry_after / 60))
        super().__init__(
            f"Terlalu banyak percobaan. Coba lagi dalam {minutes} menit.",
            f"Too many attempts. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
        )


def check_attempts(db: Database, limit: Limit, key: str, *, now: float) -> None:
    """Raise :class:`Throttled` when ``key`` has used up its attempts in the window."""
    since = now - limit.window_seconds
    row = one(
        db,
        "SELECT COUNT(*) AS n, MIN(at) AS first FROM throttle WHERE kind = ? AND key = ? AND at > ?",
        [limit.kind, key, since],
    )
    if row and row["n"] >= limit.attempts:
        oldest = one(
            db,
            """SELECT at FROM throttle WHERE kind = ? AND key = ? AND at > ?
               ORDER BY at DESC LIMIT 1 OFFSET ?""",
            [limit.kind, key, since, limit.attempts - 1],
        )
        raise Throttled((oldest["at"] if oldest else row["first"]) + limit.window_seconds - now)


def record_attempt(db: Database, limit: Limit, key: str, *, now: float) -> None:
    """Count one attempt of ``key`` (and forget this kind's attempts older than the window)."""
    with write_txn(db):
        db.conn.execute(
            "DELETE FROM throttle WHERE kind = ? AND at <= ?",
            [limit.kind, now - limit.window_seconds],
        )
        db.conn.execute(
            "INSERT INTO throttle (kind, key, at) VALUES (?, ?, ?)", [limit.kind, key, now]
        )


def clear_attempts(db: Database, limit: Limit, key: str) -> None:
    """Forget ``key``'s attempts (a successful login, a password reset)."""
    with write_txn(db):
        db.conn.execute("DELETE FROM throttle WHERE kind = ? AND key = ?", [limit.kind, key])


def account_key(name: str) -> str:
    """The throttle key of a facilitator name (names are unique without regard to case)."""
    return " ".join(name.split()).casefold()
