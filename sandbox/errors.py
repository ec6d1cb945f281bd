"""What can go wrong for a user of the workshop engine, with messages in Bahasa Indonesia and English.

Every error a participant or facilitator can cause is a :class:`SandboxError`; the CLI (and later
the web pages) show its message and exit or answer with an error status, never a traceback.
"""

from __future__ import annotations


class SandboxError(Exception):
    """A user error: the message says what happened and what to do (Indonesian / English)."""

    def __init__(self, message_id: str, message_en: str | None = None) -> None:
        self.message_id = message_id
        self.message_en = message_en or message_id
        super().__init__(f"{message_id} / {message_en}" if message_en else message_id)


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
            f"Kasus {case_id} sudah diubah oleh {by} ({action}) sejak Anda membukanya "
            f"(versi {expected} → {actual}). Tidak ada yang ditimpa: muat ulang kasus lalu ulangi.",
            f"Case {case_id} was changed by {by} ({action}) since you opened it "
            f"(version {expected} → {actual}). Nothing was overwritten: reload the case and retry.",
        )


class AuthError(SandboxError):
    """Unknown facilitator or wrong password (the message never says which)."""

    def __init__(self) -> None:
        super().__init__(
            "Nama fasilitator atau kata sandi salah.", "Wrong facilitator name or password."
        )
