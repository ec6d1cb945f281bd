"""The trainer's web app: participant, facilitator and API blueprints over the sandbox engine.

``create_app`` reads defaults, then the instance folder's ``config.py``, then the test mapping,
then registers one blueprint per audience. Nothing here holds domain rules or writes SQL.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from sandbox.db import db_path

csrf = CSRFProtect()


def _secret_key(instance: Path) -> str:
    """The instance's secret key, generated on first run (never committed: instance/ is ignored)."""
    file = instance / "secret_key"
    if not file.exists():
        file.write_text(secrets.token_hex(32), encoding="utf-8")
        file.chmod(0o600)
    return file.read_text(encoding="utf-8").strip()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the trainer app: defaults → instance config → test mapping → blueprints."""
    where = (test_config or {}).get("INSTANCE_PATH")  # tests keep their instance in tmp_path
    app = Flask(
        __name__, instance_relative_config=True, instance_path=str(where) if where else None
    )
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        SECRET_KEY=None,
        SANDBOX_DB=str(db_path(default=instance / "sandbox.sqlite")),  # same resolver as the CLI
        BABEL_DEFAULT_LOCALE="id",
        BABEL_DEFAULT_TIMEZONE="Asia/Jakarta",
        LANGUAGES=("id", "en"),
        WTF_CSRF_TIME_LIMIT=None,  # a bimtek page stays open for hours; the token lives with the session
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,  # True: always; otherwise Secure on every HTTPS request
        PERMANENT_SESSION_LIFETIME=timedelta(days=7),  # a session unused this long expires
        FACILITATOR_SESSION_HOURS=12,  # a facilitator logs in again after this many hours
        PROXY_COUNT=0,  # reverse proxies in front whose X-Forwarded-* headers are trusted
        MAX_CONTENT_LENGTH=1024 * 1024,  # bytes a signed-in person may send (a scenario upload)
        ANONYMOUS_MAX_CONTENT_LENGTH=64 * 1024,  # bytes anyone else may send (join, login, API)
        THROTTLE={},  # {limit kind: (attempts, window seconds)} over sandbox.throttle's defaults
        CONNECTION_LIMIT=500,  # waitress: open connections at once (phones keep theirs open)
        FACILITATOR_SETUP_HOSTS=(
            "127.0.0.1",
            "::1",
        ),  # first accounts are made on the laptop itself
        POLL_SECONDS=20,
        PLANNER_WORKER=True,  # run planner jobs in a background thread (web serve starts it)
        PLANNER_PROCESSES=None,  # simulation worker processes per job (None: CPU cores - 1, at least 1)
        # a Dask cluster for planner jobs (local[:N] or tcp://HOST:PORT); None: worker processes
        PLANNER_CLUSTER=os.environ.get("PLANNER_CLUSTER") or None,
    )
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(instance)

    from . import (  # noqa: F401  (they add routes)
        api,
        coaching,
        db,
        debrief,
        display,
        exports,
        facilitator,
        i18n,
        notes,
        participant,
        planner,
        planner_history,
        planner_study,
        public,
        review,
        security,
    )

    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    display.init_app(app)
    notes.init_app(app)
    csrf.init_app(app)
    csrf.exempt(api.bp)  # the API authenticates by a per-participant header token, never by cookie
    app.register_blueprint(public.bp)
    app.register_blueprint(participant.bp)
    app.register_blueprint(facilitator.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(planner.bp)
    app.register_blueprint(planner_history.bp)
    app.register_blueprint(planner_study.bp)
    return app
