"""What scoring reads, kept between calls: the parsed event log, the answer keys, computed scores.

The event log is append-only (triggers refuse UPDATE and DELETE) and every change of a case
appends to it, so parsed events are kept per workshop run and only newer ones are read; keys change
only when an inject adds cases (a count tells); computed scores are kept under a fingerprint of all
they depend on — the last event, the facilitator's overrides, the participants and the last
processed instant. Caches are keyed by the workshop's random ``uid``, never by a file or an id alone.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from .caseload import Key, keys_of
from .context import Workshop

_COLUMNS = (
    "id",
    "case_id",
    "action",
    "actor_kind",
    "actor_id",
    "actor_label",
    "opd",
    "from_state",
    "sim_at",
    "bulk_id",
)
_WITH_PAYLOAD = (
    "verifikasi",
    "disposisi",
    "bukan_wewenang",
    "duplikat",
    "tunda",
    "kembalikan",
    "tutup",
)


_LOGS: OrderedDict[tuple, list[dict[str, Any]]] = (
    OrderedDict()
)  # parsed event logs, by workshop run
_KEYS: OrderedDict[tuple, dict[str, Key]] = OrderedDict()
_SCORES: OrderedDict[tuple, Any] = OrderedDict()
_KEEP = 16


def _remember(cache: OrderedDict, key: tuple, value: Any) -> Any:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > _KEEP:
        cache.popitem(last=False)
    return value


def load_events(db: Database, ws: Workshop, upto_event: int | None) -> list[dict[str, Any]]:
    """The run's events, payloads parsed only where scoring reads them (the rest can be long).

    The log is append-only (enforced by triggers), so parsed events are kept per workshop run and
    only newer ones are read on the next call.
    """
    run_key = (ws.uid, ws.run)
    log = _LOGS.get(run_key, [])
    actions = ", ".join(f"'{a}'" for a in _WITH_PAYLOAD)
    cur = db.conn.execute(
        f"""SELECT {", ".join(_COLUMNS)}, CASE WHEN action IN ({actions}) THEN payload END,
            CASE WHEN action = 'tindak_lanjut' THEN json_extract(payload, '$.evidence') END
            FROM events WHERE workshop_id = ? AND run = ? AND id > ? ORDER BY id""",  # noqa: S608
        [ws.id, ws.run, log[-1]["id"] if log else 0],
    )
    new = []
    for *base, payload, evidence in cur.fetchall():
        e = dict(zip(_COLUMNS, base, strict=True))
        e["payload"] = json.loads(payload) if payload else {}
        if evidence is not None:
            e["payload"]["evidence"] = json.loads(evidence)
        new.append(e)
    log = _remember(_LOGS, run_key, log + new if new else log)
    if upto_event is None:
        return log
    return log[: bisect_right([e["id"] for e in log], upto_event)]


def load_keys(db: Database, ws: Workshop) -> dict[str, Key]:
    """The run's answer keys (kept per run; only an inject adds keys, so a count tells)."""
    run_key = (ws.uid, ws.run)
    n = db.conn.execute(
        "SELECT COUNT(*) FROM answer_keys WHERE workshop_id = ?", [ws.id]
    ).fetchone()[0]
    keys = _KEYS.get(run_key)
    if keys is None or len(keys) != n:
        keys = keys_of(db, ws.id, full=False)
    return _remember(_KEYS, run_key, keys)


def _fingerprint(db: Database, ws: Workshop, upto_event: int | None) -> tuple:
    last = (
        db.conn.execute("SELECT MAX(id) FROM events WHERE workshop_id = ?", [ws.id]).fetchone()[0]
        or 0
    )
    overrides = db.conn.execute(
        "SELECT group_concat(id || ':' || override_score) FROM replies WHERE workshop_id = ? AND override_score IS NOT NULL",
        [ws.id],
    ).fetchone()[0]
    people = db.conn.execute(
        "SELECT COUNT(*), MAX(id) FROM participants WHERE workshop_id = ?", [ws.id]
    ).fetchone()
    return (
        ws.uid,
        ws.run,
        ws.processed_until,
        upto_event,
        min(last, upto_event) if upto_event else last,
        overrides,
        tuple(people),
    )


def cached_scores(
    db: Database, ws: Workshop, upto_event: int | None, compute: Callable[[], Any]
) -> Any:
    """Scores for the workshop's current state: kept ones if nothing they depend on changed."""
    key = _fingerprint(db, ws, upto_event)
    hit = _SCORES.get(key)
    return _remember(_SCORES, key, compute() if hit is None else hit)


def clear_caches() -> None:
    """Forget kept scores, logs and keys (a benchmark measures a cold start with it)."""
    for cache in (_SCORES, _LOGS, _KEYS):
        cache.clear()
