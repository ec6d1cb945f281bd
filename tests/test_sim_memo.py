"""What the runs of one scenario share in a process, and what they must not."""

from __future__ import annotations

import pickle
import threading

from scenarios import load_scenario
from simulator.memo import shared_calendar
from simulator.model import Simulation


def test_copies_of_a_scenario_share_one_calendar_and_a_changed_one_gets_its_own():
    """Does a worker's fresh copy of the scenario find the calendar its first run built?"""
    s = load_scenario("kutai_timur")
    sent = pickle.dumps(s)  # what a worker receives with each replication
    first, second = pickle.loads(sent), pickle.loads(sent)
    start = s.simulation.start
    assert first is not second
    assert shared_calendar(first, start) is shared_calendar(second, start)
    assert shared_calendar(load_scenario("kutai_timur"), start) is shared_calendar(s, start)
    changed = load_scenario("kutai_timur", {"calendar.cuti_bersama": False})
    assert shared_calendar(changed, start) is not shared_calendar(s, start)


def test_another_thread_gets_its_own_calendar():
    """Two threads never extend one calendar's day tables at once."""
    s = load_scenario("kutai_timur")
    mine = shared_calendar(s, s.simulation.start)
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(shared_calendar(s, s.simulation.start)))
    thread.start()
    thread.join()
    assert theirs[0] is not mine


def test_a_run_after_others_gives_what_a_first_run_gives():
    """Shared tables hold no draw: run 3 after runs 1 and 2 equals run 3 on a fresh copy."""
    s = load_scenario("kelas_bimtek")
    Simulation(s, 1).run()
    Simulation(s, 2).run()
    after = Simulation(s, 3).run()
    fresh = Simulation(pickle.loads(pickle.dumps(s)), 3).run()
    assert [(c.c.id, c.state, c.closed_at) for c in after.cases] == [
        (c.c.id, c.state, c.closed_at) for c in fresh.cases
    ]
