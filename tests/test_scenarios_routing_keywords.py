"""Keyword routing's ranking (scenarios/routing.py): the fast count equals the plain definition —
for every sub-category, the whole-word hits of each of its keywords in the lower-cased text."""

from __future__ import annotations

import re

import pytest

from scenarios import load_scenario
from scenarios.routing import RoutingContext
from simulator.generator import generate


def _plain_ranking(ctx: RoutingContext, text: str) -> list[str]:
    lowered = text.lower()
    scored = []
    for i, (code, sub) in enumerate(ctx.subs.items()):
        hits = sum(
            len(re.findall(r"\b" + re.escape(k.lower()) + r"\b", lowered)) for k in sub.keywords
        )
        if hits:
            scored.append((-hits, i, code))
    return [code for _, _, code in sorted(scored)]


@pytest.mark.parametrize("name", ["sanggau", "kelas_bimtek", "aceh_utara"])
def test_the_ranking_of_generated_reports_is_the_plain_count(name):
    scenario = load_scenario(name)
    ctx = RoutingContext(scenario)
    ranked_some = 0
    for c in generate(scenario, 11, count=150):
        text = f"{c.title}\n{c.body}"
        got = ctx.keyword_ranking(text)
        assert got == _plain_ranking(ctx, text)
        ranked_some += bool(got)
    assert ranked_some > 100  # the texts do mention the scenario's keywords


def test_whole_words_only_and_repeated_hits_count():
    scenario = load_scenario("sanggau")
    ctx = RoutingContext(scenario)
    code, sub = next((c, s) for c, s in ctx.subs.items() if s.keywords)
    word = sub.keywords[0].lower()
    assert ctx.keyword_ranking(f"{word}x {word}x") == _plain_ranking(ctx, f"{word}x {word}x")
    twice = f"Ada {word.upper()} di sini, {word} lagi."
    assert code in ctx.keyword_ranking(twice)
    assert ctx.keyword_ranking(twice) == _plain_ranking(ctx, twice)
