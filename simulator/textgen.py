"""Synthetic citizen reports that read like real SP4N-LAPOR! complaints.

:func:`write_report` turns a :class:`ReportRequest` (sub-category, channel, village, dates…) into a
title and body in the register people use on that channel — a letter at the counter, chat-speak
on SMS and X — together with the facts it used (so a duplicate can retell the same incident) and
the points a good *tindak lanjut* must address. :func:`write_out_of_scope` writes the reports a
verifier must archive or forward instead: private disputes, crimes, court cases, spam.

Templates live in ``simulator/texts/*.yaml`` (one file per category group). The request and the
text are plain data in :mod:`~simulator.textgen_request`. The machinery:
:mod:`~simulator.textgen_engine` (loading, slot filling, omissions),
:mod:`~simulator.textgen_compose` (theme, register, core and extras),
:mod:`~simulator.textgen_frame` (letter / chat framing), :mod:`~simulator.textgen_style` (SMS
spelling, typos, regional words), :mod:`~simulator.textgen_time` (Indonesian dates) and
:mod:`~simulator.textgen_answers` (answer points, tunda request). All randomness comes from the
``rng`` argument.
"""

from __future__ import annotations

import random

from scenarios.model import REPORT_TYPES
from simulator.textgen_compose import MISSING_ELEMENTS, URGENT_MARKERS, Writer
from simulator.textgen_engine import load_texts
from simulator.textgen_request import RegionHints, ReportRequest, ReportText

__all__ = [
    "MISSING_ELEMENTS",
    "OUT_OF_SCOPE_KINDS",
    "REPORT_TYPES",
    "URGENT_MARKERS",
    "RegionHints",
    "ReportRequest",
    "ReportText",
    "write_out_of_scope",
    "write_report",
]

OUT_OF_SCOPE_KINDS = ("perdata", "pidana", "pengadilan", "swasta", "bukan_layanan")
_RESERVED = frozenset({"common", "_generic", "out_of_scope"})


def write_report(req: ReportRequest, rng: random.Random) -> ReportText:
    """Write one citizen report for ``req`` (same ``rng`` state, same text)."""
    if req.report_type not in REPORT_TYPES:
        raise ValueError(f"unknown report_type {req.report_type!r}; expected one of {REPORT_TYPES}")
    texts = load_texts()
    code = (
        req.subcategory
        if req.subcategory in texts and req.subcategory not in _RESERVED
        else "_generic"
    )
    writer = Writer(req, rng, texts[code])
    fields = (
        writer.complaint() if req.report_type == "pengaduan" else writer.request(req.report_type)
    )
    return ReportText(**fields)


def write_out_of_scope(kind: str, req: ReportRequest, rng: random.Random) -> ReportText:
    """A report the kabupaten must archive or forward (a private dispute, a crime, a court case,
    spam…); a kind without templates of its own is written as a plain private matter."""
    kinds = load_texts()["out_of_scope"]
    return ReportText(**Writer(req, rng, kinds.get(kind, kinds["perdata"])).complaint())
