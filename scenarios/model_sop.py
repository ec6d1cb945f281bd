"""The SOP, the load, citizen behaviour, routing and the simulated period of a scenario."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .fields import param
from .model import CalendarConfig, Category, Dist, Meta, Opd, OutOfScope, Region
from .model_scoring import Scoring

EscalationAction = Literal["reminder", "priority", "escalate_head", "escalate_admin"]


@dataclass(frozen=True, kw_only=True)
class Deadlines:
    """Stage time limits in working days (HK); see docs/calendar.md for how HK are counted."""

    verification: int = param(3, minimum=0, unit="HK", help="Admin instansi verifies a new report.")
    followup: int = param(
        5, minimum=0, unit="HK", help="OPD posts its tindak lanjut after the disposition."
    )
    urgent_followup: int = param(
        0,
        minimum=0,
        unit="HK",
        help="Tindak lanjut of a report that states a threat to safety, when the SOP sets a "
        "shorter limit for it; 0 = the same as followup.",
    )
    completion: int = param(
        14, minimum=0, unit="HK", help="Completion of a complaint without supervisory content."
    )
    completion_investigation: int = param(
        60, minimum=0, unit="HK", help="Completion of a complaint needing investigation or audit."
    )
    aspirasi: int = param(5, minimum=0, unit="HK", help="Completion of an aspiration.")
    informasi: int = param(5, minimum=0, unit="HK", help="Completion of an information request.")
    auto_close: int = param(
        10, minimum=0, unit="HK", help="A follow-up with no reply from the reporter closes itself."
    )
    clarification_wait: int = param(
        10,
        minimum=0,
        unit="HK",
        help="A report on hold (ditunda) with no reply from the reporter is archived.",
    )


@dataclass(frozen=True)
class EscalationStep:
    """One rung of the escalation ladder, triggered on working time used of a stage deadline."""

    at: float = param(
        minimum=0, unit="fraction of deadline", help="When: 0.8 = 80% of the time used."
    )
    action: EscalationAction = param(help="What happens.")


@dataclass(frozen=True, kw_only=True)
class Approval:
    """Optional nota-dinas loop: the head of OPD approves the answer before it is posted."""

    enabled: bool = param(False, help="Whether answers need the head's approval.")
    delay: Dist = param(
        Dist("lognormal", 1.0, 1.0), unit="working days", help="Time for the approval to come back."
    )
    rejection_share: float = param(
        0.1, minimum=0, maximum=1, unit="fraction", help="Share of answers sent back for rework."
    )


@dataclass(frozen=True, kw_only=True)
class Sop:
    """The kabupaten's SOP: who verifies, with what staff, within what time limits."""

    verification: Literal["central", "decentralised", "none"] = param(
        "central",
        help="central: the admin instansi (Diskominfo) verifies and disposes every report; "
        "decentralised: each report goes to the OPD the reporter chose, which verifies it in "
        "its own queue; none: no verification stage (textbook queueing case).",
    )
    verifiers: int = param(1, minimum=0, unit="people", help="Admin instansi verifying reports.")
    verifier_time_share: float = param(
        0.5, minimum=0.01, maximum=1, unit="fraction", help="Share of a verifier's time on reports."
    )
    verifier_checks_per_day: int = param(
        3,
        minimum=0,
        maximum=24,
        unit="/day",
        help="How often a verifier opens the queue; 0 = continuously.",
    )
    verification_handling: Dist = param(
        Dist("lognormal", 0.25, 0.6),
        unit="working hours",
        help="Verifier effort per report (telaah, classification, disposition).",
    )
    deadlines: Deadlines = param(Deadlines(), help="Stage time limits.")
    escalation: tuple[EscalationStep, ...] = param(
        (EscalationStep(0.8, "reminder"), EscalationStep(1.0, "escalate_head")),
        help="Escalation ladder on the follow-up deadline.",
    )
    approval: Approval = param(Approval(), help="Nota-dinas approval loop.")
    other_tier_return: int = param(
        5,
        minimum=0,
        unit="HK",
        help="A report forwarded to the wrong office of another tier comes back after this long "
        "[assumption].",
    )
    max_hops: int = param(
        3,
        minimum=1,
        unit="dispositions",
        help="After this many returns the coordination team decides.",
    )


@dataclass(frozen=True, kw_only=True)
class Surge:
    """A period when some categories arrive more often (haze season, floods)."""

    label: str = param(help="Name shown to users.", example="Musim kabut asap")
    categories: tuple[str, ...] = param(help="Category or sub-category codes affected.")
    start: str = param(help="First day, MM-DD.", example="07-15")
    end: str = param(help="Last day, MM-DD (may wrap past New Year).", example="10-15")
    multiplier: float = param(minimum=0, unit="×", help="Arrival rate multiplier during the surge.")


def _flat(n: int) -> tuple[float, ...]:
    return (1.0,) * n


@dataclass(frozen=True, kw_only=True)
class Load:
    """How many reports arrive, when, of what kind, and how many are hard cases."""

    reports_per_year: float = param(
        minimum=0, unit="reports/year", help="Expected reports in a year before surges."
    )
    hourly_profile: tuple[float, ...] = param(
        (
            0.2,
            0.1,
            0.1,
            0.1,
            0.2,
            0.5,
            0.9,
            1.3,
            1.6,
            1.7,
            1.6,
            1.5,
            1.3,
            1.3,
            1.4,
            1.4,
            1.3,
            1.2,
            1.1,
            1.2,
            1.2,
            1.0,
            0.6,
            0.4,
        ),
        help="Relative arrival rate per hour of day (24 values, local time).",
    )
    weekday_profile: tuple[float, ...] = param(
        (1.2, 1.15, 1.1, 1.1, 1.0, 0.75, 0.7),
        help="Relative rate per weekday, Monday first (7 values).",
    )
    monthly_profile: tuple[float, ...] = param(
        _flat(12), help="Relative rate per month, January first (12 values)."
    )
    category_mix: dict[str, float] = param(
        help="Relative weight of each category code (normalised)."
    )
    type_mix: dict[str, float] = param(
        factory=lambda: {"pengaduan": 0.69, "informasi": 0.20, "aspirasi": 0.11},
        help="Mix of report types (Bojonegoro 2018).",
    )
    channel_mix: dict[str, float] = param(
        factory=lambda: {
            "web": 0.30,
            "app": 0.25,
            "sms": 0.10,
            "x": 0.05,
            "whatsapp": 0.20,
            "walkin": 0.07,
            "integrasi": 0.03,
        },
        help="Mix of channels: web, app, sms, x, whatsapp, walkin, integrasi.",
    )
    anonymous_share: float = param(
        0.15, minimum=0, maximum=1, unit="fraction", help="Reporter asks for anonymity."
    )
    confidential_share: float = param(
        0.05,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Reporter asks for confidentiality (rahasia).",
    )
    incomplete_share: float = param(
        0.17,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Reports missing place, time or details (tunda).",
    )
    out_of_scope_share: float = param(
        0.05, minimum=0, maximum=1, unit="fraction", help="Not about public service (archive)."
    )
    duplicate_share: float = param(
        0.04, minimum=0, maximum=1, unit="fraction", help="Re-reports of an earlier incident."
    )
    private_person_share: float = param(
        0.06,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Reports naming a private person (should be made anonim/rahasia).",
    )
    urgent_share: float = param(
        0.03,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Reports about an immediate safety threat.",
    )
    reporter_choice_accuracy: float = param(
        0.7,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Reporters who pick the right category and agency themselves (read by the "
        "category-table and reporter-selected routing policies) [assumption].",
    )
    surges: tuple[Surge, ...] = param((), help="Seasonal or one-off surges.")


@dataclass(frozen=True, kw_only=True)
class Citizen:
    """How simulated reporters behave."""

    clarification_reply_share: float = param(
        0.6,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Reporters who complete a report put on hold.",
    )
    clarification_reply_delay: Dist = param(
        Dist("lognormal", 30.0, 1.0), unit="hours", help="Time until they reply (calendar hours)."
    )
    dissatisfied_share: float = param(
        0.15,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Reporters who reply dissatisfied to a follow-up.",
    )
    dissatisfied_delay: Dist = param(
        Dist("lognormal", 48.0, 1.0), unit="hours", help="Time until that reply (calendar hours)."
    )


@dataclass(frozen=True, kw_only=True)
class Routing:
    """How the verifier picks the OPD; policies are listed in docs/scenarios.md."""

    policy: str = param("verifier", help="Routing policy name.")
    accuracy: float = param(
        0.85,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="verifier and category-table: share of reports routed to the right OPD.",
    )
    params: dict[str, float] = param(factory=dict, help="Extra numeric parameters of the policy.")


@dataclass(frozen=True, kw_only=True)
class Simulation:
    """The simulated period of a run."""

    start: date = param(date(2025, 1, 6), help="First simulated day.")
    days: int = param(
        365, minimum=1, unit="days", help="Length of the simulated period (calendar days)."
    )
    warmup_days: int = param(
        30, minimum=0, unit="days", help="Leading days left out of statistics."
    )
    backlog_cases: int = param(
        0,
        minimum=0,
        unit="reports",
        help="Open reports already waiting on the first day (today's backlog), drawn from the "
        "load of the preceding backlog_max_age_days and queued for verification.",
    )
    backlog_max_age_days: int = param(
        20, minimum=1, unit="days", help="Age of the oldest report in the starting backlog."
    )


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """One kabupaten under one SOP: everything the simulator and the trainer need."""

    scenario: Meta = param(help="Name and description.")
    region: Region = param(help="The kabupaten.")
    calendar: CalendarConfig = param(CalendarConfig(), help="Working calendar.")
    opds: dict[str, Opd] = param(help="Units by code: local OPDs and other-tier offices.")
    categories: dict[str, Category] = param(help="Categories by code.")
    out_of_scope: dict[str, OutOfScope] = param(
        factory=dict,
        help="Kinds of report outside public service (private disputes, crimes, court cases, "
        "spam) and what the admin does with each; needed when load.out_of_scope_share > 0.",
    )
    sop: Sop = param(Sop(), help="The SOP.")
    load: Load = param(help="Arrivals.")
    citizen: Citizen = param(Citizen(), help="Reporter behaviour.")
    routing: Routing = param(Routing(), help="Routing policy.")
    simulation: Simulation = param(Simulation(), help="Simulated period.")
    scoring: Scoring = param(Scoring(), help="Scoring weights of bimtek exercises.")
