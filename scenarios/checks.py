"""Cross-reference checks on a scenario whose fields each parsed on their own."""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any

from .authority import phrase_pattern
from .errors import Problem
from .model import CHANNELS, KECAMATAN_OWNER, LOCAL_TIERS, REPORT_TYPES, WEEKDAYS, SubCategory
from .model_sop import Scenario
from .routing_names import policy_names
from .yamlsrc import SourceMap

_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_office_hours(text: str) -> list[tuple[float, float]]:
    """``"07:30-12:00, 13:00-16:00"`` as hour pairs; raises ValueError with the reason."""
    out: list[tuple[float, float]] = []
    for part in str(text).split(","):
        if not part.strip():
            continue
        m = _HOURS.match(part)
        if not m:
            raise ValueError(f"expected HH:MM-HH:MM, found {part.strip()!r}")
        h0, m0, h1, m1 = map(int, m.groups())
        start, end = h0 + m0 / 60, h1 + m1 / 60
        if m0 >= 60 or m1 >= 60 or not 0 <= start < end <= 24:
            raise ValueError(
                f"expected a start before the end within 00:00-24:00, found {part.strip()!r}"
            )
        if out and start < out[-1][1]:
            raise ValueError(f"periods overlap or are out of order at {part.strip()!r}")
        out.append((start, end))
    return out


def parse_month_day(text: str) -> tuple[int, int]:
    """``"07-15"`` as (7, 15); raises ValueError."""
    m = re.match(r"^(\d{1,2})-(\d{1,2})$", str(text).strip())
    if not m:
        raise ValueError(f"expected MM-DD, found {text!r}")
    month, day = int(m.group(1)), int(m.group(2))
    date(2024, month, day)  # leap year: accepts 02-29, rejects 02-30
    return month, day


class _Checker:
    def __init__(self, raw: Any, file: str) -> None:
        self.raw, self.file = raw, file
        self.problems: list[Problem] = []

    def where(self, dotted: str) -> tuple[str, int | None]:
        node, loc = self.raw, (self.file, None)
        for part in dotted.replace("[", ".").replace("]", "").split("."):
            if isinstance(node, SourceMap) and part in node:
                loc = node.locate(part)
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
                loc = (
                    getattr(node, "file", loc[0]) or loc[0],
                    getattr(node, "line", loc[1]) or loc[1],
                )
            else:
                break
        return loc

    def add(self, path: str, message: str) -> None:
        file, line = self.where(path)
        self.problems.append(Problem(file or self.file, path, line, message))

    def known(self, path: str, value: str, known: list[str], what: str) -> None:
        if value in known:
            return
        close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        self.add(path, f"expected {what}, found {value!r}{hint}")


def cross_check(s: Scenario, raw: Any, file: str) -> list[Problem]:
    """Every reference and shape rule that spans fields; returns a list of problems."""
    c = _Checker(raw, file)
    opds = list(s.opds)
    local = [code for code, o in s.opds.items() if o.tier in LOCAL_TIERS]
    if not s.region.kecamatan:
        c.add("region.kecamatan", "expected at least one kecamatan")
    for kec, desa in s.region.kecamatan.items():
        if not desa:
            c.add(f"region.kecamatan.{kec}", "expected at least one desa/kelurahan name")
    for day, text in s.calendar.office_hours.items():
        c.known(f"calendar.office_hours.{day}", day, list(WEEKDAYS), "a weekday mon..sun")
        try:
            parse_office_hours(text)
        except ValueError as exc:
            c.add(f"calendar.office_hours.{day}", str(exc))
    if not s.calendar.always_open and not any(s.calendar.office_hours.values()):
        c.add("calendar.office_hours", "expected office hours on at least one weekday")
    if not local:
        c.add("opds", "expected at least one OPD of tier kabupaten or kecamatan")
    for code, opd in s.opds.items():
        if opd.kecamatan is not None:
            c.known(
                f"opds.{code}.kecamatan",
                opd.kecamatan,
                list(s.region.kecamatan),
                "a kecamatan of region.kecamatan",
            )
    subcodes: list[str] = []
    for cat_code, cat in s.categories.items():
        if not cat.subcategories:
            c.add(f"categories.{cat_code}.subcategories", "expected at least one sub-category")
        for sub_code, sub in cat.subcategories.items():
            p = f"categories.{cat_code}.subcategories.{sub_code}"
            subcodes.append(sub_code)
            c.known(f"{p}.owner", sub.owner, opds, "an OPD code from opds")
            for i, code in enumerate(sub.misroute_to):
                c.known(f"{p}.misroute_to[{i}]", code, opds, "an OPD code from opds")
            _check_objects(c, s, p, sub, opds)
    if len(set(subcodes)) != len(subcodes):
        dup = sorted({x for x in subcodes if subcodes.count(x) > 1})
        c.add(
            "categories",
            f"expected sub-category codes unique across categories, found repeated {', '.join(dup)}",
        )
    cats = list(s.categories)
    load = s.load
    for code in load.category_mix:
        c.known(f"load.category_mix.{code}", code, cats, "a category code")
    if load.category_mix and sum(load.category_mix.values()) <= 0:
        c.add("load.category_mix", "expected at least one positive weight")
    for name, mix, allowed in (
        ("type_mix", load.type_mix, REPORT_TYPES),
        ("channel_mix", load.channel_mix, CHANNELS),
    ):
        for key, w in mix.items():
            c.known(f"load.{name}.{key}", key, list(allowed), f"one of {', '.join(allowed)}")
            if w < 0:
                c.add(f"load.{name}.{key}", f"expected a weight at least 0, found {w!r}")
        if sum(mix.values()) <= 0:
            c.add(f"load.{name}", "expected at least one positive weight")
    for name, n in (("hourly_profile", 24), ("weekday_profile", 7), ("monthly_profile", 12)):
        values = getattr(load, name)
        if len(values) != n:
            c.add(f"load.{name}", f"expected {n} values, found {len(values)}")
        elif any(v < 0 for v in values) or sum(values) <= 0:
            c.add(f"load.{name}", "expected non-negative values, at least one positive")
    _check_out_of_scope(c, s, opds)
    exclusive = load.incomplete_share + load.out_of_scope_share + load.duplicate_share
    if exclusive > 1:
        c.add(
            "load",
            f"expected incomplete_share + out_of_scope_share + duplicate_share at most 1, found {exclusive:g}",
        )
    for i, surge in enumerate(load.surges):
        for j, code in enumerate(surge.categories):
            c.known(
                f"load.surges[{i}].categories[{j}]",
                code,
                cats + subcodes,
                "a category or sub-category code",
            )
        for end in ("start", "end"):
            try:
                parse_month_day(getattr(surge, end))
            except ValueError as exc:
                c.add(
                    f"load.surges[{i}].{end}",
                    f"expected a day MM-DD, found {getattr(surge, end)!r} ({exc})",
                )
    c.known("routing.policy", s.routing.policy, policy_names(), "a routing policy name")
    steps = [e.at for e in s.sop.escalation]
    if steps != sorted(steps):
        c.add("sop.escalation", "expected steps in increasing order of 'at'")
    if s.sop.verification == "central" and s.sop.verifiers == 0:
        c.add("sop.verifiers", "expected at least 1 verifier when sop.verification is 'central'")
    if s.simulation.warmup_days >= s.simulation.days:
        c.add(
            "simulation.warmup_days",
            f"expected fewer warm-up days than simulation.days ({s.simulation.days})",
        )
    return c.problems


def _check_objects(c: _Checker, s: Scenario, p: str, sub: SubCategory, opds: list[str]) -> None:
    """Every object's owner exists (a @kecamatan owner has a unit for every kecamatan or a
    fallback), every object says how a report states it, and other_tier_share has both tiers."""
    units = {o.kecamatan for o in s.opds.values() if o.tier == "kecamatan"}
    uncovered = [k for k in s.region.kecamatan if k not in units]
    tiers = set()
    for code, obj in sub.objects.items():
        q = f"{p}.objects.{code}"
        if obj.owner == KECAMATAN_OWNER:
            if obj.fallback is None and uncovered:
                c.add(
                    f"{q}.fallback",
                    f"expected an office for kecamatan without a unit ({', '.join(uncovered[:3])}…), since owner is {KECAMATAN_OWNER}",
                )
            elif obj.fallback is not None:
                c.known(f"{q}.fallback", obj.fallback, opds, "an OPD code from opds")
            tiers.add("local")
        else:
            c.known(f"{q}.owner", obj.owner, opds, f"an OPD code from opds or {KECAMATAN_OWNER}")
            if obj.owner in s.opds:
                tiers.add("local" if s.opds[obj.owner].tier in LOCAL_TIERS else "other")
        for i, alt in enumerate(obj.co_owners):
            if alt != KECAMATAN_OWNER:
                c.known(
                    f"{q}.co_owners[{i}]", alt, opds, f"an OPD code from opds or {KECAMATAN_OWNER}"
                )
        named = getattr(s.region, obj.region_names) if obj.region_names else ()
        if not any(cue.strip() for cue in (*obj.cues, *named)):
            c.add(f"{q}.cues", "expected at least one phrase that states this object")
    for i, code in enumerate(sub.co_owners):
        if code != KECAMATAN_OWNER:
            c.known(
                f"{p}.co_owners[{i}]", code, opds, f"an OPD code from opds or {KECAMATAN_OWNER}"
            )
    for obj in sub.objects.values():  # a road named "Jalan Lintas …" cannot be a kabupaten road
        for name in getattr(s.region, obj.region_names) if obj.region_names else ():
            for other_code, other in sub.objects.items():
                if other.owner == obj.owner:
                    continue
                for cue in other.cues:
                    if phrase_pattern(cue).search(name):
                        c.add(
                            f"region.{obj.region_names}",
                            f"expected a name that does not say {cue!r} "
                            f"({p.rsplit('.', 1)[-1]}.{other_code}, owner {other.owner}), found {name!r}",
                        )
    if sub.other_tier_share is not None and sub.objects and tiers != {"local", "other"}:
        c.add(
            f"{p}.other_tier_share",
            "expected objects of both a local and another tier to share between",
        )


def _check_out_of_scope(c: _Checker, s: Scenario, opds: list[str]) -> None:
    """Out-of-scope kinds forward only to another tier, and exist when the load asks for them."""
    if s.load.out_of_scope_share > 0 and not any(k.weight > 0 for k in s.out_of_scope.values()):
        c.add(
            "out_of_scope",
            "expected at least one kind with a positive weight, since load.out_of_scope_share > 0",
        )
    for code, kind in s.out_of_scope.items():
        q = f"out_of_scope.{code}"
        if kind.owner is not None:
            c.known(f"{q}.owner", kind.owner, opds, "an OPD code from opds")
            if kind.owner in s.opds and s.opds[kind.owner].tier in LOCAL_TIERS:
                c.add(
                    f"{q}.owner",
                    f"expected an office of another tier (it is out of the kabupaten's scope), found {kind.owner!r}",
                )
        if not any(cue.strip() for cue in kind.cues):
            c.add(f"{q}.cues", "expected at least one phrase that marks this kind")
