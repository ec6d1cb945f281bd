"""Facilitator accounts: a name and a password hashed with scrypt (never stored in plain), and a
session epoch: a login remembers the epoch, logging out or resetting the password moves it on, so
every cookie issued before stops working."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlite_utils import Database

from .db import iso_utc, one, write_txn
from .errors import AuthError, NotAllowed, NotFound, SandboxError
from .throttle import LOGIN_PER_ACCOUNT, account_key, clear_attempts

# scrypt cost: 16 MiB and ~50 ms per check on this machine, far above a brute-force budget
_N, _R, _P, _DKLEN = 2**14, 8, 1, 32
MIN_PASSWORD = 8


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` for a password (random salt)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash made by :func:`hash_password` (constant time)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    test = hashlib.scrypt(
        password.encode(),
        salt=bytes.fromhex(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(digest) // 2,
    )
    return hmac.compare_digest(test.hex(), digest)


def _check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise SandboxError(
            "kata_sandi_minimal_karakter",
            min_password=MIN_PASSWORD,
        )


def create_facilitator(
    db: Database, name: str, password: str, *, now: float, display_name: str | None = None
) -> int:
    """A new facilitator account; returns its id. ``display_name`` (e.g. "Dra. Siti Aminah")
    signs certificates; the login ``name`` is only for logging in."""
    name = name.strip()
    if not name:
        raise SandboxError("nama_fasilitator_wajib_diisi")
    _check_password_rules(password)
    if one(db, "SELECT id FROM facilitators WHERE name = ?", [name]):
        raise SandboxError("fasilitator_sudah_ada", name=name)
    with write_txn(db):
        cur = db.conn.execute(
            "INSERT INTO facilitators (name, password_hash, created_at, display_name) "
            "VALUES (?, ?, ?, ?)",
            [name, hash_password(password), iso_utc(now), (display_name or "").strip() or None],
        )
    return int(cur.lastrowid)


def facilitator_id(db: Database, name: str) -> int | None:
    """The id of the facilitator with this name (None if there is none)."""
    row = one(db, "SELECT id FROM facilitators WHERE name = ?", [name.strip()])
    return None if row is None else int(row["id"])


def set_display_name(db: Database, facilitator_id: int, display_name: str) -> None:
    """The name certificates carry for this facilitator (blank: the login name)."""
    with write_txn(db):
        db.conn.execute(
            "UPDATE facilitators SET display_name = ? WHERE id = ?",
            [display_name.strip() or None, facilitator_id],
        )


def display_name(db: Database, facilitator_id: int) -> str:
    """The name a facilitator signs with: the display name, else the login name."""
    row = one(db, "SELECT name, display_name FROM facilitators WHERE id = ?", [facilitator_id])
    if row is None:
        raise NotFound("fasilitator_tidak_ditemukan")
    return row["display_name"] or row["name"]


def authenticate(db: Database, name: str, password: str) -> int:
    """The facilitator's id when name and password match; :class:`AuthError` otherwise."""
    row = one(db, "SELECT id, password_hash FROM facilitators WHERE name = ?", [name.strip()])
    if row is None:
        hash_password(password)  # same work either way: no timing hint that the name exists
        raise AuthError()
    if not check_password(password, row["password_hash"]):
        raise AuthError()
    return int(row["id"])


def session_epoch(db: Database, facilitator_id: int) -> int | None:
    """The account's current session epoch (None when the account does not exist)."""
    row = one(db, "SELECT session_epoch FROM facilitators WHERE id = ?", [facilitator_id])
    return None if row is None else int(row["session_epoch"])


def end_sessions(db: Database, facilitator_id: int) -> None:
    """Log the account out everywhere: every session issued so far stops working."""
    with write_txn(db):
        db.conn.execute(
            "UPDATE facilitators SET session_epoch = session_epoch + 1 WHERE id = ?",
            [facilitator_id],
        )


def reset_password(db: Database, name: str, password: str) -> int:
    """Give an account a new password (for a facilitator who forgot theirs): every session ends
    and its throttled wrong attempts are forgotten. Returns the account's id."""
    _check_password_rules(password)
    fid = facilitator_id(db, name)
    if fid is None:
        raise NotFound("fasilitator_tidak_ada", name=name.strip())
    with write_txn(db):
        db.conn.execute(
            """UPDATE facilitators SET password_hash = ?, session_epoch = session_epoch + 1
               WHERE id = ?""",
            [hash_password(password), fid],
        )
    clear_attempts(db, LOGIN_PER_ACCOUNT, account_key(name))
    return fid


def require_owner(db: Database, workshop_id: int, facilitator_id: int) -> None:
    """Refuse a facilitator action on a workshop the facilitator does not own."""
    row = one(db, "SELECT facilitator_id FROM workshops WHERE id = ?", [workshop_id])
    if row is None or row["facilitator_id"] != facilitator_id:
        raise NotAllowed(
            "hanya_fasilitator_pemilik_latihan",
        )
