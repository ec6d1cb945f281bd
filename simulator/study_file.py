"""A study file, read and checked: which scenarios (a folder, or one base and a table), which
variants, how many replications — run by :mod:`simulator.study`.

```yaml
title: Kalimantan Barat, tiga SOP       # optional
scenarios:                              # either every scenario file of a folder …
  folder: kabupaten/                    #   (relative to the study file)
# scenarios:                            # … or generated from one base and a table:
#   extends: sanggau                    #   a built-in name or a file
#   table:                              #   one row per kabupaten: its name and its changes
#     - {name: kab_01, load.reports_per_year: 300, sop.verifiers: 2}
#   # table: kabupaten.csv              #   or a CSV file with a `name` column and PATH columns
variants:                               # the first is the baseline; each applies to every scenario
  SOP sekarang: {}
  dua verifikator: {sop.verifiers: 2}   # a mapping of PATH: VALUE …
  keyword: routing.policy=keyword       # … or the --variant mini-language
replications: 10
seed: 1
days: 120                               # optional (default: each scenario's own period)
rank_by: followup_sla_met               # the KPI of the ranking (optional)
```

A file with a mistake names the file, the field, its line and what was expected
(:class:`~scenarios.ScenarioError`).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios import Problem, ScenarioError, builtin_names
from scenarios.loader import resolve
from scenarios.variants import Variant, variant_from
from scenarios.yamlsrc import SourceMap, YamlSyntaxError, parse_value, parse_yaml, read_yaml

from .staffing import DIRECTION

NO_FILES = "files cannot be read here (a study written in the planner pages)"
FIELDS = ("title", "scenarios", "variants", "replications", "seed", "days", "rank_by")


@dataclass(frozen=True)
class StudyScenario:
    """One scenario of a study: its name in the table, and where it comes from."""

    name: str
    ref: str
    overrides: dict[str, Any]


@dataclass(frozen=True)
class Study:
    """A study file, read and checked: scenarios, variants (the first is the baseline), options."""

    file: str
    title: str
    scenarios: tuple[StudyScenario, ...]
    variants: tuple[Variant, ...]
    replications: int = 10
    seed: int = 1
    days: int | None = None
    rank_by: str = "followup_sla_met"


class _Reader:
    def __init__(self, file: str, raw: SourceMap) -> None:
        self.file, self.raw, self.problems = file, raw, []

    def problem(self, path: str, message: str, node: Any = None, key: Any = None) -> None:
        node = self.raw if node is None else node
        line = node.locate(key)[1] if isinstance(node, SourceMap) else None
        self.problems.append(Problem(self.file, path, line, message))

    def integer(self, key: str, default: int | None, low: int) -> int | None:
        value = self.raw.get(key, default)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            self.problem(key, f"expected a whole number ≥ {low}, found {value!r}", key=key)
            return default
        return value


def load_study(path: str | Path) -> Study:
    """Read and check a study file; raises :class:`ScenarioError` listing every problem."""
    try:
        raw = read_yaml(Path(path))
    except YamlSyntaxError as exc:
        raise ScenarioError([Problem(exc.file, "", exc.line, exc.message)]) from None
    return _study(raw, str(path), Path(path).parent, Path(path).stem)


def study_from_text(text: str, label: str) -> Study:
    """A study written in a form (``label`` names it in messages): only built-in scenarios
    extended by an inline table, since there is no folder to read files from."""
    try:
        raw = parse_yaml(text, label)
    except YamlSyntaxError as exc:
        raise ScenarioError([Problem(exc.file, "", exc.line, exc.message)]) from None
    return _study(raw, label, None, label)


def _study(raw: Any, file: str, here: Path | None, default_title: str) -> Study:
    if not isinstance(raw, SourceMap):
        raise ScenarioError([Problem(file, "", None, "expected a mapping of study fields")])
    r = _Reader(file, raw)
    for key in raw:
        if key not in FIELDS:
            r.problem(str(key), f"unknown field; expected one of {', '.join(FIELDS)}", key=key)
    replications = r.integer("replications", 10, 1) or 10
    seed = r.integer("seed", 1, 0)
    days = r.integer("days", None, 1)
    rank_by = raw.get("rank_by", "followup_sla_met")
    if rank_by not in DIRECTION:
        r.problem(
            "rank_by", f"expected one of {', '.join(DIRECTION)}, found {rank_by!r}", key="rank_by"
        )
    scenarios = _scenarios(r, here)
    variants = _variants(r, here is not None)
    if r.problems:
        raise ScenarioError(r.problems)
    return Study(
        file,
        str(raw.get("title") or default_title),
        scenarios,
        variants,
        replications,
        seed if seed is not None else 1,
        days,
        str(rank_by),
    )


def _scenarios(r: _Reader, here: Path | None) -> tuple[StudyScenario, ...]:
    spec = r.raw.get("scenarios")
    if not isinstance(spec, SourceMap) or ("folder" in spec) == ("extends" in spec):
        r.problem("scenarios", "expected a mapping with either folder: or extends: and table:")
        return ()
    if "folder" in spec and here is None:
        r.problem("scenarios.folder", NO_FILES + "; use extends: NAME and a table:", spec, "folder")
        return ()
    if "folder" in spec:
        folder = here / str(spec["folder"])
        files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
        if not files:
            r.problem(
                "scenarios.folder",
                f"expected a folder of scenario files, found none in {folder}",
                spec,
                "folder",
            )
        return tuple(StudyScenario(f.stem, str(f), {}) for f in files)
    base = str(spec["extends"])
    if here is None and base not in builtin_names():
        r.problem(
            "scenarios.extends",
            f"expected a built-in scenario ({', '.join(builtin_names())}), found {base!r}",
            spec,
            "extends",
        )
        return ()
    try:
        base = str(resolve(base, here))
    except FileNotFoundError:
        r.problem(
            "scenarios.extends",
            f"expected a built-in scenario or a file, found {base!r}",
            spec,
            "extends",
        )
        return ()
    rows = _table(r, spec.get("table"), here)
    out, seen = [], set()
    for i, row in enumerate(rows):
        name = str(row.get("name") or "").strip()
        where = f"scenarios.table[{i}]"
        if not name or name in seen:
            r.problem(where, f"every row needs a name of its own, found {name!r}", spec, "table")
            continue
        seen.add(name)
        out.append(StudyScenario(name, base, {k: v for k, v in row.items() if k != "name"}))
    return tuple(out)


def _table(r: _Reader, table: Any, here: Path | None) -> list[Mapping[str, Any]]:
    if isinstance(table, str) and here is None:
        r.problem("scenarios.table", NO_FILES + "; write the rows in the table")
        return []
    if isinstance(table, str):
        try:
            with (here / table).open(encoding="utf-8-sig", newline="") as fh:
                return [
                    {
                        k.strip(): (parse_value(v) if k.strip() != "name" else v)
                        for k, v in row.items()
                        if v != ""
                    }
                    for row in csv.DictReader(fh)
                ]
        except (OSError, YamlSyntaxError) as exc:
            r.problem("scenarios.table", f"expected a readable CSV file: {exc}")
            return []
    if isinstance(table, list) and table and all(isinstance(row, Mapping) for row in table):
        return list(table)
    r.problem("scenarios.table", "expected a list of rows (name and PATH: VALUE) or a CSV file")
    return []


def _variants(r: _Reader, files: bool) -> tuple[Variant, ...]:
    spec = r.raw.get("variants")
    if not isinstance(spec, SourceMap) or not spec:
        r.problem(
            "variants", "expected a mapping of variant name -> changes (the first is the baseline)"
        )
        return ()
    out = []
    for name, value in spec.items():
        try:
            variant = variant_from(str(name), value)
        except ValueError as exc:
            r.problem(f"variants.{name}", str(exc), spec, name)
            continue
        if variant.file and not files:
            r.problem(
                f"variants.{name}", NO_FILES + "; write its changes as PATH: VALUE", spec, name
            )
            continue
        out.append(variant)
    return tuple(out)
