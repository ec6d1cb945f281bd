"""A planner result as files: CSV for a spreadsheet, JSON for other tools, and each variant as a
scenario YAML that the simulator's command line runs to the same numbers.

A variant of a built-in scenario becomes ``extends: <name>`` plus its changes; a variant of an
uploaded scenario becomes one self-contained file (the upload merged with its ``extends:`` chain
and the changes applied), so it loads from any directory.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from scenarios.loader import BUILTIN_DIR, load_raw, resolve
from scenarios.yamlsrc import set_path
from simulator.results import KPI_NAMES
from simulator.spreadsheet import safe_row
from simulator.study import TABLE_COLUMNS, table_rows

from ..db import to_json
from .spec import JobSpec

CSV_FIELDS = (
    "section",
    "variant",
    "desk",
    "figure",
    "mean",
    "ci95_low",
    "ci95_high",
    "n",
    "difference",
    "difference_ci95_low",
    "difference_ci95_high",
)


def _row(section: str, variant: str, desk: str, figure: str, iv: Any, diff: Any = None) -> dict:
    iv, diff = iv or {}, diff or {}
    return {
        "section": section,
        "variant": variant,
        "desk": desk,
        "figure": figure,
        "mean": iv.get("mean"),
        "ci95_low": iv.get("ci95_low"),
        "ci95_high": iv.get("ci95_high"),
        "n": iv.get("n"),
        "difference": diff.get("mean"),
        "difference_ci95_low": diff.get("ci95_low"),
        "difference_ci95_high": diff.get("ci95_high"),
    }


def _rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    if "variants" in result:
        variants = result["variants"]
        out = [
            _row("kpi", v["name"], "", k, v["kpi"].get(k), (v.get("difference") or {}).get(k))
            for v in variants
            for k in KPI_NAMES
        ]
        out += [
            _row("opd", v["name"], code, figure, iv)
            for v in variants
            for code, figures in v["opd"].items()
            for figure, iv in figures.items()
        ]
        return out
    name = result.get("variant", "")
    out = [_row("kpi", name, "", k, result["kpi"].get(k)) for k in KPI_NAMES]
    for code, desk in (result.get("desks") or {}).items():
        for figure in ("current", "erlang_c_guess", "officers", "offered_load", "utilization"):
            value = desk.get(figure)
            iv = value if isinstance(value, Mapping) else {"mean": value}
            out.append(_row("staffing", name, code, figure, iv))
    return out


def result_csv(result: Mapping[str, Any]) -> str:
    """The result as CSV text: one row per variant × KPI (mean, interval, paired difference and
    its interval), then one per variant × desk × figure (a staffing result: per desk, officers
    now, the Erlang-C guess and the answer); a study's: one row per scenario × variant × KPI.
    The caller adds the BOM."""
    study = result.get("kind") == "study"  # the study's own table (simulator.study)
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=TABLE_COLUMNS if study else CSV_FIELDS, lineterminator="\r\n"
    )
    writer.writeheader()
    # a study's unknown values (NaN) are written empty, as in its JSON
    rows = [json.loads(to_json(r)) for r in table_rows(result)] if study else _rows(result)
    for row in rows:
        writer.writerow(safe_row(row))
    return out.getvalue()


def result_json(result: Mapping[str, Any]) -> str:
    """The result as indented JSON (unknown values are null, never NaN)."""
    return json.dumps(json.loads(to_json(result)), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------------ variant YAML
def _plain(value: Any) -> Any:
    """Raw YAML (SourceMap, SourceList) as plain dicts and lists for dumping."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _nested(overrides: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dotted, value in overrides.items():
        node = out
        parts = dotted.split(".")
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[parts[-1]] = value
    return out


def _builtin(ref: str) -> bool:
    return "/" not in ref and "\\" not in ref and (BUILTIN_DIR / f"{ref}.yaml").is_file()


def _one_line(text: str) -> str:
    return re.sub(r"[\r\n\t]+", " ", text).strip()


def variant_filename(spec: JobSpec, variant_name: str) -> str:
    """A file name for the variant's YAML, e.g. ``sanggau-plus-1-verifikator.yaml``."""
    base = Path(spec.scenario_label).stem if not _builtin(spec.scenario_ref) else spec.scenario_ref
    slug = re.sub(r"[^a-z0-9]+", "-", f"{base} {variant_name}".lower().replace("+", " plus "))
    return (slug.strip("-") or "varian") + ".yaml"


def command_for(spec: JobSpec, file: str) -> str:
    """The simulator command that reproduces the job's numbers for a variant file."""
    days = f" --days {spec.days}" if spec.days is not None else ""
    if spec.kind == "staffing":
        return (
            f"python -m simulator staffing {file} --target {spec.target_kpi}={spec.target} "
            f"--replications {spec.replications} --seed {spec.seed}{days} --json"
        )
    return (
        f"python -m simulator run {file} --replications {spec.replications} "
        f"--seed {spec.seed}{days} --json"
    )


def variant_yaml(spec: JobSpec, variant_name: str, filename: str | None = None) -> str:
    """The variant as a scenario file with a header giving the command that reproduces it
    (naming the file ``filename``, default :func:`variant_filename`)."""
    variant = next((v for v in spec.variants if v.name == variant_name), None)
    if variant is None:
        raise KeyError(f"no variant named {variant_name!r}")
    overrides = variant.overrides
    # a mapping or null as a value means "replace" / "set empty" to the loader but "merge" /
    # "remove" to extends: only plain values can be written as a short extends file
    simple = all(v is not None and not isinstance(v, dict) for v in overrides.values())
    if _builtin(spec.scenario_ref) and simple:
        body: dict[str, Any] = {"extends": spec.scenario_ref, **_nested(overrides)}
    else:
        raw = load_raw(resolve(spec.scenario_ref))
        for key, value in overrides.items():
            set_path(raw, key, value, "--set " + key)
        body = _plain(raw)
    file = _one_line(filename or variant_filename(spec, variant_name))
    header = [
        f"# Varian «{_one_line(variant_name)}» dari {_one_line(spec.scenario_label)}"
        f" / variant «{_one_line(variant_name)}» of {_one_line(spec.scenario_label)}",
        "# Dibuat oleh halaman perencana / made by the planner pages. Jalankan / run:",
        f"#   {command_for(spec, file)}",
    ]
    if overrides:
        header.append("# Perubahan / changes:")
        header += [
            f"#   {_one_line(k)} = {_one_line(json.dumps(v, ensure_ascii=False, default=str))}"
            for k, v in overrides.items()
        ]
    text = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(header) + "\n\n" + text
