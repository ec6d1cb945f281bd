"""The case lifecycle of SP4N-LAPOR! as one table, shared by the simulator and the trainer.

States and actions carry Indonesian ids (what the users say) and labels in both languages.
``TRANSITIONS`` is the single source of truth for which action is allowed in which state, by
whom, and where it leads; :func:`apply` refuses anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Actor = Literal["verifikator", "penghubung", "pelapor", "sistem"]


@dataclass(frozen=True)
class State:
    """A case state with its labels and whether the case is finished."""

    id: str
    label_id: str
    label_en: str
    terminal: bool = False


@dataclass(frozen=True)
class Transition:
    """An action allowed in a state: who may take it and where it leads."""

    source: str
    action: str
    target: str
    actor: Actor
    label_id: str
    label_en: str


STATES: dict[str, State] = {
    s.id: s
    for s in (
        State("masuk", "Masuk", "Received"),
        State("ditunda", "Ditunda (menunggu pelapor)", "On hold (waiting for the reporter)"),
        State("terdisposisi", "Terdisposisi", "Disposed to an OPD"),
        State("diproses", "Diproses OPD", "Being handled by the OPD"),
        State("dikembalikan", "Dikembalikan OPD", "Returned by the OPD"),
        State("ditindaklanjuti", "Ditindaklanjuti", "Followed up"),
        State("ditanggapi_pelapor", "Ditanggapi pelapor", "Reporter replied"),
        State("selesai", "Selesai", "Closed", terminal=True),
        State(
            "diteruskan",
            "Diteruskan (bukan wewenang)",
            "Forwarded (not our authority)",
            terminal=True,
        ),
        State("diarsipkan", "Diarsipkan", "Archived", terminal=True),
        State("digabung", "Digabung (duplikat)", "Merged (duplicate)", terminal=True),
    )
}

#: the states a verifier routes a case from (a new report, or one returned)
ROUTING_SOURCES: tuple[str, ...] = ("masuk", "dikembalikan")

TRANSITIONS: tuple[Transition, ...] = (
    *(
        t
        for src in ROUTING_SOURCES
        for t in (
            Transition(
                src,
                "disposisi",
                "terdisposisi",
                "verifikator",
                "Verifikasi dan disposisi",
                "Verify and dispose",
            ),
            Transition(
                src,
                "bukan_wewenang",
                "diteruskan",
                "verifikator",
                "Bukan wewenang (teruskan)",
                "Not our authority (forward)",
            ),
            Transition(src, "arsipkan", "diarsipkan", "verifikator", "Arsipkan", "Archive"),
            # the simulator's shortcut for a report forwarded to the wrong office of another tier:
            # that office says it is not its authority and the report comes back
            Transition(
                src,
                "teruskan_keliru",
                "dikembalikan",
                "sistem",
                "Diteruskan keliru (dikembalikan instansi tujuan)",
                "Wrongly forwarded (returned by that office)",
            ),
            Transition(
                src, "duplikat", "digabung", "verifikator", "Tandai duplikat", "Mark as duplicate"
            ),
        )
    ),
    Transition(
        "masuk",
        "tunda",
        "ditunda",
        "verifikator",
        "Tunda (minta kelengkapan)",
        "Hold (ask for details)",
    ),
    Transition(
        "ditunda", "lengkapi", "masuk", "pelapor", "Pelapor melengkapi", "Reporter completes"
    ),
    Transition(
        "ditunda",
        "kedaluwarsa",
        "diarsipkan",
        "sistem",
        "Tidak dilengkapi (arsip otomatis)",
        "Not completed (auto-archive)",
    ),
    Transition("terdisposisi", "terima", "diproses", "penghubung", "Terima disposisi", "Accept"),
    Transition(
        "terdisposisi",
        "kembalikan",
        "dikembalikan",
        "penghubung",
        "Kembalikan (bukan kewenangan kami)",
        "Return (not ours)",
    ),
    Transition(
        "diproses",
        "kembalikan",
        "dikembalikan",
        "penghubung",
        "Kembalikan (bukan kewenangan kami)",
        "Return (not ours)",
    ),
    Transition(
        "diproses", "tanggapan_awal", "diproses", "penghubung", "Tanggapan awal", "Initial response"
    ),
    Transition(
        "diproses", "tindak_lanjut", "ditindaklanjuti", "penghubung", "Tindak lanjut", "Follow-up"
    ),
    Transition(
        "ditindaklanjuti",
        "balas",
        "ditanggapi_pelapor",
        "pelapor",
        "Pelapor menanggapi",
        "Reporter replies",
    ),
    Transition(
        "ditindaklanjuti",
        "selesai_otomatis",
        "selesai",
        "sistem",
        "Selesai otomatis",
        "Auto-closed",
    ),
    Transition(
        "ditindaklanjuti",
        "tutup",
        "selesai",
        "verifikator",
        "Tutup dengan bukti",
        "Close with evidence",
    ),
    Transition(
        "ditanggapi_pelapor",
        "proses_ulang",
        "diproses",
        "penghubung",
        "Proses kembali",
        "Resume handling",
    ),
    Transition(
        "ditanggapi_pelapor",
        "tindak_lanjut",
        "ditindaklanjuti",
        "penghubung",
        "Tindak lanjut",
        "Follow-up",
    ),
)

_INDEX: dict[tuple[str, str], Transition] = {(t.source, t.action): t for t in TRANSITIONS}
ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(t.action for t in TRANSITIONS))
INITIAL_STATE = "masuk"
#: states in which a case waits on the government (not on the reporter, not closed)
GOVERNMENT_STATES: frozenset[str] = frozenset(
    {"masuk", "terdisposisi", "diproses", "dikembalikan", "ditanggapi_pelapor"}
)
#: what a *tunda* can ask the reporter to complete
MISSING_ELEMENTS: tuple[str, ...] = ("lokasi", "waktu", "rincian")
TERMINAL_STATES: frozenset[str] = frozenset(s.id for s in STATES.values() if s.terminal)


class TransitionError(ValueError):
    """An action that the lifecycle does not allow in the case's state or for this actor."""

    def __init__(self, state: str, action: str, actor: str | None = None) -> None:
        self.state, self.action, self.actor = state, action, actor
        who = f" by {actor}" if actor else ""
        super().__init__(f"action {action!r}{who} is not allowed in state {state!r}")


def allowed_actions(state: str, actor: str | None = None) -> list[Transition]:
    """The transitions open in ``state`` (for ``actor`` only, if given), in table order."""
    return [t for t in TRANSITIONS if t.source == state and (actor is None or t.actor == actor)]


def apply(state: str, action: str, actor: str | None = None) -> str:
    """The state after ``action``; raises :class:`TransitionError` when it is not allowed."""
    t = _INDEX.get((state, action))
    if t is None or (actor is not None and t.actor != actor):
        raise TransitionError(state, action, actor)
    return t.target


def is_terminal(state: str) -> bool:
    """Whether a case in ``state`` is finished."""
    return state in TERMINAL_STATES
