"""The scenario reference is generated from the field declarations and kept in step."""

from __future__ import annotations

from pathlib import Path

from scenarios import docs
from scenarios.fields import fields_of

ROOT = Path(__file__).resolve().parent.parent


def test_every_field_has_help_and_appears_in_the_reference():
    text = docs.render()
    sections = [cls for _, cls in docs.sections()]
    assert len(sections) >= 15
    for cls in sections:
        for f in fields_of(cls):
            assert f.param.help.strip(), f"{cls.__name__}.{f.name} has no help text"
            assert f"| `{f.name}` |" in text, f"{cls.__name__}.{f.name} missing from docs"


def test_docs_file_is_up_to_date():
    committed = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    assert committed == docs.render(), (
        "run: make docs (python -m scenarios docs > docs/scenarios.md)"
    )


def test_every_cli_command_is_documented():
    from scenarios.cli import main as scenarios_cli
    from simulator.cli import main as simulator_cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")
    )
    for prog, group in (
        ("python -m scenarios", scenarios_cli),
        ("python -m simulator", simulator_cli),
    ):
        for name in group.commands:
            assert f"{prog} {name}" in readme, f"'{prog} {name}' is not documented"
