"""What can go wrong for a user of the workshop engine: an error code and its parameters.

Every error a participant or facilitator can cause is a :class:`SandboxError`; the CLI (and later
the web pages) show its message and exit or answer with an error status, never a traceback.
"""

from __future__ import annotations

from .notes import NOTES, Param, note, render


class SandboxError(Exception):
    """A user error: a code of :data:`sandbox.notes.NOTES` (``galat.<code>``) and its parameters;
    the message says what happened and what to do. Pages word it in the user's language
    (``web.i18n.message``); the CLI prints :attr:`message_id` and :attr:`message_en`.

    ``SandboxError(message_id, message_en)`` (two sentences, no code) is still taken from code that
    has not moved to codes yet; it is worded as it came."""

    def __init__(self, code: str, message_en: str | None = None, /, **params: Param) -> None:
        if message_en is None and f"galat.{code}" in NOTES:
            self.code, self.note = code, note(f"galat.{code}", **params)
        else:
            self.code, self.note = "teks", note("galat.teks", text=(code, message_en or code))
        self.message_id = render(self.note)
        self.message_en = render(self.note, "en")
        both = self.message_id != self.message_en
        super().__init__(f"{self.message_id} / {self.message_en}" if both else self.message_id)


class NotFound(SandboxError):
    """A workshop, participant, case or account that does not exist (or is not visible yet)."""


class NotAllowed(SandboxError):
    """The role, the mode or the workshop's state does not allow this."""


class ActionRefused(SandboxError):
    """The case lifecycle (scenarios.lifecycle) or a rule of the SOP refuses the action."""


class ConflictError(SandboxError):
    """Someone else changed the case since it was loaded: nothing was overwritten."""

    def __init__(self, case_id: str, expected: int, actual: int, by: str, action: str) -> None:
        self.case_id, self.expected, self.actual = case_id, expected, actual
        super().__init__(
            "kasus_sudah_diubah",
            case_id=case_id,
            by=by,
            action=action,
            expected=str(expected),
            actual=str(actual),
        )


class AuthError(SandboxError):
    """Unknown facilitator or wrong password (the message never says which)."""

    def __init__(self) -> None:
        super().__init__("login_salah")
