"""The files and the report of a fit: the fitted scenario (``extends:`` the base, every fitted
field commented with its estimate, interval and sample size) and the report for a terminal."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from scenarios.loader import BUILTIN_DIR

from .fit import Fit, _fmt


def extends_ref(base_ref: str, out: Path) -> str:
    """What the fitted file's ``extends:`` names: a built-in by name, a file by its path
    relative to the fitted file."""
    if (BUILTIN_DIR / f"{base_ref}.yaml").is_file() and not Path(base_ref).suffix:
        return base_ref
    return os.path.relpath(Path(base_ref).resolve(), out.resolve().parent)


def _yaml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(round(v, 6))
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_yaml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_yaml_value(x)}" for k, x in v.items()) + "}"
    return str(v)


def fitted_yaml(fit: Fit, out: Path, name: str | None = None) -> str:
    """The fitted scenario: ``extends:`` the base, every fitted field commented."""
    h = fit.history
    stem = name or out.stem
    tree: dict[str, Any] = {}
    leaves = {
        "scenario.name": (stem, ""),
        "scenario.title": (
            f"Fitted from a history ({len(h.cases)} reports, {h.start} + {h.days} days)",
            "",
        ),
        "simulation.start": (h.start.isoformat(), "the history's first day"),
        "simulation.days": (h.days, "the history's period"),
        "simulation.warmup_days": (
            0,
            "the history starts with whatever was open; nothing is left out",
        ),
        **fit.fields(),
    }
    for path, leaf in leaves.items():
        node = tree
        parts = path.split(".")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = leaf
    lines = [
        f"# Fitted by `python -m simulator fit` from a history of {len(h.cases)} reports",
        f"# ({h.start} + {h.days} days; {h.totals()}).",
        "# Each fitted field says: the estimate [95% interval] in its unit, and n = observations.",
        "# Fields without a comment keep the base's value. Warnings:",
        *(f"#   ! {w}" for w in fit.warnings()),
        f"extends: {extends_ref(fit.base, out)}",
    ]

    def emit(node: dict[str, Any], indent: int) -> None:
        for key, v in node.items():
            pad = "  " * indent
            if isinstance(v, dict):
                lines.append(f"{pad}{key}:")
                emit(v, indent + 1)
                continue
            value, comment = v
            text = _yaml_value(value)
            lines.append(f"{pad}{key}: {text}" + (f"  # {comment}" if comment else ""))

    emit(tree, 0)
    return "\n".join(lines) + "\n"


def render_fit(fit: Fit) -> str:
    """The fit report for a terminal."""
    h = fit.history
    lines = [f"History: {h.totals()}"]
    rejected = [i for i in h.issues if i.rejected]
    notes = [i for i in h.issues if not i.rejected]
    for title, items in (("Rejected rows", rejected), ("Notes", notes)):
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines += [f"  row {i.row}: {i.reason}" for i in items[:40]]
            if len(items) > 40:
                lines.append(f"  … and {len(items) - 40} more (all in the JSON report)")
    lines.append("")
    lines.append(f"{'estimate':<34} {'value [95% interval]':<30} {'n':>6}  field")
    for e in fit.estimates:
        if e.estimate is not None:
            if e.unit == "share":
                val = f"{e.estimate:.1%} [{e.low:.1%}, {e.high:.1%}]"
            else:
                val = f"{_fmt(e.estimate)} [{_fmt(e.low)}, {_fmt(e.high)}]"
        else:
            val = "(see note)" if e.note else "–"
        lines.append(f"{e.name:<34} {val:<30} {e.n:>6}  {e.path or '(reported only)'}")
        if e.note and e.estimate is None:
            lines.append(f"{'':<36}{e.note}")
    w = fit.warnings()
    if w:
        lines.append("")
        lines.append("Warnings:")
        lines += [f"  ! {x}" for x in w]
    return "\n".join(lines)
