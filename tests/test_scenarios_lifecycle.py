"""The shared lifecycle table: which action is allowed where, and by whom."""

from __future__ import annotations

import pytest

from scenarios import lifecycle as lc


def test_every_transition_connects_known_states():
    for t in lc.TRANSITIONS:
        assert t.source in lc.STATES and t.target in lc.STATES
        assert not lc.STATES[t.source].terminal, f"{t.source} is terminal but has {t.action}"


def test_every_state_is_reachable_and_every_open_state_can_finish():
    reach = {lc.INITIAL_STATE}
    changed = True
    while changed:
        new = {t.target for t in lc.TRANSITIONS if t.source in reach} - reach
        reach |= new
        changed = bool(new)
    assert reach == set(lc.STATES)
    can_finish = set(lc.TERMINAL_STATES)
    changed = True
    while changed:
        new = {t.source for t in lc.TRANSITIONS if t.target in can_finish} - can_finish
        can_finish |= new
        changed = bool(new)
    assert can_finish == set(lc.STATES)


def test_can_a_penghubung_respond_after_returning_the_case():
    state = lc.apply("terdisposisi", "kembalikan", "penghubung")
    assert state == "dikembalikan"
    with pytest.raises(lc.TransitionError):
        lc.apply(state, "tindak_lanjut", "penghubung")
    assert lc.apply(state, "disposisi", "verifikator") == "terdisposisi"


def test_a_verifier_cannot_take_the_penghubung_action():
    with pytest.raises(lc.TransitionError) as info:
        lc.apply("terdisposisi", "terima", "verifikator")
    assert "not allowed" in str(info.value)


def test_reporter_reply_reopens_the_dialogue():
    s = lc.apply("ditindaklanjuti", "balas", "pelapor")
    assert s == "ditanggapi_pelapor" and not lc.is_terminal(s)
    assert lc.apply(s, "tindak_lanjut", "penghubung") == "ditindaklanjuti"


def test_hold_either_completes_or_expires():
    assert lc.apply("ditunda", "lengkapi", "pelapor") == "masuk"
    assert lc.apply("ditunda", "kedaluwarsa", "sistem") == "diarsipkan"
    assert {t.action for t in lc.allowed_actions("ditunda")} == {"lengkapi", "kedaluwarsa"}
