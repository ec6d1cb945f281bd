"""Who is asking: a facilitator (name + hashed password) or a participant (code + display name).

The session cookie holds the role and the ids; :func:`role_required` guards a view and loads the
person onto ``g``. Sessions can be revoked: a participant must still hold the token they joined
with (leaving on a device gives them a new one; a reset workshop logs them out), a facilitator's
session must still carry the account's session epoch (logging out or a password reset moves it
on) and be younger than ``FACILITATOR_SESSION_HOURS``. A cookie copied before "Keluar" is dead after it.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, flash, g, redirect, session, url_for
from flask_babel import gettext as _

import sandbox as sb

from .db import get_db, now

F = TypeVar("F", bound=Callable[..., Any])
FACILITATOR, PARTICIPANT = "facilitator", "participant"


def find_participant(workshop_id: int, participant_id: int, token: str) -> sb.Participant | None:
    """The participant with this id and token in the workshop, or None."""
    for p in sb.participants_of(get_db(), workshop_id):
        if p.id == participant_id and hmac.compare_digest(p.token, token):
            return p
    return None


def login_participant(p: sb.Participant) -> None:
    """Remember a participant in the session (replacing anyone else)."""
    session.clear()
    session.permanent = True  # kept across a browser restart, until unused for the lifetime
    session.update(role=PARTICIPANT, participant_id=p.id, workshop_id=p.workshop_id, token=p.token)


def login_facilitator(facilitator_id: int, name: str) -> None:
    """Remember a facilitator in the session (replacing anyone else), with the account's epoch."""
    session.clear()
    session.permanent = True
    session.update(
        role=FACILITATOR,
        facilitator_id=facilitator_id,
        facilitator_name=name,
        epoch=sb.session_epoch(get_db(), facilitator_id),
        since=now(),
    )


def _facilitator_session_valid() -> bool:
    fid, since = session.get("facilitator_id"), session.get("since")
    if not isinstance(fid, int) or not isinstance(since, (int, float)):
        return False
    if now() - since > current_app.config["FACILITATOR_SESSION_HOURS"] * 3600:
        return False
    epoch = sb.session_epoch(get_db(), fid)
    return epoch is not None and session.get("epoch") == epoch


def load_user() -> None:
    """Put the session's facilitator id or participant on ``g`` (None when nobody is logged in)."""
    g.role = session.get("role")
    if g.role == FACILITATOR and not _facilitator_session_valid():
        session.clear()
        g.role = None
    g.facilitator_id = session.get("facilitator_id") if g.role == FACILITATOR else None
    g.participant = None
    if g.role == PARTICIPANT:
        try:
            g.participant = find_participant(
                session["workshop_id"], session["participant_id"], session["token"]
            )
        except (KeyError, sb.SandboxError):
            g.participant = None
        if g.participant is None:
            session.clear()
            g.role = None


def role_required(role: str) -> Callable[[F], F]:
    """Let only a logged-in ``role`` through; others go to that role's login page or get 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            load_user()
            if g.role == role:
                return view(*args, **kwargs)
            if g.role is not None:
                abort(403)
            flash(_("Silakan masuk dulu."), "info")
            target = "facilitator.login" if role == FACILITATOR else "participant.join"
            return redirect(url_for(target))

        return guarded  # type: ignore[return-value]

    return decorate
