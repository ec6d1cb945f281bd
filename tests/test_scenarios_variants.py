"""The variant mini-language: one reader for --variant, study files and the planner."""

from __future__ import annotations

import pytest

from scenarios.variants import Variant, parse_changes, parse_variant, variant_from


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dua:sop.verifiers=2", Variant("dua", {"sop.verifiers": 2})),
        (
            "kw cepat: routing.policy=keyword; sop.verifier_checks_per_day=4",
            Variant("kw cepat", {"routing.policy": "keyword", "sop.verifier_checks_per_day": 4}),
        ),
        ("sop.verifiers=2", Variant("sop.verifiers=2", {"sop.verifiers": 2})),
        ("cepat:varian/cepat.yaml", Variant("cepat", {}, "varian/cepat.yaml")),
        ("varian/cepat.yaml", Variant("cepat", {}, "varian/cepat.yaml")),
        ("x:load.surges=[]", Variant("x", {"load.surges": []})),
    ],
)
def test_a_variant_is_read_the_same_everywhere(text, expected):
    assert parse_variant(text) == expected


@pytest.mark.parametrize("text", ["dua:", "  ", "dua:sop.verifiers=2;=3"])
def test_an_empty_variant_or_change_is_refused_with_the_text(text):
    with pytest.raises(ValueError):
        parse_variant(text)


def test_a_study_variant_may_be_a_mapping_a_string_or_nothing():
    assert variant_from("a", {"sop.verifiers": 2}) == Variant("a", {"sop.verifiers": 2})
    assert variant_from("b", "sop.verifiers=2;routing.policy=keyword") == Variant(
        "b", parse_changes("sop.verifiers=2;routing.policy=keyword")
    )
    assert variant_from("c", None) == Variant("c", {})
    with pytest.raises(ValueError, match="expected a mapping"):
        variant_from("d", [1, 2])
