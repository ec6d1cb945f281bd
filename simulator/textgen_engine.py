"""Template data and slot filling for the complaint text engine.

Templates live in ``simulator/texts/*.yaml``. A template is a string with slots:

* ``{name}`` — a named slot, resolved once per report and then reused (the same river, the same
  mill everywhere in one text); ``{Name}`` gives the same value with a capital first letter;
* ``{a|b|}`` — inline alternatives (plain text only, an empty one makes a word optional);
* ``{#3-40}`` — a random whole number;
* a leading ``[slot~a|b]`` — the template applies only once ``slot`` holds ``a`` or ``b``
  (``*``: any value), e.g. an answer point that fits one kind of problem; ``tema`` holds the
  report's theme.

Names resolve from the code's own values (village, dates, people) and then from the YAML layers
(theme → sub-category → region → common). A report that must omit its location drops every
option naming a place and uses the ``<name>_vague`` list where one exists; a report that must omit
its time drops options with time words and renders the adverbial ``when``/``since`` slots empty.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from simulator.textgen_time import has_time_words

TEXTS_DIR = Path(__file__).with_name("texts")
SLOT_RE = re.compile(r"\{([^{}]*)\}")
CONDITION_RE = re.compile(r"\[(\w+)~([^\]]+)\]\s*")
# Slots whose value names a place: never rendered when the report must omit *lokasi*.
LOC_SLOTS = frozenset(
    {
        "desa",
        "kecamatan",
        "dusun",
        "rt",
        "road",
        "road_provinsi",
        "road_nasional",
        "river_name",
        "landmark",
        "lokasi_ref",
    }
)
# Adverbial time slots: rendered empty when the report must omit *waktu*.
TIME_SLOTS = frozenset({"when", "since"})
# Time slots that carry the whole option: the option is dropped when *waktu* is omitted.
STRICT_TIME_SLOTS = frozenset({"salam_waktu", "tgl_surat", "bagian_hari"})
# Values an answer point may name even if the report text did not.
FROZEN_OK = frozenset(
    {"desa", "kecamatan", "kab", "kab_short", "kepala_daerah", "topic", "topic_lc", "lokasi_ref"}
)


class Unavailable(Exception):
    """A slot cannot be rendered under this report's omissions."""


@dataclass(frozen=True)
class Tpl:
    """One template string with what it needs, computed once when the YAML loads."""

    text: str
    slots: frozenset[str]
    timed: bool
    when_slot: str = ""  # the template applies only if this slot's value …
    when_any: tuple[str, ...] = ()  # … contains one of these

    @classmethod
    def of(cls, text: str) -> Tpl:
        cond = CONDITION_RE.match(text)
        when_slot, when_any = (cond.group(1), tuple(cond.group(2).split("|"))) if cond else ("", ())
        text = text[cond.end() :] if cond else text
        names = {
            m.lower() for m in SLOT_RE.findall(text) if m and "|" not in m and not m.startswith("#")
        }
        literal = SLOT_RE.sub(" ", text)
        return cls(text, frozenset(names), has_time_words(literal), when_slot, when_any)


def _compile(node: Any) -> Any:
    if isinstance(node, str):
        return (Tpl.of(node),)
    if isinstance(node, list):
        if all(isinstance(x, str) for x in node):
            return tuple(Tpl.of(x) for x in node)
        return tuple(_compile(x) for x in node)
    if isinstance(node, dict):
        return {k: (_compile(v) if k not in ("weight",) else v) for k, v in node.items()}
    return node


@lru_cache(maxsize=1)
def load_texts() -> dict[str, Any]:
    """All template files merged into one mapping (top-level keys must not repeat)."""
    merged: dict[str, Any] = {}
    for path in sorted(TEXTS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            if key in merged:
                raise ValueError(f"{path.name}: key {key!r} already defined in another text file")
            merged[key] = _compile(value)
    return merged


Lookup = Callable[[str], "tuple[Tpl, ...] | None"]


class Filler:
    """Renders templates for one report, remembering every slot value it chose."""

    def __init__(
        self,
        rng: random.Random,
        lookup: Lookup,
        values: Mapping[str, str],
        *,
        no_loc: bool = False,
        no_time: bool = False,
    ) -> None:
        self.rng = rng
        self.lookup = lookup
        self.values = dict(values)
        self.no_loc = no_loc
        self.no_time = no_time
        self.last = ""
        self.cache: dict[str, str] = {}
        self.vague: set[str] = set()  # slots rendered from a ``_vague`` list (no place names)
        self.frozen = False  # answer mode: only values the report already used
        self._stack: list[bool] = []

    def usable(self, tpl: Tpl) -> bool:
        """Whether ``tpl`` may be used under this report's omissions."""
        if self.no_loc and tpl.slots & LOC_SLOTS:
            return False
        if tpl.when_slot:
            value = self.cache.get(tpl.when_slot)
            if value is None or not any(k == "*" or k in value for k in tpl.when_any):
                return False
        return not (self.no_time and (tpl.timed or tpl.slots & STRICT_TIME_SLOTS))

    def render(self, options: tuple[Tpl, ...]) -> str:
        """One usable option, filled; raises :class:`Unavailable` if none can be rendered."""
        candidates = [t for t in options if self.usable(t)]
        while candidates:
            tpl = self.rng.choice(candidates)
            try:
                out = self.fill(tpl.text)
            except Unavailable:
                candidates.remove(tpl)
                continue
            self.last = tpl.text  # which template told the story (a duplicate retells it)
            return out
        raise Unavailable

    def maybe(self, options: tuple[Tpl, ...] | None, p: float = 1.0) -> str:
        """Like :meth:`render`, but empty when there is nothing usable or the coin says no."""
        if not options or self.rng.random() >= p:
            return ""
        try:
            return self.render(options)
        except Unavailable:
            return ""

    def fill(self, text: str) -> str:
        return SLOT_RE.sub(self._replace, text)

    def _replace(self, m: re.Match[str]) -> str:
        body = m.group(1)
        if "|" in body or body == "":
            alts = body.split("|")
            if self.no_time:
                alts = [a for a in alts if not has_time_words(a)] or [""]
            return self.rng.choice(alts)
        if body.startswith("#"):
            lo, hi = body[1:].split("-")
            width = len(lo) if lo.startswith("0") else 0
            return str(self.rng.randint(int(lo), int(hi))).zfill(width)
        value = self.slot(body.lower())
        return value[:1].upper() + value[1:] if body[0].isupper() else value

    def slot(self, name: str) -> str:
        """The value of slot ``name`` for this report (chosen on first use)."""
        if name in self.cache:
            if name in self.vague:
                if self.frozen:
                    raise Unavailable
                if self._stack:
                    self._stack[-1] = True
            return self.cache[name]
        if self.no_loc and name in LOC_SLOTS:
            raise Unavailable
        if self.no_time and name in TIME_SLOTS:
            return ""
        if self.no_time and name in STRICT_TIME_SLOTS:
            raise Unavailable
        if name in self.values:
            if self.frozen and name not in FROZEN_OK:
                raise Unavailable
            value = self.values[name]
        else:
            if self.frozen:
                raise Unavailable
            options = self.lookup(name)
            if options is None:
                raise KeyError(f"unknown template slot {{{name}}}")
            vague = self.lookup(name + "_vague") if self.no_loc else None
            self._stack.append(bool(vague))
            try:
                value = self.render(vague or options)
            finally:
                is_vague = self._stack.pop()
            if is_vague:
                self.vague.add(name)
                if self._stack:
                    self._stack[-1] = True
        self.cache[name] = value
        return value
