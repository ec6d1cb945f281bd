"""The world a scenario describes: one kabupaten, its OPDs, categories, SOP and load.

Plain frozen dataclasses; every field is declared once with :func:`scenarios.fields.param`.
Defaults are the figures of the domain brief (SP4N-LAPOR! rules, PermenPANRB 62/2018, local
practice); a scenario file overrides what differs in its kabupaten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .fields import param

Tier = Literal["kabupaten", "kecamatan", "provinsi", "vertikal", "kl", "lainnya"]
ReportType = Literal["pengaduan", "aspirasi", "informasi"]
DistName = Literal["fixed", "exponential", "lognormal", "gamma", "uniform", "triangular"]

REPORT_TYPES: tuple[str, ...] = ("pengaduan", "aspirasi", "informasi")
CHANNELS: tuple[str, ...] = ("web", "app", "sms", "x", "whatsapp", "walkin", "integrasi")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LOCAL_TIERS: tuple[str, ...] = ("kabupaten", "kecamatan")


@dataclass(frozen=True)
class Dist:
    """A duration distribution; its unit is the one of the field that holds it.

    In a file: ``{dist: lognormal, mean: 4, cv: 0.8}``, or a bare number for a fixed value.
    """

    dist: DistName = param("lognormal", help="Shape of the distribution.")
    mean: float = param(1.0, minimum=0, help="Mean value (in the unit of the field).")
    cv: float = param(
        1.0,
        minimum=0,
        help="Coefficient of variation (sd / mean); ignored by fixed and exponential.",
    )
    min: float = param(0.0, minimum=0, help="Values below are raised to this floor.")
    max: float | None = param(None, minimum=0, help="Values above are cut to this ceiling.")

    @classmethod
    def from_scalar(cls, value: float) -> Dist:
        """A bare number in a file means a fixed duration."""
        return cls(dist="fixed", mean=float(value), cv=0.0)


@dataclass(frozen=True, kw_only=True)
class Meta:
    """What the scenario is and where it comes from."""

    name: str = param(help="Short identifier (file stem by convention).", example="sanggau")
    title: str = param(help="Title shown to users.", example="Kabupaten Sanggau (sintetis)")
    description: str = param("", help="What this scenario is for, its sources and assumptions.")
    synthetic: bool = param(True, help="Marks every generated case as synthetic training data.")
    language: Literal["id", "en"] = param("id", help="Language of case texts.")


@dataclass(frozen=True, kw_only=True)
class Region:
    """The kabupaten: names used in generated reports and the time zone of its calendar."""

    name: str = param(help="Name of the kabupaten or kota.", example="Kabupaten Sanggau")
    province: str = param(help="Province.", example="Kalimantan Barat")
    timezone: Literal["WIB", "WITA", "WIT"] = param("WIB", help="Local time zone.")
    kecamatan: dict[str, tuple[str, ...]] = param(
        help="Kecamatan, each with some of its desa/kelurahan.",
        example={"Kapuas": ["Sungai Sengkuang", "Tanjung Kapuas"]},
    )
    rivers: tuple[str, ...] = param((), help="River names that reports may mention.")
    roads: tuple[str, ...] = param(
        (), help="Names of kabupaten roads that reports may mention (owner: the kabupaten's PUPR)."
    )
    provincial_roads: tuple[str, ...] = param(
        (), help="Names of provincial roads (jalan provinsi); the text reader reads them as such."
    )
    national_roads: tuple[str, ...] = param(
        (), help="Names of national roads (jalan nasional, lintas/trans); read as such."
    )


@dataclass(frozen=True, kw_only=True)
class CalendarConfig:
    """Working days and office hours; national holidays come from the `holidays` package."""

    always_open: bool = param(
        False, help="24-hour, 7-day calendar with no holidays (the textbook queueing case)."
    )
    office_hours: dict[str, str] = param(
        factory=lambda: {
            "mon": "07:30-16:00",
            "tue": "07:30-16:00",
            "wed": "07:30-16:00",
            "thu": "07:30-16:00",
            "fri": "07:30-16:30",
        },
        help="Office hours per weekday (mon..sun) as HH:MM-HH:MM, several separated by commas; "
        "a weekday left out is closed.",
    )
    national_holidays: bool = param(True, help="Close on Indonesia's national public holidays.")
    cuti_bersama: bool = param(True, help="Close on cuti bersama (collective leave) days.")
    closed_days: tuple[date, ...] = param((), help="Extra closed days (local holidays).")
    open_days: tuple[date, ...] = param(
        (), help="Days to open although a holiday or weekend (overrides the above)."
    )


@dataclass(frozen=True, kw_only=True)
class Opd:
    """A unit that receives complaints: kabupaten OPD, kecamatan, or another tier's office."""

    name: str = param(help="Full name.", example="Dinas Lingkungan Hidup")
    tier: Tier = param(
        "kabupaten",
        help="kabupaten/kecamatan units are simulated desks; provinsi, vertikal (e.g. BPN), "
        "kl (ministries) and lainnya are forward targets outside the kabupaten.",
    )
    kecamatan: str | None = param(
        None,
        help="For a kecamatan unit: the region.kecamatan it serves (it is an acceptable handler "
        "only for reports from there).",
    )
    officers: int = param(
        1, minimum=0, help="Admin penghubung (liaison officers) appointed by the SK.", unit="people"
    )
    time_share: float = param(
        0.3,
        minimum=0.01,
        maximum=1,
        help="Share of an officer's office time spent on complaints (the rest is other duties).",
        unit="fraction",
    )
    checks_per_day: int = param(
        2,
        minimum=0,
        maximum=24,
        help="How many times a day an officer opens the app; 0 = watches it continuously.",
        unit="/day",
    )
    absence_share: float = param(
        0.05,
        minimum=0,
        maximum=0.9,
        help="Share of working days an officer is away (leave, duty travel).",
        unit="fraction",
    )
    handling: Dist = param(
        Dist("lognormal", 3.0, 0.8),
        help="Officer effort to prepare a tindak lanjut, from acceptance to posting.",
        unit="working hours",
    )
    coordination: Dist = param(
        Dist("lognormal", 2.0, 1.0),
        help="Elapsed time for field check and coordination with the technical unit "
        "(waiting, not officer effort).",
        unit="working days",
    )
    triage: Dist = param(
        Dist("lognormal", 0.3, 0.5),
        help="Officer effort to read a disposition and accept it (with an initial response) "
        "or return it as misrouted.",
        unit="working hours",
    )


KECAMATAN_OWNER = "@kecamatan"  # an object's owner: the kecamatan unit serving the report's place


@dataclass(frozen=True, kw_only=True)
class ReportObject:
    """What a report is about, as its words state it, and who owns that (a row of "Who owns it").

    The owner follows from the object: a local unit means *disposisi*, another tier's office means
    *bukan wewenang* (forward). Every generated report about the object says one of its ``cues``.
    """

    label: str = param(
        help="Indonesian name of the object as an admin would say it.", example="jalan provinsi"
    )
    label_en: str = param(help="English name.", example="a provincial road")
    owner: str = param(
        help="Code of the office with authority, or @kecamatan: the kecamatan unit that serves the "
        "report's kecamatan (else `fallback`)."
    )
    fallback: str | None = param(
        None, help="Owner when `owner` is @kecamatan and no kecamatan unit serves the place."
    )
    co_owners: tuple[str, ...] = param(
        (), help="Offices that may acceptably handle it too (partial credit); may hold @kecamatan."
    )
    cues: tuple[str, ...] = param(
        help="Phrases that state this object (case-insensitive, whole words); a report about it "
        "says at least one, and the text reader looks for them.",
        example=["jalan provinsi", "ruas provinsi"],
    )
    region_names: Literal["roads", "provincial_roads", "national_roads"] | None = param(
        None,
        help="A list of the region whose names also state this object (a national road's name "
        "says it is a national road).",
    )
    weight: float = param(1.0, minimum=0, help="Relative frequency within its sub-category.")
    investigation_share: float | None = param(
        None,
        minimum=0,
        maximum=1,
        unit="fraction",
        help="Overrides the sub-category's investigation_share for this object.",
    )


@dataclass(frozen=True, kw_only=True)
class SubCategory:
    """A kind of complaint and who handles it (the routing table row)."""

    label: str = param(help="Indonesian label.", example="Pencemaran air/udara, limbah")
    label_en: str = param(help="English label.", example="Water/air pollution, waste water")
    owner: str = param(help="Code of the OPD with authority (may be another tier's office).")
    co_owners: tuple[str, ...] = param(
        (), help="OPDs that may acceptably handle it too (partial credit in scoring)."
    )
    misroute_to: tuple[str, ...] = param(
        (), help="Where misroutes typically go (the confusions of manual routing)."
    )
    objects: dict[str, ReportObject] = param(
        factory=dict,
        help="What a report of this kind may be about and who owns each (e.g. roads by class); "
        "empty: one object owned by `owner`, stated by the keywords.",
    )
    decides: str = param(
        "", help="Indonesian: which fact of the report decides its owner (shown in hints)."
    )
    decides_en: str = param("", help="English: which fact decides the owner.")
    other_tier_share: float | None = param(
        None,
        minimum=0,
        maximum=1,
        help="Share of these reports about objects of another tier (forwarded); rescales the "
        "objects' weights. Empty: as the weights give.",
        unit="fraction",
    )
    investigation_share: float = param(
        0.1,
        minimum=0,
        maximum=1,
        help="Share of complaints needing investigation or audit (60 HK completion); the report "
        "then asks for an inspection or audit in words.",
        unit="fraction",
    )
    weight: float = param(1.0, minimum=0, help="Relative frequency within its category.")
    keywords: tuple[str, ...] = param(
        (),
        help="Words that point to this sub-category (used by keyword routing and the text reader).",
    )
    needs_place: bool = param(
        True,
        help="Whether an officer needs the place to act (false for a website or an app): a "
        "report without one is held (tunda) only when true.",
    )
    needs_time: bool = param(
        False,
        help="Whether the kabupaten's office needs to know when it happened to act (a DLH "
        "complaint is complete only with it, P.22/2017): a report it owns is held (tunda) without "
        "it only when true; a report for another tier is forwarded without it, and a standing "
        "condition (a broken road, a dark street) needs no date.",
    )


@dataclass(frozen=True, kw_only=True)
class OutOfScope:
    """A kind of report outside public service: archived with guidance, or forwarded (crimes)."""

    label: str = param(help="Indonesian label.", example="Dugaan tindak pidana")
    label_en: str = param(help="English label.", example="Suspected crime")
    owner: str | None = param(
        None, help="Office to forward to (e.g. POLRES for a crime); empty: archive."
    )
    reason: str = param(help="Indonesian archive or forward reason an admin would write.")
    guidance: str = param("", help="Indonesian: where the reporter can go instead.")
    cues: tuple[str, ...] = param(
        help="Phrases that mark this kind (case-insensitive, whole words)."
    )
    weight: float = param(1.0, minimum=0, help="Relative frequency among out-of-scope reports.")
    no_complaint: bool = param(
        False,
        help="Messages that state no problem and ask for nothing (greetings, tests) are of this "
        "kind, even without its cues (read by the text reader).",
    )


@dataclass(frozen=True, kw_only=True)
class Category:
    """A LAPOR! top category with its sub-categories."""

    label: str = param(help="Indonesian label.", example="Lingkungan Hidup dan Kehutanan")
    label_en: str = param(help="English label.", example="Environment and Forestry")
    subcategories: dict[str, SubCategory] = param(help="Sub-categories by code.")
    clarification_wait: int | None = param(
        None,
        minimum=0,
        unit="HK",
        help="A report of this category on hold is archived when the reporter has not completed "
        "it in this long (DLH: three days, P.22/2017); empty = sop.deadlines.clarification_wait.",
    )
