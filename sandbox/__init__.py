"""The workshop engine of the LAPOR! sandbox: bimtek exercises on a simulated clock.

Workshops, participants and the event log live in one SQLite file (:func:`open_db`). Every
function reads ``verb(db, …)``; wall time enters as a ``now`` argument (seconds since the epoch)
and only :func:`sandbox.clock.wall_now` reads it. No web code here: the trainer's pages call these
functions. See docs/sandbox.md.
"""

from .actions import (
    BulkResult,
    accept,
    archive,
    bulk,
    close,
    dispose,
    follow_up,
    forward,
    initial_response,
    mark_duplicate,
    resume,
    return_case,
    tunda,
    verify,
)
from .agenda import AdvanceReport, advance
from .broadcast import Broadcast, broadcast, broadcasts
from .caseload import Key
from .clock import (
    ClockSettings,
    clock_status,
    jump_clock,
    pause_clock,
    resume_clock,
    set_speed,
    simulated_now,
    start_clock,
    wall_now,
)
from .coaching import Hint, feedback_for_participant, hint
from .context import Workshop, get_workshop, workshop_by_code
from .db import open_db
from .debrief import Debrief, counterfactual, debrief
from .engine import Event
from .errors import ActionRefused, AuthError, ConflictError, NotAllowed, NotFound, SandboxError
from .export import export_csv, export_json, write_csv
from .facilitation import (
    answer_key_for_facilitator,
    explain_key,
    inject,
    override_reply,
    release_batch,
    replies_for_facilitator,
)
from .facilitators import authenticate, create_facilitator
from .leaderboard import (
    Leaderboard,
    Standing,
    freeze_leaderboard,
    hide_leaderboard,
    leaderboard,
    unfreeze_leaderboard,
    use_aliases,
)
from .participants import Participant, join, participants_of
from .records import CaseResult, ScoreItem, Scores
from .roles import assign_role
from .rubric import ReplyFacts, RubricResult, check_reply
from .scoring import score_workshop
from .views import CaseView, WorkshopStatus, case_history, list_cases, workshop_status
from .weights import ScoringWeights, weights_for
from .workshops import (
    clone_workshop,
    create_workshop,
    list_workshops,
    reset_workshop,
    reveal_feedback,
    set_mode,
)

__all__ = [
    "ActionRefused",
    "AdvanceReport",
    "AuthError",
    "Broadcast",
    "BulkResult",
    "CaseResult",
    "CaseView",
    "ClockSettings",
    "ConflictError",
    "Debrief",
    "Event",
    "Hint",
    "Key",
    "Leaderboard",
    "NotAllowed",
    "NotFound",
    "Participant",
    "ReplyFacts",
    "RubricResult",
    "SandboxError",
    "ScoreItem",
    "Scores",
    "ScoringWeights",
    "Standing",
    "Workshop",
    "WorkshopStatus",
    "accept",
    "advance",
    "answer_key_for_facilitator",
    "explain_key",
    "archive",
    "assign_role",
    "authenticate",
    "broadcast",
    "broadcasts",
    "bulk",
    "case_history",
    "check_reply",
    "clock_status",
    "clone_workshop",
    "close",
    "counterfactual",
    "create_facilitator",
    "create_workshop",
    "debrief",
    "dispose",
    "export_csv",
    "export_json",
    "feedback_for_participant",
    "follow_up",
    "forward",
    "freeze_leaderboard",
    "get_workshop",
    "hide_leaderboard",
    "hint",
    "initial_response",
    "inject",
    "join",
    "jump_clock",
    "leaderboard",
    "list_cases",
    "list_workshops",
    "mark_duplicate",
    "open_db",
    "override_reply",
    "participants_of",
    "pause_clock",
    "release_batch",
    "replies_for_facilitator",
    "reset_workshop",
    "resume",
    "resume_clock",
    "return_case",
    "reveal_feedback",
    "score_workshop",
    "set_mode",
    "set_speed",
    "simulated_now",
    "start_clock",
    "tunda",
    "unfreeze_leaderboard",
    "use_aliases",
    "verify",
    "weights_for",
    "wall_now",
    "workshop_by_code",
    "workshop_status",
    "write_csv",
]
