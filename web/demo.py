"""A demo facilitator and workshop on kelas_bimtek, made once and found again on every start.

The demo password is generated on first run into the instance folder (never a constant in git);
the demo workshop's id is kept beside it so a restart finds the same join code.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from sqlite_utils import Database

import sandbox as sb

DEMO_NAME = "demo"
DEMO_SCENARIO = "kelas_bimtek"
STATE_FILE = "demo.json"


def _state(instance: Path) -> dict:
    file = instance / STATE_FILE
    return json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}


def _save(instance: Path, state: dict) -> None:
    file = instance / STATE_FILE
    file.write_text(json.dumps(state, indent=2), encoding="utf-8")
    file.chmod(0o600)


def ensure_demo(
    db: Database, instance: str | Path, *, now: float, seed: int = 1
) -> tuple[str, str, str]:
    """Create (once) the demo facilitator and workshop; returns (username, password, join code)."""
    instance = Path(instance)
    instance.mkdir(parents=True, exist_ok=True)
    state = _state(instance)
    password = state.get("password") or secrets.token_urlsafe(9)
    try:
        fid = sb.authenticate(db, DEMO_NAME, password)
    except sb.AuthError:
        # refuses if the name exists with another password
        fid = sb.create_facilitator(
            db, DEMO_NAME, password, now=now, display_name="Fasilitator Demo"
        )
        state.pop("workshop_id", None)
    state["password"] = password
    ws = None
    if state.get("workshop_id") is not None:
        try:
            ws = sb.get_workshop(db, int(state["workshop_id"]))
        except sb.NotFound:
            ws = None
    if ws is None or ws.facilitator_id != fid:
        ws = sb.create_workshop(
            db,
            facilitator_id=fid,
            scenario_ref=DEMO_SCENARIO,
            seed=seed,
            title="Latihan demo (kelas bimtek)",
            now=now,
        )
        state["workshop_id"] = ws.id
    _save(instance, state)
    return DEMO_NAME, password, ws.code
