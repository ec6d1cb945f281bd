"""Load and validate scenario files, reporting every problem at once.

``load_scenario(path)`` resolves ``extends:``, applies ``--set`` style overrides, converts the
YAML into the dataclasses of :mod:`scenarios.model` by their declarations and then checks the
cross-references (an owner OPD that exists, a mix over known categories …). All problems are
collected into one :class:`ScenarioError`, each naming the file, the field path, the line where
known, what was expected and what was found.
"""

from __future__ import annotations

import dataclasses
import difflib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from .checks import cross_check
from .errors import Problem, ScenarioError
from .fields import describe_type, fields_of, is_optional
from .model_sop import Scenario
from .yamlsrc import (
    SourceLimitError,
    SourceMap,
    YamlSyntaxError,
    deep_merge,
    parse_value,
    read_yaml,
    set_path,
)

BUILTIN_DIR = Path(__file__).parent / "data"


def builtin_names() -> list[str]:
    """Names of the scenarios shipped with the project."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml") if not p.stem.startswith("_"))


def resolve(ref: str, relative_to: Path | None = None) -> Path:
    """A scenario reference as a path: a file path, or the name of a built-in scenario."""
    candidates = []
    if relative_to is not None:
        candidates.append(relative_to / ref)
    candidates += [Path(ref), BUILTIN_DIR / ref, BUILTIN_DIR / f"{ref}.yaml"]
    for c in candidates:
        if c.is_file():
            return c
    raise FileNotFoundError(ref)


class _Builder:
    """Turns raw YAML into dataclasses, collecting problems instead of stopping at the first."""

    def __init__(self, default_file: str) -> None:
        self.problems: list[Problem] = []
        self.failed_paths: list[str] = []
        self.default_file = default_file

    def problem(self, where: tuple[str, int | None], path: str, message: str) -> None:
        self.problems.append(Problem(where[0] or self.default_file, path, where[1], message))

    def build(self, cls: type, raw: Any, path: str, where: tuple[str, int | None]) -> Any:
        if not isinstance(raw, dict):
            if (
                hasattr(cls, "from_scalar")
                and isinstance(raw, (int, float))
                and not isinstance(raw, bool)
            ):
                return cls.from_scalar(raw)
            self.problem(
                where, path, f"expected {describe_type(cls)} (a mapping), found {_show(raw)}"
            )
            return None
        fields = fields_of(cls)
        names = [f.name for f in fields]
        for key in raw:
            if key not in names:
                close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
                hint = (
                    f"; did you mean {close[0]!r}?"
                    if close
                    else f"; known fields: {', '.join(names)}"
                )
                self.problem(_loc(raw, key, where), _join(path, key), f"unknown field{hint}")
        values: dict[str, Any] = {}
        ok = True
        for f in fields:
            sub = _join(path, f.name)
            if f.name not in raw:
                if f.required:
                    self.problem(
                        where, sub, f"missing required field (expected {describe_type(f.type)})"
                    )
                    ok = False
                continue
            convert = self.section if cls is Scenario else self.convert
            value = convert(f.type, raw[f.name], sub, _loc(raw, f.name, where))
            if value is _BAD or not self.in_bounds(f, value, sub, _loc(raw, f.name, where)):
                # keep going with the default so later checks can still report their findings
                self.failed_paths.append(sub)
                if f.required:
                    stand_in = _placeholder(f.type)
                    if stand_in is _BAD:
                        ok = False
                    else:
                        values[f.name] = stand_in
                continue
            values[f.name] = value
        return cls(**values) if ok else None

    def section(self, tp: Any, raw: Any, path: str, where: tuple[str, int | None]) -> Any:
        """A scenario's top-level section (``opds``, ``categories`` …), built once per process
        for the same YAML: the variants and kabupaten of a study differ in a section or two.
        A section with a problem is built again each time (its messages name the file)."""
        key = (path, repr(raw))
        with _SECTIONS_LOCK:  # the trainer loads scenarios in several threads
            if key in _SECTIONS:
                _SECTIONS.move_to_end(key)
                return _SECTIONS[key]
        before = len(self.problems)
        value = self.convert(tp, raw, path, where)
        if value is not _BAD and len(self.problems) == before:
            with _SECTIONS_LOCK:  # frozen dataclasses and mappings no one changes: shareable
                _SECTIONS[key] = value
                if len(_SECTIONS) > _KEEP_SECTIONS:
                    _SECTIONS.popitem(last=False)
        return value

    def in_bounds(self, f: Any, value: Any, path: str, where: tuple[str, int | None]) -> bool:
        lo, hi = f.param.minimum, f.param.maximum
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return True
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            rng = (
                f"between {_num(lo)} and {_num(hi)}"
                if lo is not None and hi is not None
                else (f"at least {_num(lo)}" if lo is not None else f"at most {_num(hi)}")
            )
            self.problem(where, path, f"expected a value {rng}, found {_show(value)}")
            return False
        return True

    def convert(self, tp: Any, raw: Any, path: str, where: tuple[str, int | None]) -> Any:
        optional, tp = is_optional(tp)
        if raw is None:
            if optional:
                return None
            self.problem(where, path, f"expected {describe_type(tp)}, found nothing (null)")
            return _BAD
        origin = get_origin(tp)
        if origin is Literal:
            choices = get_args(tp)
            if raw in choices:
                return raw
            close = difflib.get_close_matches(str(raw), [str(c) for c in choices], n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.problem(
                where,
                path,
                f"expected one of {', '.join(map(repr, choices))}, found {_show(raw)}{hint}",
            )
            return _BAD
        if origin in (tuple, list):
            return self.convert_list(get_args(tp)[0], raw, path, where)
        if origin is dict:
            return self.convert_dict(get_args(tp)[1], raw, path, where)
        if dataclasses.is_dataclass(tp):
            built = self.build(tp, raw, path, where)
            return _BAD if built is None else built
        return self.convert_scalar(tp, raw, path, where)

    def convert_list(self, item_tp: Any, raw: Any, path: str, where: tuple[str, int | None]) -> Any:
        if not isinstance(raw, list):
            self.problem(where, path, f"expected a list, found {_show(raw)}")
            return _BAD
        out = []
        for i, item in enumerate(raw):
            item_where = (
                getattr(item, "file", "") or where[0],
                getattr(item, "line", None) or where[1],
            )
            value = self.convert(item_tp, item, f"{path}[{i}]", item_where)
            out.append(value)
        return _BAD if any(v is _BAD for v in out) else tuple(out)

    def convert_dict(
        self, value_tp: Any, raw: Any, path: str, where: tuple[str, int | None]
    ) -> Any:
        if not isinstance(raw, dict):
            self.problem(where, path, f"expected a mapping, found {_show(raw)}")
            return _BAD
        out, bad = {}, False
        for key, item in raw.items():
            value = self.convert(value_tp, item, _join(path, key), _loc(raw, key, where))
            if value is _BAD:
                bad = True
            else:
                out[str(key)] = value
        return _BAD if bad else out

    def convert_scalar(self, tp: Any, raw: Any, path: str, where: tuple[str, int | None]) -> Any:
        if tp is bool:
            if isinstance(raw, bool):
                return raw
        elif tp is int:
            if isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            if isinstance(raw, float) and raw.is_integer():
                return int(raw)
        elif tp is float:
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                return float(raw)
        elif tp is str:
            if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
                return str(raw)
        elif tp is date:
            if isinstance(raw, date):
                return raw
            if isinstance(raw, str):
                try:
                    return date.fromisoformat(raw)
                except ValueError:
                    pass
            self.problem(where, path, f"expected {describe_type(tp)}, found {_show(raw)}")
            return _BAD
        self.problem(where, path, f"expected {describe_type(tp)}, found {_show(raw)}")
        return _BAD


_BAD = object()
#: top-level sections built so far, by (field, the YAML they were built from)
_SECTIONS: OrderedDict[tuple[str, str], Any] = OrderedDict()
_KEEP_SECTIONS = 256
_SECTIONS_LOCK = threading.Lock()


def _placeholder(tp: Any) -> Any:
    """A neutral value standing in for a required field that failed, so checking can go on."""
    _, tp = is_optional(tp)
    origin = get_origin(tp)
    if origin in (tuple, list):
        return ()
    if origin is dict:
        return {}
    if origin is Literal:
        return get_args(tp)[0]
    return {int: 0, float: 0.0, str: "", bool: False}.get(tp, _BAD)


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _loc(raw: Any, key: Any, where: tuple[str, int | None]) -> tuple[str, int | None]:
    if isinstance(raw, SourceMap):
        file, line = raw.locate(key)
        if not file:
            return where
        return (file, line if line is not None or file != where[0] else where[1])
    return where


def _num(x: float | None) -> str:
    return f"{x:g}" if x is not None else ""


def _show(raw: Any) -> str:
    if isinstance(raw, dict):
        return "a mapping"
    if isinstance(raw, list):
        return "a list"
    return repr(raw)


def load_raw(path: Path, _seen: tuple[Path, ...] = ()) -> SourceMap:
    """A scenario file with its ``extends:`` chain merged, still as raw YAML."""
    path = path.resolve()
    if path in _seen:
        chain = " -> ".join(p.name for p in (*_seen, path))
        raise ScenarioError([Problem(str(path), "extends", None, f"circular extends: {chain}")])
    raw = read_yaml(path)
    if raw is None:
        raw = SourceMap()
        raw.file = str(path)
    if not isinstance(raw, dict):
        raise ScenarioError(
            [Problem(str(path), "", 1, f"expected a mapping of sections, found {_show(raw)}")]
        )
    parent_ref = raw.pop("extends", None)
    if parent_ref is None:
        return raw
    file, line = raw.locate("extends")
    if not isinstance(parent_ref, str):
        raise ScenarioError(
            [
                Problem(
                    file,
                    "extends",
                    line,
                    f"expected a file name or built-in scenario name, found {_show(parent_ref)}",
                )
            ]
        )
    try:
        parent_path = resolve(parent_ref, path.parent)
    except FileNotFoundError:
        names = sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))
        close = difflib.get_close_matches(parent_ref, names, n=1)
        hint = (
            f"; did you mean {close[0]!r}?"
            if close
            else f"; built-in scenarios: {', '.join(names)}"
        )
        raise ScenarioError(
            [
                Problem(
                    file,
                    "extends",
                    line,
                    f"no scenario file or built-in named {parent_ref!r}{hint}",
                )
            ]
        ) from None
    return deep_merge(load_raw(parent_path, (*_seen, path)), raw)


def parse_override(item: str) -> tuple[str, Any]:
    """``path=value`` from a command line; the value is read as YAML (numbers, lists, …)."""
    if "=" not in item:
        raise ValueError(f"expected PATH=VALUE, found {item!r}")
    key, _, text = item.partition("=")
    try:
        value = parse_value(text) if text.strip() else None
    except YamlSyntaxError:
        value = text
    return key.strip(), value


def load_scenario(ref: str | Path, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load, merge and validate a scenario by path or built-in name.

    Raises :class:`ScenarioError` listing every problem, or ``FileNotFoundError``.
    """
    path = resolve(str(ref))
    try:
        raw = load_raw(path)
    except YamlSyntaxError as exc:
        what = exc.message if isinstance(exc, SourceLimitError) else f"invalid YAML: {exc.message}"
        raise ScenarioError([Problem(exc.file, "", exc.line, what)]) from None
    for key, value in (overrides or {}).items():
        set_path(raw, key, value, "--set " + key)
    builder = _Builder(str(path))
    scenario = builder.build(Scenario, raw, "", (str(path), 1))
    problems = builder.problems
    if scenario is not None:
        failed = tuple(builder.failed_paths)
        problems += [
            p for p in cross_check(scenario, raw, str(path)) if not p.path.startswith(failed)
        ]
    if problems:
        raise ScenarioError(problems)
    return scenario
