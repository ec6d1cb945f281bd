"""Time rules and measures: when each stage of a case is due, the named groups of lifecycle states,
and the table of KPIs — one definition read by the simulator, the trainer, the debrief, the
planner's sentences, the web tables and the JSON schemas (docs/model.md, "Time rules").

Every number comes from the scenario (``sop.deadlines``, a category's ``clarification_wait``);
this module only says which clock starts when:

- *verification* runs from arrival; time on hold (*ditunda*) does not count;
- *follow-up* (tindak lanjut) runs from the **first** disposition: a case bounced between OPDs
  keeps the clock the kabupaten started when it first disposed it (see docs/model.md for why);
- *completion* runs from arrival, by the kind of report (pengaduan, investigasi, aspirasi,
  informasi), extended by the time on hold; it is met by the last follow-up posted;
- *auto-close* restarts at every follow-up (a reporter's reply reopens the dialogue);
- *clarification*: a report on hold is archived when the reporter has not completed it in time
  (the category's own limit where it has one, such as DLH's three days).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .calendar import WorkCalendar
from .lifecycle import GOVERNMENT_STATES, ROUTING_SOURCES, STATES, TERMINAL_STATES
from .model_sop import Deadlines, Scenario

# --------------------------------------------------------------------------- state groups
#: waiting for the verifier's decision (new, or returned by an OPD / another tier)
AWAITING_VERIFICATION: tuple[str, ...] = ROUTING_SOURCES
#: on hold, waiting for the reporter to complete the report (the verification clock pauses)
ON_HOLD: tuple[str, ...] = ("ditunda",)
#: with an OPD that has not posted its follow-up yet (first round)
AT_OPD_BEFORE_FOLLOWUP: tuple[str, ...] = ("terdisposisi", "diproses")
#: with an OPD and owing an answer: before the follow-up, or after the reporter replied
AT_OPD: tuple[str, ...] = (*AT_OPD_BEFORE_FOLLOWUP, "ditanggapi_pelapor")
#: followed up, waiting for the reporter (or the auto-close)
AWAITING_REPORTER: tuple[str, ...] = ("ditindaklanjuti",)
#: the follow-up stands: the case is complete for the completion limit
FOLLOWED_UP: tuple[str, ...] = ("ditindaklanjuti", "selesai")
#: finished for good, in the lifecycle's order: closed, forwarded, archived, merged
CLOSED: tuple[str, ...] = tuple(s for s in STATES if s in TERMINAL_STATES)
#: not finished
OPEN: tuple[str, ...] = tuple(s for s in STATES if s not in TERMINAL_STATES)
#: waiting on the government (not on the reporter, not closed): the backlog
WAITING_ON_GOVERNMENT: frozenset[str] = GOVERNMENT_STATES
#: resolved for time-to-resolution: closed, or followed up
RESOLVED: frozenset[str] = frozenset({*TERMINAL_STATES, *AWAITING_REPORTER})

#: the actions that count as the government's first response to the reporter (a forward to the
#: wrong office of another tier too, as the simulator counts it: the reporter was answered)
FIRST_RESPONSE_ACTIONS: frozenset[str] = frozenset(
    {
        "tunda",
        "arsipkan",
        "duplikat",
        "bukan_wewenang",
        "teruskan_keliru",
        "terima",
        "tanggapan_awal",
        "tindak_lanjut",
    }
)
#: the actions that decide a report at verification (its verification time)
VERIFICATION_DECISIONS: frozenset[str] = frozenset(
    {"disposisi", "bukan_wewenang", "arsipkan", "duplikat", "kedaluwarsa"}
)

# --------------------------------------------------------------------------- deadlines
CompletionKind = Literal["pengaduan", "investigasi", "aspirasi", "informasi"]


def completion_kind(report_type: str, investigation: bool = False) -> CompletionKind:
    """Which completion limit a report is held to: a complaint needing investigation or audit
    has its own (60 HK by default), the other report types theirs."""
    if investigation and report_type == "pengaduan":
        return "investigasi"
    if report_type not in ("pengaduan", "aspirasi", "informasi"):
        raise ValueError(f"unknown report type {report_type!r}")
    return report_type  # type: ignore[return-value]


def completion_days(d: Deadlines, kind: str) -> int:
    """The completion limit (HK) of a kind of report (:func:`completion_kind`)."""
    return {
        "pengaduan": d.completion,
        "investigasi": d.completion_investigation,
        "aspirasi": d.aspirasi,
        "informasi": d.informasi,
    }[kind]


def verification_due(
    cal: WorkCalendar, arrived_at: float, d: Deadlines, paused_wh: float = 0.0
) -> float:
    """When the verifier must have decided a report: ``verification`` HK from arrival, later by
    the working hours it spent on hold."""
    due = cal.deadline_working_days(arrived_at, d.verification)
    return cal.add_working_hours(due, paused_wh) if paused_wh else due


def followup_days(d: Deadlines, urgent: bool = False) -> int:
    """The tindak lanjut limit in HK: ``urgent_followup`` for an urgent report when the SOP sets
    a shorter one, else ``followup``."""
    if urgent and 0 < d.urgent_followup < d.followup:
        return d.urgent_followup
    return d.followup


def followup_due(
    cal: WorkCalendar, first_disposed_at: float, d: Deadlines, urgent: bool = False
) -> float:
    """When the OPD's tindak lanjut is due: :func:`followup_days` HK from the case's *first*
    disposition."""
    return cal.deadline_working_days(first_disposed_at, followup_days(d, urgent))


def completion_due(
    cal: WorkCalendar, arrived_at: float, days: int, paused_wh: float = 0.0
) -> float:
    """When a case must be complete: ``days`` HK (:func:`completion_days`) from arrival, later by
    the working hours it spent on hold."""
    due = cal.deadline_working_days(arrived_at, days)
    return cal.add_working_hours(due, paused_wh) if paused_wh else due


def auto_close_due(cal: WorkCalendar, followup_at: float, d: Deadlines) -> float:
    """When a followed-up case closes itself: ``auto_close`` HK after the latest follow-up."""
    return cal.deadline_working_days(followup_at, d.auto_close)


def clarification_days(scenario: Scenario, category: str | None) -> int:
    """How long (HK) a report on hold waits for the reporter: the category's own limit if it
    has one (DLH: three days to complete a pollution report), else the SOP's."""
    cat = scenario.categories.get(category) if category else None
    own = getattr(cat, "clarification_wait", None)
    return scenario.sop.deadlines.clarification_wait if own is None else own


def clarification_due(
    cal: WorkCalendar, hold_started: float, scenario: Scenario, category: str | None
) -> float:
    """When a report on hold is archived if the reporter has not completed it."""
    return cal.deadline_working_days(hold_started, clarification_days(scenario, category))


def sla_met(done_at: float | None, deadline: float | None, end: float) -> bool | None:
    """Whether a step met its deadline as known at instant ``end``: done by then (True or
    False), not done and the deadline passed (False), or not yet known (None)."""
    if deadline is None:
        return None
    if done_at is not None:
        return done_at <= deadline + 1e-9
    return False if deadline <= end else None


# --------------------------------------------------------------------------- KPIs
Unit = Literal["share", "hours", "days", "cases", "number"]
KIND_OF_UNIT = {
    "share": "fraction",
    "hours": "duration",
    "days": "duration",
    "cases": "count",
    "number": "ratio",
}


@dataclass(frozen=True)
class Kpi:
    """One measure of a run (or of a workshop): its name, labels, unit and which way is better.

    ``unit``: share (0–1 of cases), hours (working hours), days (working days), cases (a count),
    number (a plain per-case figure). ``better``: +1 higher is better, -1 lower is better, 0 a
    figure with no better side (arrivals). ``shown``: where it appears besides the full table —
    "headline" (a comparison's sentences), "sweep" (a sweep's columns), "debrief" (measured on a
    workshop's cases next to the counterfactual), "target" (a staffing target), "desk" (also a
    per-desk figure).
    """

    name: str
    label_id: str
    label_en: str
    unit: Unit
    better: Literal[-1, 0, 1]
    shown: frozenset[str] = frozenset()
    description: str = ""

    @property
    def kind(self) -> str:
        """fraction, duration, count or ratio (from the unit)."""
        return KIND_OF_UNIT[self.unit]

    @property
    def higher_is_better(self) -> bool | None:
        """True, False, or None when neither side is better."""
        return None if self.better == 0 else self.better > 0


def _k(
    name: str,
    label_id: str,
    label_en: str,
    unit: Unit,
    better: Literal[-1, 0, 1],
    *shown: str,
    description: str = "",
) -> Kpi:
    return Kpi(name, label_id, label_en, unit, better, frozenset(shown), description)


#: every KPI of a run, in table order: adding a KPI is one entry here (and its value in
#: ``simulator.results.kpis``)
# fmt: off
KPIS: tuple[Kpi, ...] = (
    _k("arrivals", "laporan masuk", "reports received", "cases", 0, "debrief",
       description="Reports that arrived in the window."),
    _k("verification_sla_met", "verifikasi tepat waktu", "verification on time", "share", 1,
       "headline", "sweep", "debrief", "target",
       description="Share of reports decided within the verification limit (hold not counted)."),
    _k("followup_sla_met", "tindak lanjut tepat waktu", "follow-up on time", "share", 1,
       "headline", "sweep", "debrief", "target", "desk",
       description="Share of disposed cases followed up within the limit from the first disposition."),
    _k("completion_sla_met", "penyelesaian tepat waktu", "completion on time", "share", 1,
       "headline", "sweep", "target",
       description="Share of local cases completed within the limit of their kind (hold not counted)."),
    _k("ttfr_working_hours", "waktu tanggapan pertama", "time to first response", "hours", -1,
       "headline", "target",
       description="Mean working hours from arrival to the first response."),
    _k("ttr_working_days", "waktu penyelesaian", "time to resolution", "days", -1,
       "headline", "sweep", "target",
       description="Mean working days from arrival to the last follow-up or closing."),
    _k("misroute_rate", "salah disposisi", "misrouted disposisi", "share", -1,
       "headline", "debrief",
       description="Share of routed cases sent to a wrong door at least once."),
    _k("hops_per_case", "perpindahan disposisi per laporan", "disposisi hops per report",
       "number", -1, "debrief",
       description="Mean returns and bounces per routed case whose routing is known."),
    _k("forwarded_share", "diteruskan (bukan wewenang)", "forwarded (not our authority)",
       "share", 0, "debrief",
       description="Share of reports forwarded to another tier."),
    _k("archived_share", "diarsipkan", "archived", "share", 0, "debrief",
       description="Share of reports archived."),
    _k("auto_closed_share", "selesai otomatis", "auto-closed", "share", 0, "debrief",
       description="Share of reports closed automatically after a follow-up."),
    _k("escalations_per_case", "eskalasi per laporan", "escalations per report", "number", -1,
       description="Mean escalation rungs reached per routed case."),
    _k("backlog_end", "tunggakan di akhir", "backlog at the end", "cases", -1,
       "headline", "sweep", "debrief", "target",
       description="Cases waiting on the government at the end."),
)
# fmt: on
#: the per-desk figures of a run (``simulator.results.opd_kpis``)
DESK_FIGURES: tuple[Kpi, ...] = (
    _k("arrivals", "laporan masuk", "reports received", "cases", 0),
    _k("wait_hours", "waktu tunggu", "waiting time", "hours", -1),
    _k("waited_share", "harus menunggu", "had to wait", "share", -1),
    _k("handling_hours", "waktu kerja per laporan", "handling time per report", "hours", 0),
    _k("utilization", "utilisasi", "utilisation", "share", 0),
)

KPI_BY_NAME: dict[str, Kpi] = {k.name: k for k in KPIS}
KPI_NAMES: tuple[str, ...] = tuple(k.name for k in KPIS)
DESK_FIGURE_NAMES: tuple[str, ...] = tuple(k.name for k in DESK_FIGURES)
#: every KPI and desk figure by name (a desk's followup_sla_met is the KPI's)
MEASURES: dict[str, Kpi] = {**{k.name: k for k in DESK_FIGURES}, **KPI_BY_NAME}
SLA_KPIS: tuple[str, ...] = tuple(k.name for k in KPIS if k.name.endswith("_sla_met"))


def kpis_shown(where: str) -> tuple[str, ...]:
    """The names of the KPIs shown ``where`` ("headline", "sweep", "debrief", "target",
    "desk"), in table order."""
    return tuple(k.name for k in KPIS if where in k.shown)


def better(name: str) -> int:
    """+1 when a higher value of the measure is better, -1 when lower, 0 when neither."""
    return MEASURES[name].better
