"""What the generator asks the report writer for, and what the writer gives back.

The request and the written text are plain data shared by :mod:`simulator.textgen` (the public
entry points) and :mod:`simulator.textgen_compose` (the machinery), so neither imports the other
for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RegionHints:
    """Where the kabupaten is, and local names a citizen would use."""

    kabupaten: str
    province: str
    rivers: tuple[str, ...] = ()
    roads: tuple[str, ...] = ()  # kabupaten roads
    provincial_roads: tuple[str, ...] = ()
    national_roads: tuple[str, ...] = ()
    scenario: str = ""  # its name: the same seed tells other stories in another kabupaten


@dataclass(frozen=True)
class ReportRequest:
    """What the simulator wants written: the case's facts, not its words."""

    subcategory: str
    topic: str
    report_type: str
    channel: str
    kecamatan: str
    desa: str
    region: RegionHints
    reporter_name: str
    occurred: date
    received: datetime
    missing: frozenset[str] = frozenset()
    private_person: str | None = None
    urgent: bool = False
    incident: Mapping[str, str] | None = None
    object: str = ""  # what the report is about (the fact that decides its owner)
    cues: tuple[str, ...] = ()  # phrases that state the object; the text says at least one
    investigation: bool = False  # the reporter asks for an inspection or audit (60 HK)


@dataclass(frozen=True)
class ReportText:
    """A written report, the facts it used and what a good answer to it must cover."""

    title: str
    body: str
    register: str
    incident: dict[str, str]
    answer_points: tuple[str, ...]
    missing_prompt: str | None
