"""A scenario file beyond the limits — huge, deeply nested, alias-heavy — is a clear error naming
the file (exit 2), never a traceback or a long wait; and no input at all makes ``check`` crash."""

from __future__ import annotations

import dataclasses
import typing

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios import ScenarioError, load_scenario, parse_override
from scenarios.cli import main
from scenarios.fields import fields_of
from scenarios.model_sop import Scenario
from scenarios.yamlsrc import MAX_ALIASES, MAX_BYTES, MAX_DEPTH


def check(path) -> typing.Any:
    """``python -m scenarios check PATH`` in this process."""
    return CliRunner().invoke(main, ["check", str(path)])


def refused(path, words: str) -> str:
    result = check(path)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert str(path) in result.output and words in result.output, result.output
    return result.output


def test_a_deeply_nested_file_is_refused_with_its_name(tmp_path):
    flow = tmp_path / "flow.yaml"
    flow.write_text("scenario: " + "[" * 300 + "]" * 300 + "\n")
    refused(flow, f"nested too deeply (more than {MAX_DEPTH} levels)")
    block = tmp_path / "block.yaml"
    block.write_text("".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "x: 1\n")
    refused(block, "nested too deeply")


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "besar.yaml"
    with huge.open("w") as f:
        f.write("extends: kelas_bimtek\n# ")
        f.write("x" * (30 * 1024 * 1024))
        f.write("\n")
    output = refused(huge, "file too large (30.0 MB")
    assert f"{MAX_BYTES // 1024} KB" in output


def test_too_many_aliases_are_refused(tmp_path):
    laughs = tmp_path / "tawa.yaml"
    laughs.write_text("a: &a [1, 2]\n" + "".join(f"b{i}: *a\n" for i in range(MAX_ALIASES + 1)))
    refused(laughs, "too many aliases")


def test_a_mapping_as_a_key_is_a_located_error(tmp_path):
    odd = tmp_path / "kunci.yaml"
    odd.write_text("extends: kelas_bimtek\n? [a, b]\n: 1\n")
    refused(odd, "a key must be text or a number")


def test_a_deep_override_is_plain_text_not_a_crash():
    key, value = parse_override("load.x=" + "[" * 500 + "]" * 500)
    assert key == "load.x" and isinstance(value, str)


def test_the_built_in_scenarios_are_far_inside_the_limits():
    for name in ("kelas_bimtek", "sanggau", "aceh_utara", "template"):
        load_scenario(name)


# --- arbitrary input: exit 0 or 2, never a traceback -------------------------------------------
def _field_names(tp: typing.Any, seen: set | None = None) -> set[str]:
    """Every field name of the scenario's sections, so random files reach deep into the checks."""
    seen = set() if seen is None else seen
    if dataclasses.is_dataclass(tp):
        if tp in seen:
            return set()
        seen.add(tp)
        return {f.name for f in fields_of(tp)}.union(
            *(_field_names(f.type, seen) for f in fields_of(tp))
        )
    return set().union(*(_field_names(a, seen) for a in typing.get_args(tp)))


NAMES = sorted(_field_names(Scenario) | {"extends", "DLH", "lhk", "<<"})
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["kelas_bimtek", "central", "2025-13-01", "DLH", "lhk", "-1", "1e400"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(NAMES), st.text(max_size=6)), inner, max_size=5),
    ),
    max_leaves=25,
)


def _nesting(depth: int, style: str) -> str:
    if style == "flow":
        return "a: " + "[" * depth + "]" * depth + "\n"
    if style == "map":
        return "a: " + "{b: " * depth + "1" + "}" * depth + "\n"
    return "".join("  " * i + "- \n" if i == depth - 1 else "  " * i + "-\n" for i in range(depth))


fuzz = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _never_crashes(path) -> None:
    result = check(path)
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@fuzz
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash_check(tmp_path, data):
    path = tmp_path / "acak.yaml"
    path.write_bytes(data)
    _never_crashes(path)


@fuzz
@given(depth=st.integers(0, 400), style=st.sampled_from(["flow", "map", "block"]))
def test_any_nesting_never_crashes_check(tmp_path, depth, style):
    path = tmp_path / "dalam.yaml"
    path.write_text(_nesting(depth, style))
    _never_crashes(path)


@fuzz
@given(doc=documents, extends=st.booleans())
def test_arbitrary_yaml_structures_never_crash_check(tmp_path, doc, extends):
    if extends and isinstance(doc, dict):
        doc = {"extends": "kelas_bimtek", **doc}
    path = tmp_path / "struktur.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    _never_crashes(path)


def test_a_scenario_error_from_arbitrary_input_names_the_file(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xff\xfe\x00bad")
    try:
        load_scenario(path)
    except ScenarioError as exc:
        assert all(str(path) in p.file for p in exc.problems)
