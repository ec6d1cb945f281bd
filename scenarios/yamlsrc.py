"""Read YAML keeping the file and line of every key, and merge scenario layers.

A scenario may ``extends:`` another; the child is deep-merged over its parent (mappings merge key
by key, lists and scalars replace, and ``null`` removes a key the parent set). Every mapping remembers where each of its keys was written, so
an error found after merging still names the right file and line.

A scenario file is small and shallow (the built-ins: at most 26 KB, 8 levels, 26 aliases), so
:data:`MAX_BYTES`, :data:`MAX_DEPTH` and :data:`MAX_ALIASES` refuse anything far beyond that with a
clear :class:`SourceLimitError` — before reading a huge file, and while composing a deep or
alias-heavy one, long before Python's recursion limit or the time a user would wait. The
command line and the trainer's upload form read the same limits from here.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

MAX_BYTES = 256 * 1024  #: largest scenario file, in bytes (the upload form's limit too)
MAX_DEPTH = 32  #: deepest nesting of mappings and lists
MAX_ALIASES = 200  #: most ``*alias`` references in one file


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


class SourceLimitError(YamlSyntaxError):
    """A file beyond :data:`MAX_BYTES`, :data:`MAX_DEPTH` or :data:`MAX_ALIASES`."""


def too_large(size: int) -> str:
    """The message for a file of ``size`` bytes over :data:`MAX_BYTES`."""
    return f"file too large ({_size(size)}; a scenario file may hold at most {_size(MAX_BYTES)})"


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


class _Limits:
    """What a loader adds to count nesting and aliases as it composes, and stop past the limits."""

    file = ""
    depth = aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise SourceLimitError(
                    self.file, line, f"too many aliases (more than {MAX_ALIASES} *references)"
                )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise SourceLimitError(
                    self.file, line, f"nested too deeply (more than {MAX_DEPTH} levels)"
                )
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


class _PyLimited(_Limits, yaml.SafeLoader):
    """A safe loader in pure Python that counts nesting and aliases as it composes."""


_Limited: type = _PyLimited
if yaml.__with_libyaml__:
    from yaml._yaml import CParser  # libyaml's scanner and parser

    class _CLimited(_Limits, Composer, CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """The same loader with libyaml reading the events (six times faster); Python still
        composes them, so the limits are checked node by node, and builds the values."""

        def __init__(self, stream: Any) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _Limited = _CLimited


def _loader_for(file: str, base: type | None = None) -> type[yaml.SafeLoader]:
    class Loader(base or _Limited):  # type: ignore[misc,valid-type]
        pass

    Loader.file = file

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> SourceMap:
        out = SourceMap()
        out.file, out.line = file, node.start_mark.line + 1
        explicit = [k for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"]
        seen_keys: set[Any] = set()
        for key_node in explicit:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:  # a mapping or list as a key (``? [a]: 1``)
                raise YamlSyntaxError(
                    file, key_node.start_mark.line + 1, "a key must be text or a number"
                ) from None
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
    """Parse YAML text, raising :class:`YamlSyntaxError` with the line on bad syntax
    (:class:`SourceLimitError` past the limits)."""
    if len(text) > MAX_BYTES:  # characters: at least as many bytes
        raise SourceLimitError(file, None, too_large(len(text.encode("utf-8"))))
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


def parse_value(text: str) -> Any:
    """A short YAML value (a ``--set`` override) as plain Python, within the same limits."""
    if len(text) > MAX_BYTES:
        raise SourceLimitError("--set", None, too_large(len(text.encode("utf-8"))))
    try:
        return yaml.load(text, Loader=_Limited)  # noqa: S506 - SafeLoader subclass
    except YamlSyntaxError:
        raise
    except yaml.YAMLError as exc:
        raise YamlSyntaxError("--set", None, str(exc)) from None


#: the files parsed so far in this process, by (path, contents): a planner's comparison, sweep
#: or study loads one base file once per variant and kabupaten
_PARSED: OrderedDict[tuple[str, bytes], Any] = OrderedDict()
_KEEP_PARSED = 32
_PARSED_LOCK = threading.Lock()


def read_yaml(path: Path) -> Any:
    """Parse a YAML file (UTF-8); a file over :data:`MAX_BYTES` is refused before it is read.

    A file read before with the same contents is not parsed again: the caller gets a fresh copy
    of the earlier result (it may change it, e.g. with ``--set``)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                fh.seek(0, 2)
                raise SourceLimitError(str(path), None, too_large(fh.tell()))
    except OSError as exc:
        raise YamlSyntaxError(str(path), None, f"cannot read the file ({exc.strerror})") from None
    key = (str(path), data)
    with _PARSED_LOCK:  # the trainer reads files in several threads
        parsed = _PARSED.get(key)
        if parsed is not None:
            _PARSED.move_to_end(key)
    if parsed is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise YamlSyntaxError(str(path), None, f"not UTF-8 text ({exc.reason})") from None
        parsed = parse_yaml(text, str(path))
        with _PARSED_LOCK:
            _PARSED[key] = parsed
            if len(_PARSED) > _KEEP_PARSED:
                _PARSED.popitem(last=False)
    return fresh_copy(parsed)


def fresh_copy(value: Any) -> Any:
    """A copy of parsed YAML that shares nothing mutable with ``value``, locations kept."""
    if isinstance(value, SourceMap):
        out = SourceMap((k, fresh_copy(v)) for k, v in value.items())
        out.file, out.line, out.where = value.file, value.line, dict(value.where)
        return out
    if isinstance(value, SourceList):
        items = SourceList(fresh_copy(v) for v in value)
        items.file, items.line = value.file, value.line
        return items
    if isinstance(value, dict | list | set):
        return copy.deepcopy(value)
    return value  # text, numbers, dates, None: immutable


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
