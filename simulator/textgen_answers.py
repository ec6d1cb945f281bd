"""What a good *tindak lanjut* must cover for one report, and the verifier's request to complete it.

Answer points name only what the report itself named: the filler runs *frozen*, so a point about
"the mill" appears only if the report mentioned a mill, and a report without a place gets no
point naming one (domain.md §8: concrete action, place, unit and contact, never a generic reply).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from scenarios.lifecycle import MISSING_ELEMENTS
from simulator.textgen_engine import Filler, Tpl, Unavailable


def render_each(filler: Filler, options: Sequence[Tpl], limit: int | None = None) -> list[str]:
    """Every option that can be rendered for this report, in order (at most ``limit``)."""
    out: list[str] = []
    for tpl in options:
        if limit is not None and len(out) >= limit:
            break
        try:
            if filler.usable(tpl):
                out.append(filler.fill(tpl.text))
        except Unavailable:
            continue
    return out


def answer_points(
    filler: Filler,
    rng: random.Random,
    common: Mapping[str, Any],
    *,
    must: Sequence[Tpl],
    optional: Sequence[Tpl],
    urgent_own: Sequence[Tpl],
    missing: frozenset[str],
    named_person: bool,
    urgent: bool,
) -> tuple[str, ...]:
    """3–6 points: the sub-category's musts, a sample of its others, the situation, a closing."""
    filler.frozen, no_time, filler.no_time = True, filler.no_time, False
    try:
        fixed = render_each(filler, must)
        situational = [common["missing"][m][0].text for m in MISSING_ELEMENTS if m in missing]
        if named_person:
            situational.append(rng.choice(common["person"]).text)
        if urgent:
            own = render_each(filler, urgent_own)
            situational.append(own[0] if own else filler.render(common["urgent"]))
        closing = filler.render(common["close"])
        taken = len(fixed) + len(situational) + 1
        want = 1 if "rincian" in missing else rng.randint(2, 3)
        limit = max(3 - taken, min(want, 6 - taken), 0)
        sample = render_each(filler, rng.sample(list(optional), len(optional)), limit)
        points = list(dict.fromkeys([*fixed, *sample, *situational, closing]))
        for extra in render_each(
            filler, rng.sample(list(common["general"]), len(common["general"]))
        ):
            if len(points) >= 3:
                break
            if extra not in points:
                points.insert(-1, extra)
        return tuple(points[:5] + points[-1:] if len(points) > 6 else points)
    finally:
        filler.frozen, filler.no_time = False, no_time


def missing_prompt(
    tunda: Mapping[str, Any], missing: frozenset[str], rng: random.Random
) -> str | None:
    """The polite request a verifier sends with *tunda*, naming each missing element."""
    if not missing:
        return None
    pick = lambda options: rng.choice(options).text  # noqa: E731
    items = [pick(tunda["items"][m]) for m in MISSING_ELEMENTS if m in missing]
    listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " dan " + items[-1]
    return f"{pick(tunda['open'])} {pick(tunda['ask'])} {listed}. {pick(tunda['close'])}"
