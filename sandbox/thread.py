"""The conversation on a case, as LAPOR! shows it: what the reporter wrote and added, and every
public text of the desks — the hold's request, the OPD's tanggapan awal and tindak lanjut with its
evidence, returns and forwards with their reasons, the reporter's replies and messages, the answer
to a message, the closing's evidence — each with its working-time stamp.

Read-only, from the event log. Who may read it is who may see the case (:mod:`sandbox.views`);
an observer reads no internal note, and in assessment mode an OPD bot's texts stay sealed until
the facilitator reveals (they are written from the key's answer points).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from .context import Workshop
from .db import from_json, rows

#: events that carry a text for the conversation, and the payload field holding it
MESSAGE_FIELDS: dict[str, str] = {
    "tunda": "message",
    "lengkapi": "text",
    "tanggapan_awal": "text",
    "tindak_lanjut": "reply",
    "kembalikan": "reason",
    "bukan_wewenang": "reason",
    "arsipkan": "reason",
    "balas": "text",
    "pesan_pelapor": "text",
    "jawab_pesan": "text",
    "tutup": "",
}
#: a desk's public answers to the reporter (a message is answered by the next of these)
PUBLIC_ANSWERS: tuple[str, ...] = ("tanggapan_awal", "tindak_lanjut", "jawab_pesan")
#: the reporter's own texts
FROM_REPORTER: frozenset[str] = frozenset({"lengkapi", "balas", "pesan_pelapor"})
SEALED = "(Jawaban bot OPD ditampilkan setelah fasilitator mengumumkan hasil penilaian.)"


@dataclass(frozen=True)
class ThreadEntry:
    """One text of the conversation on a case."""

    event_id: int
    action: str  # a lifecycle action or an event verb (lengkapi, pesan_pelapor, jawab_pesan …)
    sim_time: str  # local ISO instant of the simulated clock
    who: str  # the actor's label
    from_reporter: bool
    text: str
    evidence: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # what a tunda asked for
    office: str | None = None  # where a return came from or a forward went
    note: str | None = None  # the OPD's internal note (never shown to observers)


def thread(
    db: Database, ws: Workshop, case_id: str, *, observer: bool = False, reveal: bool = False
) -> list[ThreadEntry]:
    """The case's conversation in order (the caller has checked that the reader may see the case;
    ``reveal``: the facilitator reads sealed bot answers too)."""
    out = []
    for e in rows(
        db,
        f"""SELECT id, action, actor_label, actor_kind, sim_time, payload FROM events
            WHERE workshop_id = ? AND run = ? AND case_id = ? AND action IN ({", ".join("?" * len(MESSAGE_FIELDS))})
            ORDER BY id""",  # noqa: S608 - placeholders only
        [ws.id, ws.run, case_id, *MESSAGE_FIELDS],
    ):
        p = from_json(e["payload"], {})
        field = MESSAGE_FIELDS[e["action"]]
        text = str(p.get(field) or "") if field else ""
        sealed = e["actor_kind"] == "bot" and e["action"] in PUBLIC_ANSWERS[1:]
        if sealed and not (reveal or ws.feedback_open):
            text = SEALED
        out.append(
            ThreadEntry(
                e["id"],
                e["action"],
                e["sim_time"],
                e["actor_label"],
                e["action"] in FROM_REPORTER,
                text,
                tuple(p.get("evidence") or ()),
                tuple(p.get("missing") or ()),
                p.get("opd") or p.get("office"),
                None if observer else (p.get("note") or None),
            )
        )
    return out


def pending_messages(db: Database, ws: Workshop, case_id: str | None = None) -> dict[str, int]:
    """Cases whose reporter's last message (``pesan_pelapor``) has no public answer after it, with
    the message's event id."""
    where, params = ("AND case_id = ?", [case_id]) if case_id else ("", [])
    found = rows(
        db,
        f"""SELECT case_id, MAX(CASE WHEN action = 'pesan_pelapor' THEN id END) AS asked,
                   MAX(CASE WHEN action IN ({", ".join("?" * len(PUBLIC_ANSWERS))}) THEN id END) AS answered
            FROM events WHERE workshop_id = ? AND run = ? AND case_id IS NOT NULL {where}
            GROUP BY case_id HAVING asked IS NOT NULL""",  # noqa: S608 - placeholders only
        [*PUBLIC_ANSWERS, ws.id, ws.run, *params],
    )
    return {
        r["case_id"]: r["asked"]
        for r in found
        if r["answered"] is None or r["answered"] < r["asked"]
    }
