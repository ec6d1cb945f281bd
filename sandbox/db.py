"""The workshop database: one SQLite file per installation, WAL mode, schema by named migrations.

``open_db(path)`` is the only way in: it creates the file, turns on WAL and foreign keys and
applies pending migrations (:mod:`sandbox.migrations`). Writes go through :func:`write_txn`, a
``BEGIN IMMEDIATE`` transaction, so two participants acting at once are serialised by SQLite and
the optimistic version check (not a lock error) decides who wins.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .migrations import MIGRATIONS

ENV_VAR = "SANDBOX_DB"
OLD_ENV_VAR = "LAPOR_SANDBOX_DB"  # the command line's name until December 2026: still read
DEFAULT_PATH = Path("instance") / "sandbox.sqlite"
_told: set[str] = set()


def db_path(path: str | Path | None = None, *, default: str | Path = DEFAULT_PATH) -> Path:
    """The database file: ``path``, else $SANDBOX_DB, else the old $LAPOR_SANDBOX_DB, else
    ``default``. The trainer and ``python -m sandbox`` both ask here, so they open the same file."""
    if path:
        return Path(path)
    chosen, old = os.environ.get(ENV_VAR), os.environ.get(OLD_ENV_VAR)
    if old:
        _deprecated(f"{OLD_ENV_VAR} is ignored: {ENV_VAR} is set" if chosen else "")
    return Path(chosen or old or default)


def _deprecated(detail: str) -> None:
    """Say once per process that the old variable's name is on its way out."""
    if OLD_ENV_VAR not in _told:
        _told.add(OLD_ENV_VAR)
        print(
            f"warning: {OLD_ENV_VAR} is deprecated, set {ENV_VAR} instead"
            + (f" ({detail})" if detail else ""),
            file=sys.stderr,
        )


def open_db(path: str | Path | None = None) -> Database:
    """Open (or create) the installation's database with WAL, foreign keys and the current schema."""
    file = db_path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    db = Database(file)  # sqlite3 waits up to 5 s for a busy writer before giving up
    db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    MIGRATIONS.apply(db)
    return db


@contextmanager
def write_txn(db: Database) -> Iterator[Database]:
    """One write transaction taken with ``BEGIN IMMEDIATE`` (nested calls become savepoints)."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.conn.execute("COMMIT")


def rows(db: Database, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    """All rows of a query as dicts (a thin, fast path around the connection)."""
    cur = db.conn.execute(sql, params)
    keys = [d[0] for d in cur.description]
    return [dict(zip(keys, r, strict=True)) for r in cur.fetchall()]


def one(db: Database, sql: str, params: Any = ()) -> dict[str, Any] | None:
    """The first row of a query, or None."""
    cur = db.conn.execute(sql, params)
    r = cur.fetchone()
    return None if r is None else dict(zip([d[0] for d in cur.description], r, strict=True))


def to_json(value: Any) -> str:
    """Compact JSON for a TEXT column (NaN becomes null: strict readers refuse NaN)."""
    return json.dumps(_clean(value), ensure_ascii=False, separators=(",", ":"), default=str)


def from_json(text: str | None, default: Any = None) -> Any:
    """The value of a JSON TEXT column (``default`` when NULL)."""
    return default if text is None else json.loads(text)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def iso_utc(wall: float) -> str:
    """A wall-clock instant (seconds since the epoch) as ISO 8601 UTC, for the event log."""
    return datetime.fromtimestamp(wall, UTC).isoformat(timespec="milliseconds")
