"""What the reader answers with, and what it compares a report to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    """One possible decision on a report, with the words that support it."""

    action: str  # disposisi | bukan_wewenang | tunda | arsipkan | duplikat
    office: str | None  # the office to dispose or forward to
    rule: str  # "<sub-category>.<object>", "luar_lingkup.<kind>", "tunda", "duplikat"
    score: float
    phrases: tuple[str, ...] = ()  # the deciding words as the text writes them
    spans: tuple[tuple[int, int], ...] = ()  # where they stand in case_text(title, body)
    missing: tuple[str, ...] = ()  # tunda: what to ask the reporter for
    duplicate_of: str | None = None
    subcategory: str | None = None


@dataclass(frozen=True)
class Seen:
    """A recent report the reader may compare with (to recognise a duplicate)."""

    id: str
    title: str
    body: str
