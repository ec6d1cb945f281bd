"""Command line of the simulator: generate synthetic complaints (runs and experiments follow)."""

from __future__ import annotations

import sys

import click

from scenarios.cli import load_or_exit, overrides_from

from .export import write_csv, write_jsonl
from .generator import generate


@click.group()
def main() -> None:
    """Synthetic complaint loads and the SP4N-LAPOR! flow simulator."""


@main.command("generate")
@click.argument("scenario")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option("--count", type=click.IntRange(min=0), help="Stop after this many complaints.")
@click.option(
    "--days", type=click.IntRange(min=1), help="Simulated days (default: the scenario's period)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "text"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "--with-answers", is_flag=True, help="Include the hidden answer key (for facilitators)."
)
@click.option("--no-text", is_flag=True, help="Leave out titles and bodies (fast).")
@click.option(
    "--set", "sets", multiple=True, metavar="PATH=VALUE", help="Override a scenario field."
)
def generate_cmd(
    scenario: str,
    seed: int,
    count: int | None,
    days: int | None,
    fmt: str,
    with_answers: bool,
    no_text: bool,
    sets: tuple[str, ...],
) -> None:
    """Print synthetic complaints of SCENARIO (a file or built-in name).

    Example: python -m simulator generate sanggau --seed 7 --count 20 --with-answers
    """
    s = load_or_exit(scenario, overrides_from(sets))
    stream = generate(s, seed, days=days, count=count, with_text=not no_text)
    if fmt == "jsonl":
        write_jsonl(stream, sys.stdout, with_answers=with_answers)
    elif fmt == "csv":
        write_csv(stream, sys.stdout, with_answers=with_answers)
    else:
        for c in stream:
            click.echo(render_text(c, with_answers))


def render_text(c, with_answers: bool) -> str:
    """A complaint as a reader sees it in the LAPOR! admin screen."""
    flags = [
        f
        for f, on in (("anonim", c.anonymous_requested), ("rahasia", c.confidential_requested))
        if on
    ]
    lines = [
        f"── {c.id}  {c.received:%a %d %b %Y %H:%M}  via {c.channel}  [{c.report_type}]"
        + (f"  ({', '.join(flags)})" if flags else ""),
        f"   {c.title}",
        f"   Pelapor: {c.reporter_name}; dipilih: {c.chosen_subcategory} → {c.chosen_agency}",
        "",
        *("   " + line for line in c.body.splitlines()),
        "",
    ]
    if with_answers:
        k = c.key
        target = k.opd or "-"
        extra = [
            f"then {k.then}" if k.then else "",
            f"missing {', '.join(k.missing)}" if k.missing else "",
            f"dup of {k.duplicate_of}" if k.duplicate_of else "",
            k.archive_reason or "",
            "RAHASIA" if k.rahasia else "",
            "ANONIM" if k.anonim else "",
            "URGENT" if k.urgent else "",
        ]
        lines.append(
            f"   KEY: {k.action} → {target} (alt: {', '.join(k.acceptable) or '-'}) "
            f"[{k.hard_kind}; {k.deadline_kind} {k.deadline_hk} HK] {' '.join(e for e in extra if e)}"
        )
        facts = [
            f"object {c.object}" if c.object else "",
            "investigation" if c.investigation else "",
            f"out of scope: {c.out_of_scope_kind}" if c.out_of_scope_kind else "",
        ]
        lines.append(f"   FACTS: {c.subcategory}; {'; '.join(f for f in facts if f) or '-'}")
        why = ", ".join(f"“{p}”" for p in k.why) or "-"
        lines.append(f"   WHY: rule {k.rule or '-'}; the text says {why}")
        lines += [f"     • {p}" for p in k.answer_points]
        lines.append("")
    return "\n".join(lines)


@main.command("audit")
@click.argument("scenario")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--count",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Cases to generate and check.",
)
@click.option(
    "--set", "sets", multiple=True, metavar="PATH=VALUE", help="Override a scenario field."
)
def audit_cmd(scenario: str, seed: int, count: int, sets: tuple[str, ...]) -> None:
    """Check that every answer key of SCENARIO follows from what its report says; exit 1 if not.

    For each generated case: the key equals the scenario's rules applied to the case's facts,
    the deciding phrase is in the text, no phrase decides another owner, and a duplicate retells
    its original. Use it after writing a scenario's objects and cues.

    Example: python -m simulator audit my_kabupaten.yaml --count 3000
    """
    from .audit import audit

    s = load_or_exit(scenario, overrides_from(sets))
    found = audit(s, seed, count)
    for case_id, problem in found.problems[:50]:
        click.echo(f"{case_id}: {problem}")
    if len(found.problems) > 50:
        click.echo(f"… and {len(found.problems) - 50} more")
    plain = found.plain_fact_sentences
    click.echo(
        f"{found.cases} cases, {len(found.problems)} problems; the plain fact sentence was "
        f"added to {plain} ({plain / found.cases:.1%}) where the templates did not say it."
    )
    sys.exit(1 if found.problems else 0)


from .cli_run import COMMANDS  # noqa: E402  (the run commands live in their own module)
from .cli_study import COMMANDS as STUDY_COMMANDS  # noqa: E402

for _command in (*COMMANDS, *STUDY_COMMANDS):
    main.add_command(_command)

from .cli_history import COMMANDS as HISTORY_COMMANDS  # noqa: E402
from .cli_history import add_history_out  # noqa: E402

for _command in HISTORY_COMMANDS:
    main.add_command(_command)
add_history_out(main.commands["run"])  # run --history-out: a simulated period as a history
