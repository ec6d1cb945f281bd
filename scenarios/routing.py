"""Routing policies: how a report's destination is chosen, shared by simulator and trainer.

A policy is a small class registered by name behind one method, ``choose(case, ctx, rng)``,
returning an office code (a local OPD to dispose to, or another tier's office to forward to).
The simulator calls it at every (re)disposition; the trainer uses the text-only policies to
suggest a destination. Names and one-line descriptions are in :mod:`scenarios.routing_names`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple, Protocol

from .authority import objects_of, resolve_office
from .draws import Draws
from .model import LOCAL_TIERS
from .model_sop import Scenario
from .routing_names import POLICIES


class RoutingCase(NamedTuple):
    """What a router may know about a report at (re)disposition time.

    A named tuple rather than a frozen dataclass: the simulator builds one at every routing
    decision, and a tuple is built several times faster; it is as immutable."""

    subcategory: str  # the true sub-category (only judgement-based policies use it)
    kecamatan: str
    chosen_subcategory: str  # what the reporter picked
    chosen_agency: str  # the agency the reporter addressed
    text: str  # title and body; empty when text was not generated
    target: str  # the right destination (answer key)
    acceptable: tuple[str, ...] = ()  # also acceptable destinations
    tried: tuple[str, ...] = ()  # destinations that already returned the case


class RoutingContext:
    """Scenario facts a policy needs, precomputed once per run."""

    def __init__(
        self, scenario: Scenario, queue_length: Callable[[str], float] | None = None
    ) -> None:
        self.scenario = scenario
        self.queue_length = queue_length or (lambda code: 0.0)
        self.local = [c for c, o in scenario.opds.items() if o.tier in LOCAL_TIERS]
        self.subs = {
            code: sub
            for cat in scenario.categories.values()
            for code, sub in cat.subcategories.items()
        }
        # each sub-category's keywords, lower-cased; one whole-word pattern per distinct keyword
        self.keywords = [
            (code, tuple(k.lower() for k in sub.keywords)) for code, sub in self.subs.items()
        ]
        # every office an object of the sub-category names (kecamatan units resolved elsewhere)
        self.object_owners = {
            code: tuple(
                dict.fromkeys(
                    o
                    for obj in objects_of(sub).values()
                    for o in (obj.owner, *obj.co_owners)
                    if o in scenario.opds
                )
            )
            for code, sub in self.subs.items()
        }
        self.patterns = {
            k: re.compile(r"\b" + re.escape(k) + r"\b") for _, words in self.keywords for k in words
        }

    def handlers(self, sub_code: str, kecamatan: str) -> list[str]:
        """Local owner and co-owners of a sub-category that serve this kecamatan."""
        sub = self.subs[sub_code]
        out = []
        for code in (sub.owner, *sub.co_owners):
            code = resolve_office(self.scenario, code, kecamatan, None) or ""
            opd = self.scenario.opds.get(code)
            if opd is None:
                continue
            if opd.tier in LOCAL_TIERS and opd.kecamatan in (None, kecamatan) and code not in out:
                out.append(code)
        return out

    def keyword_ranking(self, text: str) -> list[str]:
        """Sub-categories ordered by keyword hits in ``text`` (only those with a hit)."""
        lowered = text.lower()
        # a keyword absent as plain text cannot match as a whole word: most are skipped by a
        # substring test, and a keyword shared by sub-categories is counted once
        found = {k: len(p.findall(lowered)) for k, p in self.patterns.items() if k in lowered}
        scored = []
        for i, (code, words) in enumerate(self.keywords):
            hits = sum(found.get(k, 0) for k in words)
            if hits:
                scored.append((-hits, i, code))
        return [code for _, _, code in sorted(scored)]


class RoutingPolicy(Protocol):
    """Chooses where a report goes."""

    name: ClassVar[str]

    def choose(self, case: RoutingCase, ctx: RoutingContext, rng: Draws) -> str: ...


REGISTRY: dict[str, Any] = {}  # name -> policy class (each has a ``name`` and ``choose``)


def register(cls: Any) -> Any:
    """Class decorator adding a policy to the registry under its ``name``."""
    if cls.name not in POLICIES:
        raise ValueError(f"policy {cls.name!r} is not described in routing_names.POLICIES")
    REGISTRY[cls.name] = cls
    return cls


def make_policy(scenario: Scenario, name: str | None = None) -> RoutingPolicy:
    """The policy named in the scenario (or ``name``) with the scenario's parameters."""
    policy_name = name or scenario.routing.policy
    if policy_name not in REGISTRY:
        raise ValueError(f"unknown routing policy {policy_name!r}; known: {', '.join(REGISTRY)}")
    return REGISTRY[policy_name](scenario)


def _untried(codes: list[str], case: RoutingCase) -> list[str]:
    return [c for c in codes if c not in case.tried]


@register
class Perfect:
    """Always the right destination."""

    name = "perfect"
    #: always ``case.target`` and no draw: a caller that knows the target may skip the call
    always_right = True

    def __init__(self, scenario: Scenario) -> None:
        pass

    def choose(self, case: RoutingCase, ctx: RoutingContext, rng: Draws) -> str:
        return case.target


@register
class Verifier:
    """The admin's judgement: right with probability ``accuracy``, else a typical confusion."""

    name = "verifier"

    def __init__(self, scenario: Scenario) -> None:
        self.accuracy = scenario.routing.accuracy

    def choose(self, case: RoutingCase, ctx: RoutingContext, rng: Draws) -> str:
        if rng.random() < self.accuracy:
            return case.target
        sub = ctx.subs[case.subcategory]
        near = (*sub.misroute_to, *ctx.object_owners[case.subcategory], sub.owner)
        right = {
            case.target,
            *case.acceptable,
        }  # a set: a sub-category may have hundreds of co-owners
        wrong = [c for c in dict.fromkeys(near) if c not in right]
        wrong = _untried(wrong, case) or _untried(ctx.local, case)
        return rng.choice(wrong) if wrong else case.target


@register
class CategoryTable:
    """The reporter's chosen category looked up in the routing table; judgement after a return."""

    name = "category-table"

    def __init__(self, scenario: Scenario) -> None:
        self.fallback = Verifier(scenario)

    def choose(self, case: RoutingCase, ctx: RoutingContext, rng: Draws) -> str:
        if case.tried:
            return self.fallback.choose(case, ctx, rng)
        return ctx.subs[case.chosen_subcategory].owner


@register
class Keyword:
    """The sub-category whose keywords the text mentions most; its owner gets the report."""

    name = "keyword"
    reads_text = True

    def __init__(self, scenario: Scenario) -> None:
        pass

    def choose(self, case: RoutingCase, ctx: RoutingContext, rng: Draws) -> str:
        ranking = ctx.keyword_ranking(case.text) if case.text else []
        if case.chosen_subcategory not in ranking:
            ranking.append(case.chosen_subcategory)
        for sub_code in ranking:
            for code in ctx.handlers(sub_code, case.kecamatan) or [ctx.subs[sub_code].owner]:
                if code not in case.tried:
                    return code
        options = _untried(ctx.local, case)
        return rng.choice(options) if options else case.target


@register
class LeastLoaded:
    """Among the handlers of the judged sub-category, the one with the shortest queue."""

    name = "least-loaded"

    def __init__(self, scenario: Scenario) -> None:
        self.accuracy = scenario.routing.accuracy
        self.fallback = Verifier(scenario)

    def choose(self, case: RoutingCase, ctx: RoutingContext, rng: Draws) -> str:
        judged = case.subcategory if rng.random() < self.accuracy else case.chosen_subcategory
        if judged == case.subcategory and case.target not in ctx.local:
            return case.target  # recognised as another tier's authority
        options = _untried(ctx.handlers(judged, case.kecamatan), case)
        if not options:
            return self.fallback.choose(case, ctx, rng)
        best, shortest = options[0], ctx.queue_length(options[0])
        for code in options[1:]:  # the shortest queue; the first listed among equals
            length = ctx.queue_length(code)
            if length < shortest:
                best, shortest = code, length
        return best


@register
class ReporterSelected:
    """Straight to the agency the reporter addressed; judgement after a return."""

    name = "reporter-selected"

    def __init__(self, scenario: Scenario) -> None:
        self.fallback = Verifier(scenario)

    def choose(self, case: RoutingCase, ctx: RoutingContext, rng: Draws) -> str:
        if case.tried:
            return self.fallback.choose(case, ctx, rng)
        return case.chosen_agency


@register
class Suggestion:
    """The text reader's first dispose/forward suggestion not yet tried; judgement when none."""

    name = "suggestion"
    reads_text = True

    def __init__(self, scenario: Scenario) -> None:
        from .reader import reader_of

        self.reader = reader_of(scenario)
        self.fallback = Verifier(scenario)

    def choose(self, case: RoutingCase, ctx: RoutingContext, rng: Draws) -> str:
        if case.text:
            title, _, body = case.text.partition("\n")
            for s in self.reader.suggest(title, body, kecamatan=case.kecamatan):
                if (
                    s.office is not None
                    and s.action in ("disposisi", "bukan_wewenang")
                    and s.office not in case.tried
                ):
                    return s.office
        return self.fallback.choose(case, ctx, rng)
