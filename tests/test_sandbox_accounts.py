"""Accounts without the web: throttled attempts in the database, revocable sessions, password
resets, look-alike display names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sandbox as sb
from sandbox.names import check_new_name, clean_name, name_key
from sandbox.testing import PASSWORD

LIMIT = sb.Limit("test", 3, 600.0)


@pytest.fixture
def db(tmp_path):
    database = sb.open_db(tmp_path / "sandbox.sqlite")
    yield database
    database.close()


def test_how_long_must_someone_wait_after_too_many_attempts(db):
    for t in (0.0, 100.0, 200.0):
        sb.check_attempts(db, LIMIT, "10.0.0.1", now=t)
        sb.record_attempt(db, LIMIT, "10.0.0.1", now=t)
    with pytest.raises(sb.Throttled) as info:
        sb.check_attempts(db, LIMIT, "10.0.0.1", now=300.0)
    assert info.value.retry_after == 300  # the first attempt leaves the window at 600
    assert "Coba lagi dalam 5 menit" in info.value.message_id
    sb.check_attempts(db, LIMIT, "10.0.0.2", now=300.0)  # another address is not affected
    sb.check_attempts(db, LIMIT, "10.0.0.1", now=600.5)  # the window slid past the first one


def test_clearing_forgets_the_attempts(db):
    for t in range(3):
        sb.record_attempt(db, LIMIT, "budi", now=float(t))
    sb.clear_attempts(db, LIMIT, "budi")
    sb.check_attempts(db, LIMIT, "budi", now=3.0)


def test_a_password_reset_ends_sessions_and_forgets_wrong_attempts(db):
    fid = sb.create_facilitator(db, "Budi", PASSWORD, now=0.0)
    before = sb.session_epoch(db, fid)
    for t in range(sb.LOGIN_PER_ACCOUNT.attempts):
        sb.record_attempt(db, sb.LOGIN_PER_ACCOUNT, sb.account_key(" budi "), now=float(t))
    with pytest.raises(sb.Throttled):
        sb.check_attempts(db, sb.LOGIN_PER_ACCOUNT, sb.account_key("BUDI"), now=30.0)
    assert sb.reset_password(db, "budi", "kata-sandi-baru") == fid
    assert sb.session_epoch(db, fid) == before + 1
    sb.check_attempts(db, sb.LOGIN_PER_ACCOUNT, sb.account_key("Budi"), now=30.0)
    assert sb.authenticate(db, "Budi", "kata-sandi-baru") == fid
    with pytest.raises(sb.SandboxError, match="minimal 8"):
        sb.reset_password(db, "Budi", "pendek")
    with pytest.raises(sb.NotFound):
        sb.reset_password(db, "Siapa", "kata-sandi-baru")


def test_logging_out_moves_the_epoch_on(db):
    fid = sb.create_facilitator(db, "Sari", PASSWORD, now=0.0)
    first = sb.session_epoch(db, fid)
    sb.end_sessions(db, fid)
    assert sb.session_epoch(db, fid) == first + 1 and sb.session_epoch(db, 999) is None


@pytest.mark.parametrize(
    "name",
    ["ANI", "ani", "Ani\u200b", "\u200dAni", "Ａｎｉ", "Aní", "ΑΝΙ", "A\u0301ni", "Ani\u00ad"],
)
def test_names_that_pass_for_ani_share_its_key(name):
    assert name_key(name) == name_key("Ani")
    with pytest.raises(sb.SandboxError):
        check_new_name(clean_name(name), ["Ani"])


@pytest.mark.parametrize("name", ["Ana", "Ani Lestari", "Budi", "Анна", "Андрей"])
def test_different_names_are_welcome(name):
    check_new_name(clean_name(name), ["Ani"])


def test_latin_mixed_with_cyrillic_or_greek_is_refused():
    for name in ("\u0410ni", "Bud\u0456", "Ni\u03bfmi"):
        with pytest.raises(sb.SandboxError, match="mencampur"):
            check_new_name(name, [])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_a_cleaned_name_has_no_invisible_characters_and_a_stable_key(text):
    cleaned = clean_name(text)
    assert clean_name(cleaned) == cleaned
    assert not any(ch in cleaned for ch in "\u200b\u200c\u200d\u2060\ufeff\u202e\x00\x07")
    assert name_key(cleaned) == name_key(text)
