"""A variant of a scenario: a name and the changes it makes — the one reader of the variant
mini-language that the simulator's ``--variant``, a study file and the planner's exports share.

``NAME:PATH=VALUE;PATH=VALUE`` changes fields of the scenario (values read as YAML, like
``--set``); ``NAME:FILE`` uses a scenario file (usually one that ``extends:`` the base); without
``NAME:`` the name is the changes themselves, or the file's stem. A planner's form builds the
same :class:`Variant` from its cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .loader import parse_override


@dataclass(frozen=True)
class Variant:
    """One setting to try: a name shown to users, its scenario changes (dotted path -> value,
    what ``load_scenario(ref, overrides)`` takes) or a scenario file of its own."""

    name: str
    overrides: dict[str, Any] = field(default_factory=dict)
    file: str | None = None


def parse_changes(text: str) -> dict[str, Any]:
    """``PATH=VALUE;PATH=VALUE`` as {path: value}; raises ValueError naming the bad item."""
    changes: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in text.split(";"))):
        key, value = parse_override(item)
        if not key:
            raise ValueError(f"expected PATH=VALUE, found {item!r}")
        changes[key] = value
    return changes


def parse_variant(text: str) -> Variant:
    """``NAME:PATH=VALUE;PATH=VALUE``, ``NAME:FILE`` or either without ``NAME:`` as a
    :class:`Variant`; raises ValueError for an empty variant or a change without ``=``."""
    name, sep, spec = text.partition(":")
    if not sep or "=" in name:
        name, spec = "", text
    spec = spec.strip()
    if not spec:
        raise ValueError(f"empty variant {text!r}")
    if "=" not in spec:
        return Variant(name.strip() or Path(spec).stem, {}, spec)
    return Variant(name.strip() or spec, parse_changes(spec))


def variant_from(name: str, value: Any) -> Variant:
    """A variant written in a file: a mapping of changes, a ``PATH=VALUE;…`` string or a file
    name; raises ValueError saying what was expected."""
    if value is None:
        return Variant(name, {})
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) and k.strip() for k in value):
            raise ValueError("every change needs a dotted PATH as its key")
        return Variant(name, {k.strip(): v for k, v in value.items()})
    if isinstance(value, str):
        parsed = parse_variant(f"{name}:{value}")
        return Variant(name, parsed.overrides, parsed.file)
    raise ValueError(
        f"expected a mapping of PATH: VALUE, a 'PATH=VALUE;…' string or a scenario file, "
        f"found {type(value).__name__}"
    )
