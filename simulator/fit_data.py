"""What a history says of each OPD: first routings by category, dispositions and returns,
response and follow-up durations in working hours (censored at the end), and the instants of its
actions — the data of the fit (:mod:`simulator.fit`) and of its calibration."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .history import DECISIONS, ROUTINGS, History


@dataclass
class OpdData:
    """What the history says of each OPD: first routings by category, dispositions and returns,
    response and follow-up durations (working hours, observed or censored), action instants."""

    routes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    disposed: Counter = field(default_factory=Counter)
    returned: Counter = field(default_factory=Counter)
    response: dict[str, list[tuple[float, bool]]] = field(default_factory=lambda: defaultdict(list))
    followup: dict[str, list[tuple[float, bool]]] = field(default_factory=lambda: defaultdict(list))
    actions: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    #: the start instant of each response and follow-up (parallel lists), for the blocks
    response_at: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    followup_at: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def mean_followup(self, code: str) -> float | None:
        seen = [x for x, done in self.followup.get(code, []) if done]
        return sum(seen) / len(seen) if seen else None


def opd_data(h: History) -> OpdData:
    """Collect :class:`OpdData` from the reports of a history that have an arrival."""
    cal, end, d = h.cal, h.end, OpdData()
    for c in h.cases.values():
        if c.arrived_at is None:
            continue
        evs = c.events
        first = next((e for e in evs if e.activity in ROUTINGS), None)
        if first is not None and c.category:
            d.routes[c.category][first.unit] += 1
        for i, e in enumerate(evs):
            if e.activity in ("terima", "kembalikan", "tanggapan_awal") and e.unit:
                d.actions[e.unit].append(e.at)
            if e.activity == "disposisi":
                d.disposed[e.unit] += 1
                nxt = next(
                    (
                        x
                        for x in evs[i + 1 :]
                        if x.unit == e.unit
                        and x.activity in ("terima", "kembalikan", "tanggapan_awal")
                    ),
                    None,
                )
                later = any(x.activity in DECISIONS for x in evs[i + 1 :])
                if nxt is not None:
                    d.returned[e.unit] += nxt.activity == "kembalikan"
                    d.response[e.unit].append((cal.working_hours_between(e.at, nxt.at), True))
                    d.response_at[e.unit].append(e.at)
                elif not later:
                    d.response[e.unit].append((cal.working_hours_between(e.at, end), False))
                    d.response_at[e.unit].append(e.at)
            if e.activity == "terima":
                nxt = next(
                    (x for x in evs[i + 1 :] if x.activity in ("tindak_lanjut", "kembalikan")), None
                )
                if nxt is None:
                    d.followup[e.unit].append((cal.working_hours_between(e.at, end), False))
                    d.followup_at[e.unit].append(e.at)
                elif nxt.activity == "tindak_lanjut":
                    d.followup[e.unit].append((cal.working_hours_between(e.at, nxt.at), True))
                    d.followup_at[e.unit].append(e.at)
    return d
