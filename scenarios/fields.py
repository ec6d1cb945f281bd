"""Declare each scenario parameter once.

A scenario section is a frozen dataclass whose fields are made with :func:`param`. The
declaration (name, default, unit, help text, bounds, choices) feeds the YAML loader's
validation, the generated reference in ``docs/scenarios.md`` and, later, the web forms, so a
field can never be documented in one place and validated by different rules in another.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

NO_DEFAULT: Any = dataclasses.MISSING


@dataclass(frozen=True)
class Param:
    """Documentation and bounds of one scenario field."""

    help: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    example: Any = None


def param(
    default: Any = NO_DEFAULT,
    *,
    help: str,
    unit: str = "",
    minimum: float | None = None,
    maximum: float | None = None,
    example: Any = None,
    factory: Any = None,
) -> Any:
    """A dataclass field carrying its help text, unit and bounds.

    Mutable defaults are given through ``factory``; immutable ones (tuples, numbers, strings,
    frozen dataclasses) may be given as ``default``.
    """
    meta = {"param": Param(help, unit, minimum, maximum, example)}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=meta)
    if dataclasses.is_dataclass(default) and not isinstance(default, type):
        value = default
        return dataclasses.field(default_factory=lambda: value, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


@dataclass(frozen=True)
class FieldInfo:
    """A declared field with its resolved type, as the loader and the docs see it."""

    name: str
    type: Any
    param: Param
    default: Any
    required: bool


@cache
def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    """The declared fields of a scenario section, in declaration order."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        info = f.metadata.get("param")
        if info is None:
            raise TypeError(f"{cls.__name__}.{f.name} is not declared with param()")
        if f.default is not dataclasses.MISSING:
            default, required = f.default, False
        elif f.default_factory is not dataclasses.MISSING:
            default, required = f.default_factory(), False
        else:
            default, required = None, True
        out.append(FieldInfo(f.name, hints[f.name], info, default, required))
    return tuple(out)


def is_optional(tp: Any) -> tuple[bool, Any]:
    """(True, inner) for ``X | None``; (False, tp) otherwise."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(get_args(tp)) == 2:
            return True, args[0]
    return False, tp


def describe_type(tp: Any) -> str:
    """A reader's name for a field type, used in error messages and docs."""
    optional, tp = is_optional(tp)
    origin = get_origin(tp)
    if origin is Literal:
        text = " | ".join(repr(a) for a in get_args(tp))
    elif origin in (list, tuple):
        text = f"a list of {describe_type(get_args(tp)[0])}"
    elif origin is dict:
        key, value = get_args(tp)
        text = f"a mapping of {describe_type(key)} to {describe_type(value)}"
    elif dataclasses.is_dataclass(tp):
        article = "an" if tp.__name__[0] in "AEIOU" else "a"
        text = f"{article} {tp.__name__} section"
    else:
        text = {
            str: "text",
            int: "a whole number",
            float: "a number",
            bool: "true or false",
            date: "a date YYYY-MM-DD",
        }.get(tp, getattr(tp, "__name__", str(tp)))
    return text + (" (or null)" if optional else "")
