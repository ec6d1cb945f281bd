"""Command line for scenario files: list, check, show, docs."""

from __future__ import annotations

import sys

import click

from . import docs as docs_module
from .errors import ScenarioError
from .intensity import expected_per_category
from .loader import builtin_names, load_scenario, parse_override, resolve
from .model import LOCAL_TIERS
from .model_sop import Scenario


def overrides_from(items: tuple[str, ...]) -> dict:
    """``--set`` items as a mapping; a malformed one is a usage error."""
    out = {}
    for item in items:
        try:
            key, value = parse_override(item)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--set") from None
        out[key] = value
    return out


def load_or_exit(ref: str, overrides: dict | None = None) -> Scenario:
    """Load a scenario; on bad input print every problem and exit with status 2."""
    try:
        return load_scenario(ref, overrides)
    except FileNotFoundError:
        names = ", ".join(builtin_names())
        click.echo(
            f"error: no scenario file or built-in named {ref!r} (built-in: {names})", err=True
        )
        sys.exit(2)
    except ScenarioError as exc:
        click.echo(f"error: {len(exc.problems)} problem(s) in scenario {ref!r}:", err=True)
        for p in exc.problems:
            click.echo(f"  {p}", err=True)
        sys.exit(2)


@click.group()
def main() -> None:
    """Scenario files of the LAPOR! sandbox: list, check and summarise them."""


@main.command("list")
def list_cmd() -> None:
    """List the built-in scenarios.

    Example: python -m scenarios list
    """
    for name in builtin_names():
        s = load_or_exit(name)
        click.echo(f"{name:22} {s.scenario.title}")


@main.command()
@click.argument("files", nargs=-1, required=True)
def check(files: tuple[str, ...]) -> None:
    """Validate scenario FILES (paths or built-in names); report every problem.

    Exit status 0 when all are valid, 2 otherwise.

    Example: python -m scenarios check scenarios/data/*.yaml
    """
    bad = 0
    for ref in files:
        try:
            resolve(ref)
            load_scenario(ref)
            click.echo(f"ok      {ref}")
        except FileNotFoundError:
            bad += 1
            click.echo(f"error   {ref}: no such file or built-in scenario", err=True)
        except ScenarioError as exc:
            bad += 1
            click.echo(f"error   {ref}: {len(exc.problems)} problem(s)", err=True)
            for p in exc.problems:
                click.echo(f"  {p}", err=True)
    if bad:
        sys.exit(2)


@main.command()
@click.argument("scenario")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Override a field.")
def show(scenario: str, sets: tuple[str, ...]) -> None:
    """Print a readable summary of SCENARIO: OPDs, staff, deadlines, yearly load per category.

    Example: python -m scenarios show sanggau --set sop.verifiers=2
    """
    s = load_or_exit(scenario, overrides_from(sets))
    click.echo(render_summary(s))


@main.command()
def docs() -> None:
    """Print the scenario reference (docs/scenarios.md) generated from the field declarations.

    Example: python -m scenarios docs > docs/scenarios.md
    """
    click.echo(docs_module.render(), nl=False)


def render_summary(s: Scenario) -> str:
    """The text of ``show``."""
    r, sop, d = s.region, s.sop, s.sop.deadlines
    desa = sum(len(v) for v in r.kecamatan.values())
    lines = [
        f"{s.scenario.title}  [{s.scenario.name}]"
        + ("  (sintetis / synthetic)" if s.scenario.synthetic else ""),
        f"Region: {r.name}, {r.province} — {r.timezone}; {len(r.kecamatan)} kecamatan, {desa} desa listed",
        "",
        f"SOP: verification {sop.verification}, {sop.verifiers} verifier(s) at {sop.verifier_time_share:.0%} "
        f"time, checking {sop.verifier_checks_per_day or 'continuously'}×/day; routing policy {s.routing.policy}",
        f"Deadlines (HK): verification {d.verification}, follow-up {d.followup}, completion {d.completion}"
        f" / {d.completion_investigation} (investigation), aspirasi {d.aspirasi}, informasi {d.informasi},"
        f" auto-close {d.auto_close}, hold {d.clarification_wait}",
        "Escalation: "
        + (", ".join(f"{e.action} at {e.at:.0%}" for e in sop.escalation) or "none")
        + f"; approval loop {'on' if sop.approval.enabled else 'off'}; max hops {sop.max_hops}",
        "",
    ]
    local = {c: o for c, o in s.opds.items() if o.tier in LOCAL_TIERS}
    other = {c: o for c, o in s.opds.items() if o.tier not in LOCAL_TIERS}
    lines.append(
        f"Local units ({len(local)}): code, officers × time share, checks/day, handling mean (working h)"
    )
    for code, o in local.items():
        lines.append(
            f"  {code:14} {o.officers} × {o.time_share:.0%}  {o.checks_per_day or 'cont.'}/day  "
            f"{o.handling.mean:g} h  {o.name}"
        )
    lines.append(f"Other tiers — forward targets ({len(other)}):")
    for code, o in other.items():
        lines.append(f"  {code:14} {o.tier:9} {o.name}")
    expected = expected_per_category(s)
    total = sum(expected.values())
    lines += [
        "",
        f"Expected reports in a year from {s.simulation.start}: {total:,.0f} "
        f"(base {s.load.reports_per_year:,.0f} + surges)",
    ]
    for code, n in sorted(expected.items(), key=lambda kv: -kv[1]):
        share = n / total if total else 0.0
        lines.append(f"  {code:16} {n:8,.1f}  {share:6.1%}  {s.categories[code].label}")
    for surge in s.load.surges:
        lines.append(
            f"  surge: {surge.label} {surge.start}..{surge.end} ×{surge.multiplier:g} on {', '.join(surge.categories)}"
        )
    return "\n".join(lines)
