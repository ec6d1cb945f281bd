"""The KPI part of the JSON schemas in docs/schemas/, written from the KPI table.

Each schema's ``$defs.kpis`` lists every KPI of :data:`scenarios.sla.KPIS` with its label, unit
and better side; ``make docs`` rewrites it (``python -m simulator.schemas docs/schemas/*.json``)
and a test fails when a schema is behind the table.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from scenarios import sla

_BETTER = {1: "higher is better", -1: "lower is better", 0: "neither side is better"}
_UNITS = {
    "share": "share of cases, 0–1",
    "hours": "working hours",
    "days": "working days",
    "cases": "cases",
    "number": "per case",
}


def kpis_schema(interval: Any) -> dict[str, Any]:
    """``$defs.kpis``: KPI name -> ``interval`` (each KPI described from the table)."""
    return {
        "description": "KPI name -> interval (definitions in docs/model.md; the table is "
        "scenarios/sla.py).",
        "type": "object",
        "required": list(sla.KPI_NAMES),
        "properties": {
            k.name: {
                **interval,
                "description": f"{k.label_en} / {k.label_id} ({_UNITS[k.unit]}; "
                f"{_BETTER[k.better]}). {k.description}".strip(),
            }
            for k in sla.KPIS
        },
        "additionalProperties": interval,
    }


def render(text: str) -> str:
    """A schema's text with its ``$defs.kpis`` (if it has one) written from the KPI table."""
    doc = json.loads(text)
    kpis = doc.get("$defs", {}).get("kpis")
    if kpis is None:  # a schema without run KPIs (fit, backtest…)
        return text
    doc["$defs"]["kpis"] = kpis_schema(kpis["additionalProperties"])
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main(paths: list[str]) -> None:
    """Rewrite the KPI definitions of the schema files named."""
    for p in map(Path, paths):
        p.write_text(render(p.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
