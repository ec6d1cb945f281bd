"""Read YAML keeping the file and line of every key, and merge scenario layers.

A scenario may ``extends:`` another; the child is deep-merged over its parent (mappings merge key
by key, lists and scalars replace, and ``null`` removes a key the parent set). Every mapping remembers where each of its keys was written, so
an error found after merging still names the right file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class SourceMap(dict):
    """A mapping that remembers the file and line of each key."""

    file: str = ""
    line: int | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.where: dict[Any, tuple[str, int | None]] = {}

    def locate(self, key: Any) -> tuple[str, int | None]:
        """(file, line) where ``key`` was written, or where this mapping starts."""
        return self.where.get(key, (self.file, self.line))


class SourceList(list):
    """A list that remembers the file and line where it starts."""

    file: str = ""
    line: int | None = None


class YamlSyntaxError(Exception):
    """A file that is not valid YAML, with its position."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.file, self.line, self.message = file, line, message


def _loader_for(file: str) -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> SourceMap:
        out = SourceMap()
        out.file, out.line = file, node.start_mark.line + 1
        explicit = [k for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"]
        seen_keys: set[Any] = set()
        for key_node in explicit:
            key = loader.construct_object(key_node, deep=True)
            if key in seen_keys:
                raise YamlSyntaxError(file, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            seen_keys.add(key)
        loader.flatten_mapping(node)  # expand YAML merge keys (<<: *anchor); explicit keys win
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            out[key] = loader.construct_object(value_node, deep=True)
            out.where[key] = (file, key_node.start_mark.line + 1)
        return out

    def sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> SourceList:
        out = SourceList(loader.construct_object(child, deep=True) for child in node.value)
        out.file, out.line = file, node.start_mark.line + 1
        return out

    def timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        # a date-looking typo such as 2025-13-01 stays text, so the field check can name it
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except ValueError:
            return loader.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return Loader


def parse_yaml(text: str, file: str) -> Any:
    """Parse YAML text, raising :class:`YamlSyntaxError` with the line on bad syntax."""
    try:
        return yaml.load(text, Loader=_loader_for(file))  # noqa: S506 - SafeLoader subclass
    except YamlSyntaxError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlSyntaxError(file, line, f"{exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(file, None, str(exc)) from None


def read_yaml(path: Path) -> Any:
    """Parse a YAML file (UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(str(path), None, f"not UTF-8 text ({exc.reason})") from None
    return parse_yaml(text, str(path))


def deep_merge(base: Any, over: Any) -> Any:
    """``over`` laid on ``base``: mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = SourceMap()
        out.file = getattr(over, "file", "")
        out.line = getattr(over, "line", None)
        for key, value in base.items():
            out[key] = value
            out.where[key] = base.locate(key) if isinstance(base, SourceMap) else (out.file, None)
        for key, value in over.items():
            if value is None and key in base:
                # null removes what the parent set: an OPD, a category, or a field (-> default)
                del out[key]
                out.where.pop(key, None)
                continue
            out[key] = deep_merge(base[key], value) if key in base else value
            out.where[key] = over.locate(key) if isinstance(over, SourceMap) else (out.file, None)
        return out
    return over


def set_path(raw: SourceMap, dotted: str, value: Any, origin: str) -> None:
    """Set ``a.b.c`` in a raw scenario mapping, creating mappings on the way."""
    node = raw
    parts = dotted.split(".")
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = SourceMap()
            child.file = origin
            node[part] = child
            if isinstance(node, SourceMap):
                node.where[part] = (origin, None)
        node = child
    node[parts[-1]] = value
    if isinstance(node, SourceMap):
        node.where[parts[-1]] = (origin, None)
