"""The schema of the workshop database as named migrations (sqlite-utils ``Migrations``).

One function per change; a migration is never edited after it shipped — a later change is a new
function at the end. ``open_db`` applies whatever is pending.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("sandbox")


@MIGRATIONS(name="0001_facilitators")
def facilitators(db: Database) -> None:
    """Facilitator accounts: a name and a scrypt password hash (never the password)."""
    db.execute("""
        CREATE TABLE facilitators (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""")


@MIGRATIONS(name="0002_workshops")
def workshops(db: Database) -> None:
    """A workshop (latihan): scenario + seed + mode + weights + clock anchors."""
    db.execute("""
        CREATE TABLE workshops (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            facilitator_id INTEGER NOT NULL REFERENCES facilitators(id),
            scenario_ref TEXT NOT NULL,
            overrides TEXT NOT NULL DEFAULT '{}',
            seed INTEGER NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('practice', 'assessment')),
            weights TEXT NOT NULL DEFAULT '{}',
            start_date TEXT NOT NULL,
            days INTEGER NOT NULL,
            speed REAL NOT NULL,
            skip_closed INTEGER NOT NULL,
            start_at REAL NOT NULL,
            end_at REAL NOT NULL,
            clock_state TEXT NOT NULL DEFAULT 'belum_mulai'
                CHECK (clock_state IN ('belum_mulai', 'berjalan', 'jeda')),
            wall_anchor REAL,
            sim_anchor REAL NOT NULL,
            processed_until REAL NOT NULL,
            run INTEGER NOT NULL DEFAULT 1,
            revealed INTEGER NOT NULL DEFAULT 0,
            leaderboard_hidden INTEGER NOT NULL DEFAULT 0,
            leaderboard_frozen_event INTEGER,
            leaderboard_aliases INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )""")


@MIGRATIONS(name="0003_participants")
def participants(db: Database) -> None:
    """Participants join with a code and a display name (no e-mail), a role and optional team."""
    db.execute("""
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            display_name TEXT NOT NULL,
            alias TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('verifikator', 'penghubung', 'observer')),
            opd TEXT,
            team TEXT,
            token TEXT NOT NULL UNIQUE,
            joined_at TEXT NOT NULL,
            UNIQUE (workshop_id, display_name)
        )""")


@MIGRATIONS(name="0004_cases")
def cases(db: Database) -> None:
    """The current state of each case (kept consistent with the event log in one transaction)."""
    db.execute("""
        CREATE TABLE cases (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            origin TEXT NOT NULL DEFAULT 'generator',
            arrives_at REAL NOT NULL,
            arrived INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'masuk',
            version INTEGER NOT NULL DEFAULT 0,
            channel TEXT, received TEXT, chosen_subcategory TEXT, chosen_agency TEXT,
            kecamatan TEXT, desa TEXT, reporter_name TEXT, reporter_contact TEXT,
            anonymous_requested INTEGER, confidential_requested INTEGER, occurred TEXT,
            report_title TEXT, body TEXT,
            title TEXT, report_type TEXT, category TEXT, subcategory TEXT,
            anonim INTEGER NOT NULL DEFAULT 0, rahasia INTEGER NOT NULL DEFAULT 0,
            verified INTEGER NOT NULL DEFAULT 0,
            assigned_opd TEXT, copies TEXT, forwarded_to TEXT, archive_reason TEXT,
            duplicate_of TEXT, missing TEXT, evidence TEXT,
            hops INTEGER NOT NULL DEFAULT 0, tried TEXT NOT NULL DEFAULT '[]',
            viral INTEGER NOT NULL DEFAULT 0, completed_hold INTEGER NOT NULL DEFAULT 0,
            hold_started REAL, paused_wh REAL NOT NULL DEFAULT 0,
            verify_deadline REAL, followup_deadline REAL, completion_deadline REAL,
            disposed_at REAL, followup_at REAL, closed_at REAL,
            last_followup_event INTEGER, reply_rounds INTEGER NOT NULL DEFAULT 0,
            last_event_id INTEGER,
            PRIMARY KEY (workshop_id, id)
        )""")
    db.execute("CREATE INDEX cases_arrival ON cases (workshop_id, arrived, arrives_at)")


@MIGRATIONS(name="0005_answer_keys")
def answer_keys(db: Database) -> None:
    """The hidden truth of each case; read only by scoring, bots and facilitator functions."""
    db.execute("""
        CREATE TABLE answer_keys (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            case_id TEXT NOT NULL,
            category TEXT, subcategory TEXT, report_type TEXT,
            action TEXT NOT NULL, opd TEXT, acceptable TEXT NOT NULL DEFAULT '[]',
            then_action TEXT, missing TEXT NOT NULL DEFAULT '[]', request TEXT,
            archive_reason TEXT, duplicate_of TEXT,
            anonim INTEGER NOT NULL, rahasia INTEGER NOT NULL, urgent INTEGER NOT NULL,
            deadline_kind TEXT, deadline_hk INTEGER,
            answer_points TEXT NOT NULL DEFAULT '[]', hard_kind TEXT,
            typical_misroutes TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (workshop_id, case_id)
        )""")


@MIGRATIONS(name="0006_event_log")
def event_log(db: Database) -> None:
    """The append-only event log: actor, real time and simulated time of every action."""
    db.execute("""
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            run INTEGER NOT NULL,
            case_id TEXT,
            action TEXT NOT NULL,
            actor_kind TEXT NOT NULL,
            actor_id INTEGER,
            actor_role TEXT NOT NULL,
            actor_label TEXT NOT NULL,
            opd TEXT,
            from_state TEXT,
            to_state TEXT,
            case_version INTEGER,
            sim_at REAL NOT NULL,
            sim_time TEXT NOT NULL,
            real_at TEXT NOT NULL,
            bulk_id INTEGER,
            payload TEXT NOT NULL DEFAULT '{}'
        )""")
    db.execute("CREATE INDEX events_by_workshop ON events (workshop_id, run, case_id)")
    for op in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER events_no_{op.lower()} BEFORE {op} ON events
            BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""")


@MIGRATIONS(name="0007_agenda")
def agenda(db: Database) -> None:
    """What bots, citizens and the system will do at a simulated instant."""
    db.execute("""
        CREATE TABLE agenda (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            due_at REAL NOT NULL,
            kind TEXT NOT NULL,
            case_id TEXT,
            payload TEXT NOT NULL DEFAULT '{}'
        )""")
    db.execute("CREATE INDEX agenda_due ON agenda (workshop_id, due_at)")


@MIGRATIONS(name="0008_replies")
def replies(db: Database) -> None:
    """Public replies with their automatic rubric result and the facilitator's override."""
    db.execute("""
        CREATE TABLE replies (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            case_id TEXT NOT NULL,
            event_id INTEGER NOT NULL REFERENCES events(id),
            participant_id INTEGER,
            actor_label TEXT NOT NULL,
            kind TEXT NOT NULL,
            public_text TEXT NOT NULL,
            internal_note TEXT,
            sim_at REAL NOT NULL,
            checks TEXT NOT NULL,
            failed TEXT NOT NULL DEFAULT '',
            auto_score REAL NOT NULL,
            leak INTEGER NOT NULL,
            override_score REAL,
            override_comment TEXT,
            override_by INTEGER REFERENCES facilitators(id)
        )""")
    db.execute("CREATE INDEX replies_by_workshop ON replies (workshop_id, case_id)")


@MIGRATIONS(name="0009_counterfactuals")
def counterfactuals(db: Database) -> None:
    """KPIs of the same caseload run through the simulator under each routing policy (a cache)."""
    db.execute("""
        CREATE TABLE counterfactuals (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            days INTEGER NOT NULL,
            policy TEXT NOT NULL,
            kpis TEXT NOT NULL,
            PRIMARY KEY (workshop_id, days, policy)
        )""")


@MIGRATIONS(name="0010_broadcasts")
def broadcasts(db: Database) -> None:
    """Short messages from the facilitator to every participant of a workshop (shown in the app only)."""
    db.execute("""
        CREATE TABLE broadcasts (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            facilitator_id INTEGER NOT NULL REFERENCES facilitators(id),
            text TEXT NOT NULL,
            sim_at REAL NOT NULL,
            real_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX broadcasts_by_workshop ON broadcasts (workshop_id, id)")


@MIGRATIONS(name="0011_planner_jobs")
def planner_jobs(db: Database) -> None:
    """Planner experiments (compare, staffing) queued from the browser and run in the background."""
    db.execute("""
        CREATE TABLE planner_jobs (
            id INTEGER PRIMARY KEY,
            facilitator_id INTEGER NOT NULL REFERENCES facilitators(id),
            title TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('compare', 'staffing')),
            status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
            done INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0,
            message TEXT NOT NULL DEFAULT '',
            spec TEXT NOT NULL,
            result TEXT,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            claimed_by TEXT,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT
        )""")
    db.execute("CREATE INDEX planner_jobs_by_status ON planner_jobs (status, id)")
    db.execute("CREATE INDEX planner_jobs_by_owner ON planner_jobs (facilitator_id, id)")


@MIGRATIONS(name="0012_planner_heartbeat")
def planner_heartbeat(db: Database) -> None:
    """A running planner job's heartbeat (wall seconds): a job whose heartbeat is older than the
    lease has lost its worker and goes back in the queue."""
    db.execute("ALTER TABLE planner_jobs ADD COLUMN heartbeat_at REAL")


@MIGRATIONS(name="0013_case_world_why")
def case_world_why(db: Database) -> None:
    """The key says why: the rule applied to the case's facts, the deciding phrases of its text
    and their spans, the archive guidance; the facts themselves, to rewrite the text for the time
    a case is released."""
    for column in (
        "rule TEXT",
        "object TEXT",
        "why TEXT NOT NULL DEFAULT '[]'",
        "spans TEXT NOT NULL DEFAULT '[]'",
        "guidance TEXT",
        "facts TEXT",
    ):
        db.execute(f"ALTER TABLE answer_keys ADD COLUMN {column}")


@MIGRATIONS(name="0014_sessions_and_throttle")
def sessions_and_throttle(db: Database) -> None:
    """Revocable facilitator sessions: a cookie names the account's session epoch, and logging
    out (or a password reset) moves the epoch on, so a copied cookie stops working. Throttled
    attempts (wrong passwords, unknown join codes, joins per address), kept in the database so a
    restart does not reset them."""
    db.execute("ALTER TABLE facilitators ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0")
    db.execute("""
        CREATE TABLE throttle (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            at REAL NOT NULL
        )""")
    db.execute("CREATE INDEX throttle_by_key ON throttle (kind, key, at)")


@MIGRATIONS(name="0015_opened_cases_and_display_names")
def opened_cases_and_display_names(db: Database) -> None:
    """Which cases each participant has opened (the inbox marks the others *baru*); the name a
    facilitator signs certificates with (the login name stays for logging in); planner jobs
    stop storing a translated "cancelled" text (the status says it; pages translate)."""
    db.execute("""
        CREATE TABLE opened_cases (
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            run INTEGER NOT NULL,
            case_id TEXT NOT NULL,
            first_opened_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, run, case_id)
        )""")
    db.execute("ALTER TABLE facilitators ADD COLUMN display_name TEXT")
    db.execute(
        "UPDATE planner_jobs SET message = '' "
        "WHERE status = 'cancelled' AND message = 'Dibatalkan / Cancelled'"
    )


@MIGRATIONS(name="0016_planner_study_jobs")
def planner_study_jobs(db: Database) -> None:
    """Planner jobs may be studies (many kabupaten × variants): the kind's check gains 'study'.
    SQLite cannot change a CHECK in place, so the table is copied into its new shape."""
    db.execute("""
        CREATE TABLE planner_jobs_new (
            id INTEGER PRIMARY KEY,
            facilitator_id INTEGER NOT NULL REFERENCES facilitators(id),
            title TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('compare', 'staffing', 'study')),
            status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
            done INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0,
            message TEXT NOT NULL DEFAULT '',
            spec TEXT NOT NULL,
            result TEXT,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            claimed_by TEXT,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            heartbeat_at REAL
        )""")
    columns = (
        "id, facilitator_id, title, kind, status, done, total, message, spec, result,"
        " cancel_requested, claimed_by, created_at, started_at, finished_at, heartbeat_at"
    )
    db.execute(f"INSERT INTO planner_jobs_new ({columns}) SELECT {columns} FROM planner_jobs")  # noqa: S608
    db.execute("DROP TABLE planner_jobs")
    db.execute("ALTER TABLE planner_jobs_new RENAME TO planner_jobs")
    db.execute("CREATE INDEX planner_jobs_by_status ON planner_jobs (status, id)")
    db.execute("CREATE INDEX planner_jobs_by_owner ON planner_jobs (facilitator_id, id)")


@MIGRATIONS(name="0017_planner_failures_as_codes")
def planner_failures_as_codes(db: Database) -> None:
    """A failed planner job stores a code and the error's own text ("simulasi_gagal: …"), not a
    sentence in two languages; the page words the code in the user's language."""
    for old, code in (
        ("Simulasi gagal / The simulation failed: proses simulasi dihentikan oleh sistem%", None),
        ("Skenario tidak dapat dijalankan / The scenario cannot run:\n%", "skenario_tidak_jalan"),
        ("Simulasi gagal / The simulation failed: %", "simulasi_gagal"),
    ):
        if code is None:
            db.execute(
                "UPDATE planner_jobs SET message = 'proses_dihentikan:' WHERE message LIKE ?", [old]
            )
            continue
        prefix = len(old) - 1  # characters before the detail
        db.execute(
            "UPDATE planner_jobs SET message = ? || ': ' || substr(message, ?) WHERE message LIKE ?",
            [code, prefix + 1, old],
        )
