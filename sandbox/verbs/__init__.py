"""The case actions, checked by the shared lifecycle and the SOP — used alike by people and bots.

Each verb takes a :class:`~sandbox.engine.Session` (one write transaction at one instant), the case,
the acting :class:`~sandbox.engine.Actor` and the version the actor saw. The public functions in
:mod:`sandbox.actions` wrap them for participants; :mod:`sandbox.bots` calls them directly.
"""

from scenarios.lifecycle import MISSING_ELEMENTS

from .opd import (
    accept_in,
    answer_message_in,
    follow_up_in,
    record_reply,
    reply_facts,
    respond_in,
    resume_in,
    return_in,
)
from .reporter import auto_close_in, citizen_reply_in, complete_in, expire_in, message_in
from .verifier import (
    archive_in,
    close_in,
    dispose_in,
    duplicate_in,
    forward_in,
    tunda_in,
    verify_in,
)

__all__ = [
    "MISSING_ELEMENTS",
    "accept_in",
    "answer_message_in",
    "archive_in",
    "auto_close_in",
    "citizen_reply_in",
    "close_in",
    "complete_in",
    "dispose_in",
    "duplicate_in",
    "expire_in",
    "follow_up_in",
    "forward_in",
    "message_in",
    "record_reply",
    "reply_facts",
    "resume_in",
    "respond_in",
    "return_in",
    "tunda_in",
    "verify_in",
]
