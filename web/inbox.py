"""The participant's inbox as a desk reads it: search, filter by state and by deadline, sort, and
which cases are new (never opened by this participant). Pure functions of the listed cases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

import sandbox as sb

from .display import first_deadline

#: the deadline filter's choices: code (in the URL) → label
DUE = {
    "terlambat": _l("Terlambat"),
    "hari_ini": _l("Jatuh tempo hari ini"),
    "pekan_ini": _l("Jatuh tempo pekan ini"),
}
#: the sort choices: code → label
SORT = {
    "tenggat": _l("Tenggat terdekat"),
    "terbaru": _l("Terbaru masuk"),
}


@dataclass(frozen=True)
class InboxQuery:
    """What the participant asked the inbox for (from the URL; unknown values are ignored)."""

    text: str = ""
    state: str = ""
    due: str = ""
    sort: str = "tenggat"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> InboxQuery:
        """The query from request arguments ``q``, ``status``, ``tenggat`` and ``urut``."""
        due = args.get("tenggat", "")
        sort = args.get("urut", "tenggat")
        return cls(
            text=" ".join((args.get("q") or "").split())[:100],
            state=args.get("status", "")[:40],
            due=due if due in DUE else "",
            sort=sort if sort in SORT else "tenggat",
        )

    def args(self) -> dict[str, str]:
        """The query as URL arguments (empty ones left out), for the poll URL and links."""
        out = {"q": self.text, "status": self.state, "tenggat": self.due}
        if self.sort != "tenggat":
            out["urut"] = self.sort
        return {k: v for k, v in out.items() if v}

    @property
    def active(self) -> bool:
        """Whether anything narrows the list."""
        return bool(self.text or self.state or self.due)


def _matches_text(case: sb.CaseView, text: str) -> bool:
    words = text.casefold().split()
    hay = " ".join(
        str(v or "")
        for v in (case.id, case.title, case.report_title, case.body, case.desa, case.kecamatan)
    ).casefold()
    return all(w in hay for w in words)


def _matches_due(case: sb.CaseView, due: str, today: date) -> bool:
    if due == "terlambat":
        return any(d.working_hours_left < 0 for d in case.deadlines)
    open_ = [d for d in case.deadlines if d.working_hours_left >= 0]
    if due == "hari_ini":
        return any(d.due.date() <= today for d in open_)
    week_end = today + timedelta(days=6 - today.weekday())  # Sunday of this week
    return any(d.due.date() <= week_end for d in open_)


def select(cases: Iterable[sb.CaseView], query: InboxQuery, today: date) -> list[sb.CaseView]:
    """The cases that match the query, in its order (deadline first, or newest first)."""
    found = [
        c
        for c in cases
        if (not query.text or _matches_text(c, query.text))
        and (not query.state or c.state == query.state)
        and (not query.due or _matches_due(c, query.due, today))
    ]
    if query.sort == "terbaru":
        return sorted(found, key=lambda c: c.received, reverse=True)
    return sorted(found, key=lambda c: (first_deadline(c), c.received))
