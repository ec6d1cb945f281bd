"""A simulated period as a history in the exchange format (a synthetic history with known truth).

The model's own event log (:attr:`Simulation.events`) names its internal steps (``mulai_triage``,
``verify``, ``answer`` …) and leaves out decisions that need no desk event (a *tunda*, an
archive). This module translates it into the lifecycle's actions, one row per status change, as
an instance's history would show them:

- a verification ends in ``tunda``, ``arsipkan`` or ``duplikat`` (read from the case's answer
  key) unless a ``disposisi`` or ``bukan_wewenang`` follows at the same instant;
- a triage ends in ``terima`` (accepted with the initial response) unless ``kembalikan`` follows;
- a forward to the wrong office of another tier is the lifecycle's ``teruskan_keliru`` (that
  office sends it back; it is verified again ``sop.other_tier_return`` HK later);
- starts of work, answers awaiting approval and escalations are no status change and are left out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .model import Simulation

_SKIPPED = frozenset({"mulai_verify", "mulai_triage", "mulai_answer", "answer", "revisi"})
_DIRECT = {
    "disposisi": "disposisi",
    "kembalikan": "kembalikan",
    "diteruskan": "bukan_wewenang",
    "tindak_lanjut": "tindak_lanjut",
    "balas": "balas",
    "selesai_otomatis": "selesai_otomatis",
    "lengkapi": "lengkapi",
    "kedaluwarsa": "kedaluwarsa",
}


def history_rows(sim: Simulation) -> list[dict[str, Any]]:
    """The history of a run recorded with ``record_events=True``: one mapping per status change
    with the columns of :data:`simulator.history.EVENT_COLUMNS`, in time order."""
    if sim.events is None:
        raise ValueError("the run was not recorded with record_events=True")
    by_case: dict[str, list[tuple[str, str, float, str]]] = defaultdict(list)
    for ev in sim.events:
        if not ev[1].startswith("eskalasi_"):  # a reminder changes no status (nor "what next")
            by_case[ev[0]].append(ev)
    out: list[tuple[float, int, dict[str, Any]]] = []
    seq = 0
    for case in sim.cases:
        c = case.c
        attrs = {"category": c.category, "channel": c.channel, "report_type": c.report_type}
        evs = by_case.get(c.id, [])
        held = False
        for i, (_, act, t, res) in enumerate(evs):
            nxt = evs[i + 1] if i + 1 < len(evs) else None
            same = nxt is not None and abs(nxt[2] - t) < 1e-9
            rows: list[tuple[str, str, float]] = []
            if act == "masuk":
                rows.append(("masuk", "", t))
                if sim.mode == "none":
                    rows += _decision(case, held, nxt, same, "", t)
                    held = held or c.key.action == "tunda"
            elif act == "verify":
                rows += _decision(case, held, nxt, same, res, t)
                held = held or c.key.action == "tunda"
            elif act == "triage":
                if not (same and nxt is not None and nxt[1] == "kembalikan"):
                    rows.append(("terima", res, t))
            elif act == "disposisi":
                rows.append(("disposisi", res, t))
                # accepted at once (decentralised, at the right desk): no triage follows
                if nxt is None or nxt[1] not in ("mulai_triage", "kembalikan"):
                    rows.append(("terima", res, t))
            elif act == "diteruskan_keliru":
                rows.append(("teruskan_keliru", res, t))
            elif act in _DIRECT:
                unit = (
                    "" if act in ("selesai_otomatis", "lengkapi", "kedaluwarsa", "balas") else res
                )
                rows.append((_DIRECT[act], unit, t))
            elif act in _SKIPPED:
                continue
            for activity, unit, when in rows:
                seq += 1
                stamp = sim.cal.to_datetime(when).isoformat(timespec="seconds")
                row = {"case_id": c.id, "activity": activity, "timestamp": stamp, "resource": unit}
                out.append((when, seq, {**row, **attrs}))
    out.sort(key=lambda x: (x[0], x[1]))
    return [r for _, _, r in out]


def _decision(case: Any, held: bool, nxt: Any, same: bool, desk: str, t: float) -> list:
    """The status change a verification made when no disposition or forward follows at once."""
    if same and nxt is not None and nxt[1] in ("disposisi", "diteruskan", "diteruskan_keliru"):
        return []
    key = case.c.key
    if key.action == "tunda" and not held:
        return [("tunda", desk, t)]
    route = key.then if key.action == "tunda" else key.action
    if route == "arsipkan":
        return [("arsipkan", desk, t)]
    if route == "duplikat":
        return [("duplikat", desk, t)]
    return []
