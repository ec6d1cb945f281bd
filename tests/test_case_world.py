"""The case world: every answer key follows from what its report says.

Facts first: a case's object (a road's class, a school's level…) is drawn, its key computed by
the scenario's rules, its text written from the facts. These tests read generated cases as an
admin would: is the deciding phrase in the text, does no phrase point to another owner, does a
duplicate retell its original, do time and people read plausibly?
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest

from scenarios import builtin_names, load_scenario
from scenarios.authority import case_text
from scenarios.timebase import calendar_for
from simulator.audit import audit
from simulator.generator import generate

SCENARIOS = [n for n in builtin_names() if not n.startswith("_")]
PER_SCENARIO = 5000 // len([n for n in SCENARIOS if n != "teori_mmc"]) + 1


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n != "teori_mmc"])
def test_every_key_follows_from_the_facts_and_its_phrase_is_in_the_text(name):
    """Over 5,000 cases of the built-in scenarios: key = rules(facts), deciding phrase in the
    text, no phrase that decides another owner, duplicates retell an original seen before."""
    found = audit(load_scenario(name), 20251203, PER_SCENARIO)
    assert found.cases == PER_SCENARIO
    assert found.problems == [], found.problems[:10]


def test_the_spans_point_to_the_deciding_phrases(mini_scenario):
    """Each span holds a deciding phrase, and each phrase (listed once) has a span."""
    spanned = 0
    for c in generate(mini_scenario, 4, count=400):
        text = case_text(c.title, c.body)
        found = [text[a:b].lower() for a, b in c.key.spans]
        assert set(found) == {w.lower() for w in c.key.why}
        assert len(c.key.why) == len({w.lower() for w in c.key.why})
        spanned += bool(found)
    assert spanned > 300


def test_a_crime_is_forwarded_to_polres_and_a_private_debt_archived_with_guidance(mini_scenario):
    """No wrong door: a crime goes on to Polres; a private matter is archived with a way to go."""
    seen = Counter()
    for c in generate(mini_scenario, 9, count=2000, with_text=False):
        kind = c.out_of_scope_kind
        if kind == "pidana":
            assert (c.key.action, c.key.opd) == ("bukan_wewenang", "POLRES")
        elif kind is not None:
            assert c.key.action == "arsipkan" and c.key.archive_reason
            assert c.key.guidance or kind == "bukan_layanan"
        seen[kind] += 1
    assert seen["pidana"] and seen["perdata"]


def test_walk_ins_arrive_only_in_office_hours_and_the_channel_mix_holds():
    s = load_scenario("sanggau")
    cal = calendar_for(s)
    cases = list(generate(s, 5, count=3000, with_text=False))
    walkins = [c for c in cases if c.channel == "walkin"]
    assert walkins and all(cal.is_open(c.arrived_at) for c in walkins)
    share = len(walkins) / len(cases)
    want = s.load.channel_mix["walkin"] / sum(s.load.channel_mix.values())
    assert share == pytest.approx(want, abs=0.025)


_PARTS = {"pagi": 5, "siang": 11, "sore": 15, "malam": 18}


def test_time_words_agree_with_the_moment_of_receipt():
    """'Tadi pagi' is never written before dawn, 'tadi sore' never in the morning."""
    s = load_scenario("kutai_timur")
    for c in generate(s, 13, count=1500):
        text = c.body.lower()
        for part, start in _PARTS.items():
            if re.search(rf"\btadi {part}\b|\b{part} tadi\b", text):
                small_hours = part == "malam" and c.received.hour < 5  # "tadi malam" at 03:00
                assert c.received.hour >= start or small_hours, (c.received, c.body)
        # a bare "kemarin" is yesterday; "Senin kemarin" / "hari Senin kemarin" is last Monday
        for m in re.finditer(r"(\w+)\s+kemarin\b|^kemarin\b", text):
            if (
                m.group(1) in (None, "sejak", "dari", "pagi", "siang", "sore", "malam")
                and c.key.action != "duplikat"
            ):
                assert c.occurred == c.received.date() - timedelta(days=1), (c.received, c.body)


def test_most_reporters_carry_no_title_and_none_on_chat_channels():
    s = load_scenario("sanggau")
    titled = Counter()
    total = Counter()
    for c in generate(s, 21, count=3000, with_text=False):
        formal = c.channel in ("walkin", "web")
        total[formal] += 1
        has_title = bool(re.search(r"\b(Dr|dr|Drs|Ir|Prof|S\.\w+|M\.\w+|A\.Md)\.", c.reporter_name))
        titled[formal] += has_title
    assert titled[False] == 0
    assert 0 < titled[True] / total[True] < 0.15


def test_the_same_seed_tells_other_stories_in_another_kabupaten():
    a = list(generate(load_scenario("sanggau"), 3, count=300, with_text=True))
    b = list(generate(load_scenario("kutai_timur"), 3, count=300, with_text=True))

    def skeleton(c):
        return re.sub(r"[A-Z][a-z]+", "X", c.body)[:80]

    same = sum(
        skeleton(x) == skeleton(y)
        for x, y in zip(a, b, strict=False)
        if x.subcategory == y.subcategory
    )
    pairs = sum(x.subcategory == y.subcategory for x, y in zip(a, b, strict=False))
    assert pairs and same / pairs < 0.2


def test_investigation_is_asked_for_in_words():
    """A complaint with a 60 HK investigation deadline asks for an inspection or audit."""
    s = load_scenario("sanggau")
    words = re.compile(r"pemeriksaan|investigasi|audit|diperiksa|uji lab|kajian", re.IGNORECASE)
    cases = [c for c in generate(s, 8, count=1500) if c.key.deadline_kind == "investigasi"]
    assert cases and all(words.search(c.body) for c in cases if "rincian" not in c.key.missing)
