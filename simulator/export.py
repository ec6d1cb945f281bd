"""Complaints as flat records for JSON lines and CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable
from typing import Any

from .generator import Complaint
from .spreadsheet import safe_row

PUBLIC_FIELDS = (
    "id",
    "received",
    "channel",
    "report_type",
    "chosen_subcategory",
    "chosen_agency",
    "kecamatan",
    "desa",
    "reporter_name",
    "reporter_contact",
    "anonymous_requested",
    "confidential_requested",
    "occurred",
    "title",
    "body",
)


def to_record(c: Complaint, *, with_answers: bool = False) -> dict[str, Any]:
    """A flat mapping of one complaint; the answer key (and the true category) only on request."""
    rec: dict[str, Any] = {}
    for name in PUBLIC_FIELDS:
        value = getattr(c, name)
        rec[name] = (
            value.isoformat(timespec="minutes")
            if name == "received"
            else (value.isoformat() if name == "occurred" else value)
        )
    if with_answers:
        rec["category"] = c.category
        rec["subcategory"] = c.subcategory
        for name, value in dataclasses.asdict(c.key).items():
            rec[f"key_{name}"] = list(value) if isinstance(value, tuple) else value
    return rec


def write_jsonl(
    complaints: Iterable[Complaint], out: io.TextIOBase, *, with_answers: bool = False
) -> int:
    """Write one JSON object per line; returns the number written."""
    n = 0
    for c in complaints:
        out.write(json.dumps(to_record(c, with_answers=with_answers), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(
    complaints: Iterable[Complaint], out: io.TextIOBase, *, with_answers: bool = False
) -> int:
    """Write CSV with a header row; list values are joined with '; ', formula-like text is quoted
    (:func:`~simulator.spreadsheet.safe_cell`). Returns the number written."""
    writer = None
    n = 0
    for c in complaints:
        rec = to_record(c, with_answers=with_answers)
        rec = {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in rec.items()}
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(rec))
            writer.writeheader()
        writer.writerow(safe_row(rec))
        n += 1
    return n
