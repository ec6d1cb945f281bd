"""The workshop engine of the LAPOR! sandbox: bimtek exercises on a simulated clock.

Workshops, participants and the event log live in one SQLite file (:func:`open_db`). Every
function reads ``verb(db, …)``; wall time enters as a ``now`` argument (seconds since the epoch)
and only :func:`sandbox.clock.wall_now` reads it. No web code here: the trainer's pages call these
functions. See docs/sandbox.md.
"""

from .actions import (
    BulkResult,
    accept,
    answer_message,
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
    verify_and_dispose,
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
from .export import export_csv, export_json, export_rows, write_csv
from .facilitation import (
    answer_key_for_facilitator,
    explain_key,
    inject,
    override_reply,
    release_batch,
    replies_for_facilitator,
)
from .facilitators import (
    authenticate,
    create_facilitator,
    display_name,
    end_sessions,
    reset_password,
    session_epoch,
    set_display_name,
)
from .feedback_sheet import SKILLS, SkillSheet, feedback_sheet
from .leaderboard import (
    Leaderboard,
    Standing,
    freeze_leaderboard,
    hide_leaderboard,
    leaderboard,
    unfreeze_leaderboard,
    use_aliases,
)
from .names import name_key
from .opened import mark_opened, opened_cases
from .participants import Participant, join, new_token, participants_of
from .records import CaseResult, ScoreItem, Scores
from .roles import assign_role
from .rubric import ReplyFacts, RubricResult, check_reply
from .scoring import score_workshop
from .thread import ThreadEntry
from .throttle import (
    BAD_CODES_PER_ADDRESS,
    JOINS_PER_ADDRESS,
    LOGIN_PER_ACCOUNT,
    LOGIN_PER_ADDRESS,
    Limit,
    Throttled,
    account_key,
    check_attempts,
    clear_attempts,
    record_attempt,
)
from .throttle import LIMITS as THROTTLE_LIMITS
from .views import (
    CaseView,
    WorkshopStatus,
    case_history,
    case_thread,
    list_cases,
    thread_for_facilitator,
    workshop_status,
)
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
    "BAD_CODES_PER_ADDRESS",
    "Broadcast",
    "BulkResult",
    "CaseResult",
    "CaseView",
    "ClockSettings",
    "ConflictError",
    "Debrief",
    "Event",
    "Hint",
    "JOINS_PER_ADDRESS",
    "Key",
    "LOGIN_PER_ACCOUNT",
    "LOGIN_PER_ADDRESS",
    "Leaderboard",
    "Limit",
    "NotAllowed",
    "NotFound",
    "Participant",
    "ReplyFacts",
    "RubricResult",
    "SandboxError",
    "ScoreItem",
    "SKILLS",
    "Scores",
    "ScoringWeights",
    "SkillSheet",
    "Standing",
    "THROTTLE_LIMITS",
    "Throttled",
    "Workshop",
    "WorkshopStatus",
    "accept",
    "account_key",
    "advance",
    "answer_key_for_facilitator",
    "archive",
    "assign_role",
    "authenticate",
    "broadcast",
    "broadcasts",
    "bulk",
    "case_history",
    "case_thread",
    "thread_for_facilitator",
    "ThreadEntry",
    "answer_message",
    "check_attempts",
    "check_reply",
    "clear_attempts",
    "clock_status",
    "clone_workshop",
    "close",
    "counterfactual",
    "create_facilitator",
    "create_workshop",
    "debrief",
    "display_name",
    "dispose",
    "end_sessions",
    "explain_key",
    "export_csv",
    "export_json",
    "export_rows",
    "feedback_for_participant",
    "feedback_sheet",
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
    "mark_opened",
    "name_key",
    "opened_cases",
    "new_token",
    "open_db",
    "override_reply",
    "participants_of",
    "pause_clock",
    "record_attempt",
    "release_batch",
    "replies_for_facilitator",
    "reset_password",
    "reset_workshop",
    "resume",
    "resume_clock",
    "return_case",
    "reveal_feedback",
    "score_workshop",
    "session_epoch",
    "set_display_name",
    "set_mode",
    "set_speed",
    "simulated_now",
    "start_clock",
    "tunda",
    "unfreeze_leaderboard",
    "use_aliases",
    "verify",
    "verify_and_dispose",
    "wall_now",
    "weights_for",
    "workshop_by_code",
    "workshop_status",
    "write_csv",
]
