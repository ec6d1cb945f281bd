"""Test helpers that read like the domain: a seeded workshop, an app on a copy of it, roles.

A template database is built once per test module (creating a workshop takes a second) and each
test gets its own copy. The workshop clock is started and paused on Tuesday 10 June 2025 08:00,
so simulated time stands still however long the tests take.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from html import unescape
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

import sandbox as sb
from sandbox.testing import PASSWORD

from . import create_app

FACILITATOR = "fasilitator"
OTHER_FACILITATOR = "fasilitator_lain"


def seeded_db(path: Path) -> dict[str, Any]:
    """A database with two facilitators, each with a kelas_bimtek workshop paused on 10 June 08:00."""
    db = sb.open_db(path)
    wall = sb.wall_now()
    out: dict[str, Any] = {"password": PASSWORD}
    for name, key in ((FACILITATOR, "ws"), (OTHER_FACILITATOR, "other_ws")):
        fid = sb.create_facilitator(db, name, PASSWORD, now=wall)
        ws = sb.create_workshop(
            db,
            facilitator_id=fid,
            scenario_ref="kelas_bimtek",
            seed=3,
            start_date=date(2025, 6, 5),
            now=wall,
        )
        sb.start_clock(db, ws.id, facilitator_id=fid, now=wall)
        sb.jump_clock(db, ws.id, datetime(2025, 6, 10, 8, 0), facilitator_id=fid, now=wall)
        sb.pause_clock(db, ws.id, facilitator_id=fid, now=wall)
        out[key] = {"id": ws.id, "code": ws.code, "facilitator_id": fid}
    db.close()
    return out


def app_on_copy(template: Path, tmp_path: Path, *, csrf: bool = False, **config: Any) -> Flask:
    """An app on a private copy of the template database (CSRF off unless asked for)."""
    target = tmp_path / "sandbox.sqlite"
    shutil.copyfile(template, target)
    return create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SANDBOX_DB": str(target),
            "WTF_CSRF_ENABLED": csrf,
            "PLANNER_WORKER": False,  # tests run planner jobs themselves (sandbox.planner.run_job)
            **config,
        }
    )


def join(
    client: FlaskClient,
    code: str,
    name: str,
    role: str = "verifikator",
    opd: str | None = None,
    **kw: Any,
) -> Any:
    """Join the workshop as a participant through the join form."""
    return client.post(
        "/peserta/gabung",
        data={"code": code, "display_name": name, "role": role, "opd": opd or ""},
        **kw,
    )


def login(client: FlaskClient, name: str = FACILITATOR, password: str = PASSWORD, **kw: Any) -> Any:
    """Log in as a facilitator through the login form."""
    return client.post("/fasilitator/masuk", data={"name": name, "password": password}, **kw)


def text(response: Any) -> str:
    """The visible text of an HTML response, whitespace collapsed and entities decoded."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.get_data(as_text=True), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def csrf_token(response: Any) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    )
    if found is None:
        found = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert found, "no CSRF token on the page"
    return found.group(1)


def db_of(app):
    """The sandbox database behind a test app."""
    return sb.open_db(app.config["SANDBOX_DB"])
