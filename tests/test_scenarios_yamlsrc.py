"""Reading scenario YAML: libyaml and pure Python read alike, and a file read again is a copy."""

from __future__ import annotations

import pytest
import yaml

from scenarios import ScenarioError, load_scenario
from scenarios.loader import BUILTIN_DIR
from scenarios.yamlsrc import (
    SourceList,
    SourceMap,
    YamlSyntaxError,
    _loader_for,
    _PyLimited,
    parse_yaml,
    read_yaml,
    set_path,
)


def located(value):
    """A parsed value with every mapping's and list's file and lines spelled out."""
    if isinstance(value, SourceMap):
        return (
            "map",
            value.file,
            value.line,
            {k: (value.locate(k), located(v)) for k, v in value.items()},
        )
    if isinstance(value, SourceList):
        return ("list", value.file, value.line, [located(v) for v in value])
    return value


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", sorted(BUILTIN_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_libyaml_reads_every_builtin_file_as_pure_python_does(path):
    """Do both readers give the same values, at the same lines?"""
    text = path.read_text(encoding="utf-8")
    fast = parse_yaml(text, str(path))
    slow = yaml.load(text, Loader=_loader_for(str(path), _PyLimited))  # noqa: S506
    assert located(fast) == located(slow)


def test_both_readers_name_the_line_of_a_syntax_error():
    text = "a: 1\nb: [1, 2\nc: 3\n"
    with pytest.raises(YamlSyntaxError) as fast:
        parse_yaml(text, "x.yaml")
    with pytest.raises(yaml.MarkedYAMLError) as slow:
        yaml.load(text, Loader=_loader_for("x.yaml", _PyLimited))  # noqa: S506
    assert fast.value.line is not None
    assert fast.value.line == slow.value.problem_mark.line + 1


def test_a_file_read_again_is_a_fresh_copy(tmp_path):
    """Can one load's --set change what the next load of the same file reads? (It must not.)"""
    path = tmp_path / "s.yaml"
    path.write_text("sop:\n  verifiers: 2\nopds: [A, B]\n", encoding="utf-8")
    first = read_yaml(path)
    set_path(first, "sop.verifiers", 5, "--set sop.verifiers")
    first["opds"].append("C")
    second = read_yaml(path)
    assert second == {"sop": {"verifiers": 2}, "opds": ["A", "B"]}
    assert second["sop"].locate("verifiers") == (str(path), 2)
    assert isinstance(second["opds"], SourceList) and second["opds"].line == 3


def test_a_changed_file_is_read_again(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert read_yaml(path) == {"a": 1}
    path.write_text("a: 2\n", encoding="utf-8")
    assert read_yaml(path) == {"a": 2}


def test_variants_of_one_base_load_as_if_read_afresh():
    """A variant loaded after its base (file parsed once) equals the base with the change."""
    base = load_scenario("sanggau")
    one = load_scenario("sanggau", {"sop.verifiers": 1})
    again = load_scenario("sanggau")
    assert one.sop.verifiers == 1
    assert again == base


def test_variants_share_the_sections_they_do_not_change(monkeypatch):
    """Is a variant built from the sections of its base, and equal to one built afresh?"""
    from scenarios import loader

    base = load_scenario("sanggau")
    variant = load_scenario("sanggau", {"sop.verifiers": 1})
    assert variant.categories is base.categories and variant.opds is base.opds
    assert variant.sop is not base.sop and variant.sop.verifiers == 1
    monkeypatch.setattr(loader, "_SECTIONS", type(loader._SECTIONS)())
    assert load_scenario("sanggau", {"sop.verifiers": 1}) == variant


def test_a_section_with_a_problem_is_named_every_time_it_is_loaded(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text("extends: sanggau\nsop:\n  verifiers: -2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        assert [(p.file, p.path, p.line) for p in info.value.problems] == [
            (str(path), "sop.verifiers", 3)
        ]
