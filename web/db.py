"""One sandbox database connection per request, kept on ``g`` and closed at teardown."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from sqlite_utils import Database

import sandbox as sb


def get_db() -> Database:
    """The request's sandbox database (opened on first use)."""
    if "db" not in g:
        g.db = sb.open_db(current_app.config["SANDBOX_DB"])
    return g.db


def now() -> float:
    """Wall time for sandbox calls, read once per request through the sandbox clock."""
    if "now" not in g:
        g.now = sb.wall_now()
    return g.now


def close_db(_exc: Any = None) -> None:
    """Close the request's database connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    """Register the teardown that closes the connection."""
    app.teardown_appcontext(close_db)
