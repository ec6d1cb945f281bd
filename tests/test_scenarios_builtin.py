"""The built-in scenarios validate, and the template shows every field a user can set."""

from __future__ import annotations

import re

import pytest

from scenarios import builtin_names, load_scenario
from scenarios.docs import sections
from scenarios.fields import fields_of
from scenarios.loader import BUILTIN_DIR
from scenarios.model import LOCAL_TIERS


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_scenario_loads_and_is_synthetic(name):
    s = load_scenario(name)
    assert s.scenario.synthetic
    assert any(o.tier in LOCAL_TIERS for o in s.opds.values())


def test_sanggau_has_43_units():
    s = load_scenario("sanggau")
    assert sum(o.tier in LOCAL_TIERS for o in s.opds.values()) == 43


def test_template_mentions_every_field():
    text = (BUILTIN_DIR / "template.yaml").read_text(encoding="utf-8")
    for path, cls in sections():
        for f in fields_of(cls):
            assert re.search(rf"\b{f.name}:", text), f"template.yaml lacks {path}.{f.name}"
