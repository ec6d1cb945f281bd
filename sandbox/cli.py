"""Command line of the workshop engine: a few lines per command over the Python API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from scenarios.loader import parse_override

from . import agenda, clock, facilitators, views, workshops
from .cli_common import auth_options, login, pass_db, workshop_of
from .cli_results import COMMANDS  # the outcome commands live in their own module
from .db import ENV_VAR, open_db
from .errors import SandboxError


class _Group(click.Group):
    """Shows a user error as a clear message (Indonesian / English) and exits 1, no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SandboxError as exc:
            raise click.ClickException(f"{exc.message_id}\n       {exc.message_en}") from None


@click.group(cls=_Group)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    help=f"Database file (else ${ENV_VAR}, as for the trainer; default instance/sandbox.sqlite).",
)
@click.pass_context
def main(ctx: click.Context, db_path: str | None) -> None:
    """Workshop engine of the LAPOR! sandbox: bimtek exercises on a simulated clock.

    Example: python -m sandbox create kelas_bimtek -f budi --seed 7
    """
    ctx.obj = {"db": open_db(db_path)}


@main.command("facilitator")
@click.argument("name")
@click.password_option(
    envvar="LAPOR_PASSWORD", help="Password (or $LAPOR_PASSWORD; prompted twice if absent)."
)
@pass_db
def facilitator_cmd(ctx: dict, name: str, password: str) -> None:
    """Create a facilitator account (the password is stored hashed with scrypt).

    Example: python -m sandbox facilitator budi
    """
    fid = facilitators.create_facilitator(ctx["db"], name, password, now=clock.wall_now())
    click.echo(f"Fasilitator {name} dibuat (#{fid}).")


@main.command("reset-password")
@click.argument("name")
@click.password_option(
    envvar="LAPOR_PASSWORD", help="New password (or $LAPOR_PASSWORD; prompted twice if absent)."
)
@pass_db
def reset_password_cmd(ctx: dict, name: str, password: str) -> None:
    """Give a facilitator a new password: every session of the account ends and its wrong
    attempts are forgotten (run it on the laptop that holds the database).

    Example: python -m sandbox reset-password budi
    """
    fid = facilitators.reset_password(ctx["db"], name, password)
    click.echo(f"Kata sandi fasilitator {name} diganti (#{fid}); semua sesinya berakhir.")


@main.command()
@click.argument("scenario")
@auth_options
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the caseload.")
@click.option(
    "--mode", type=click.Choice(["practice", "assessment"]), default="practice", show_default=True
)
@click.option("--title", help="Title shown to participants.")
@click.option(
    "--start",
    type=click.DateTime(["%Y-%m-%d"]),
    help="First simulated day (default: the scenario's).",
)
@click.option(
    "--days", type=click.IntRange(min=1), help="Simulated days (default: the scenario's)."
)
@click.option(
    "--speed", type=float, default=60.0, show_default=True, help="Simulated hours per real hour."
)
@click.option(
    "--no-skip-closed",
    is_flag=True,
    help="Let the clock run through nights, weekends and holidays.",
)
@click.option(
    "--set", "sets", multiple=True, metavar="PATH=VALUE", help="Override a scenario field."
)
@pass_db
def create(
    ctx: dict,
    scenario: str,
    facilitator: str,
    password: str,
    seed: int,
    mode: str,
    title: str | None,
    start: datetime | None,
    days: int | None,
    speed: float,
    no_skip_closed: bool,
    sets: tuple[str, ...],
) -> None:
    """Create a workshop on SCENARIO (a file or built-in name) and print its join code.

    Example: python -m sandbox create kelas_bimtek -f budi --seed 7 --start 2025-06-05
    """
    fid = login(ctx, facilitator, password)
    try:
        overrides = dict(parse_override(s) for s in sets)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--set") from None
    ws = workshops.create_workshop(
        ctx["db"],
        facilitator_id=fid,
        scenario_ref=scenario,
        seed=seed,
        mode=mode,
        title=title,
        start_date=start.date() if start else None,
        days=days,
        overrides=overrides,
        clock=clock.ClockSettings(speed=speed, skip_closed=not no_skip_closed),
        now=clock.wall_now(),
    )
    n = views.workshop_status(ctx["db"], ws.id, clock.wall_now()).total_cases
    click.echo(
        f"Latihan dibuat: kode {ws.code} — {ws.title}\n  {n} kasus, {ws.days} hari mulai {ws.start_date}, mode {ws.mode}"
    )


@main.command("list")
@click.option("--facilitator", "-f", help="Only this facilitator's workshops.")
@pass_db
def list_cmd(ctx: dict, facilitator: str | None) -> None:
    """List workshops, newest first.

    Example: python -m sandbox list
    """
    fid = (facilitators.facilitator_id(ctx["db"], facilitator) or -1) if facilitator else None
    for ws in workshops.list_workshops(ctx["db"], facilitator_id=fid):
        click.echo(
            f"{ws.code}  {ws.clock_state:11} {ws.mode:10} {ws.scenario_ref:18} seed {ws.seed:<6} {ws.title}"
        )


@main.command()
@click.argument("code")
@pass_db
def status(ctx: dict, code: str) -> None:
    """Show the clock, the caseload by state and which desks bots play.

    Example: python -m sandbox status K7QP2M
    """
    st = views.workshop_status(ctx["db"], workshop_of(ctx, code).id, clock.wall_now())
    c = st.clock
    click.echo(f"{st.code}  {st.title}  [{st.mode}]")
    click.echo(
        f"  jam: {c.state}, {c.local_time:%a %d %b %Y %H:%M %Z}, ×{c.speed:g}{' (selesai)' if c.ended else ''}"
    )
    click.echo(
        f"  kasus: {st.arrived}/{st.total_cases} masuk; "
        + ", ".join(f"{k} {v}" for k, v in sorted(st.states.items()))
    )
    click.echo(
        f"  peserta: {', '.join(f'{k} {v}' for k, v in st.participants.items()) or '-'}; bot: {', '.join(st.bots) or '-'}"
    )


def _clock_cmd(name: str, fn: Any, doc: str) -> None:
    @main.command(name, help=doc)
    @click.argument("code")
    @auth_options
    @pass_db
    def command(ctx: dict, code: str, facilitator: str, password: str) -> None:
        ws = workshop_of(ctx, code)
        t = fn(
            ctx["db"],
            ws.id,
            facilitator_id=login(ctx, facilitator, password),
            now=clock.wall_now(),
        )
        click.echo(f"{ws.code}: {name} — {ws.calendar.to_datetime(t):%a %d %b %Y %H:%M %Z}")


_clock_cmd(
    "start",
    clock.start_clock,
    "Start the workshop clock.\n\nExample: python -m sandbox start K7QP2M -f budi",
)
_clock_cmd(
    "pause",
    clock.pause_clock,
    "Pause the workshop clock.\n\nExample: python -m sandbox pause K7QP2M -f budi",
)
_clock_cmd(
    "resume",
    clock.resume_clock,
    "Resume a paused clock.\n\nExample: python -m sandbox resume K7QP2M -f budi",
)


@main.command()
@click.argument("code")
@click.option(
    "--hours",
    type=float,
    help="Jump forward this many simulated (office) hours first (facilitator).",
)
@click.option(
    "--to",
    "to",
    type=click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"]),
    help="Jump to this local time first (facilitator).",
)
@click.option(
    "--facilitator", "-f", envvar="LAPOR_FACILITATOR", help="Facilitator name (needed to jump)."
)
@click.option("--password", envvar="LAPOR_PASSWORD", help="Password (needed to jump).")
@pass_db
def advance(
    ctx: dict,
    code: str,
    hours: float | None,
    to: datetime | None,
    facilitator: str | None,
    password: str | None,
) -> None:
    """Bring the workshop up to its simulated now: arrivals, bots, citizens (the tick).

    Example: python -m sandbox advance K7QP2M --hours 8 -f budi
    """
    db, ws, now = ctx["db"], workshop_of(ctx, code), clock.wall_now()
    if hours is not None or to is not None:
        if not facilitator or password is None:
            raise click.UsageError("--hours/--to need --facilitator and --password")
        fid = login(ctx, facilitator, password)
        t = clock.simulated_now(ws, now)
        target = (
            to
            if to is not None
            else (ws.calendar.add_working_hours(t, hours) if ws.skip_closed else t + hours)
        )
        clock.jump_clock(db, ws.id, target, facilitator_id=fid, now=now)
    r = agenda.advance(db, ws.id, now)
    click.echo(
        f"{ws.code}: {r.local_time:%a %d %b %Y %H:%M %Z} — {r.arrived} kasus masuk, {r.handled} aksi bot/warga"
    )


for _command in COMMANDS:
    main.add_command(_command)
