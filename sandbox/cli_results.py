"""Commands that read a workshop's outcome or start it over: leaderboard, debrief, export, reset, clone."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, datetime
from typing import Any

import click

from . import clock, export, workshops
from .cli_common import auth_options, login, pass_db, workshop_of
from .debrief import debrief as make_debrief
from .leaderboard import leaderboard as board_for


@click.command("leaderboard")
@click.argument("code")
@pass_db
def leaderboard_cmd(ctx: dict, code: str) -> None:
    """Print the leaderboard as participants see it.

    Example: python -m sandbox leaderboard K7QP2M
    """
    board = board_for(ctx["db"], workshop_of(ctx, code).id)
    if board.sealed:
        click.echo("Mode penilaian: peringkat tampil setelah hasil diumumkan.")
        return
    if board.hidden:
        click.echo("Papan peringkat disembunyikan.")
        return
    for s in board.rows:
        click.echo(
            f"{s.rank:>3}. {s.name:24} {s.points:8.1f} / {s.max_points:<8.1f} {s.role or ''} {s.team or ''}"
        )
    if board.frozen:
        click.echo("(dibekukan)")


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return None
    return value


@click.command("debrief")
@click.argument("code")
@auth_options
@click.option(
    "--no-counterfactual", is_flag=True, help="Skip the simulator runs under each routing policy."
)
@pass_db
def debrief_cmd(
    ctx: dict, code: str, facilitator: str, password: str, no_counterfactual: bool
) -> None:
    """Print the debrief as JSON (confusion matrix, mistakes, replies, KPIs, counterfactual).

    Example: python -m sandbox debrief K7QP2M -f budi > debrief.json
    """
    ws = workshop_of(ctx, code)
    d = make_debrief(
        ctx["db"],
        ws.id,
        facilitator_id=login(ctx, facilitator, password),
        with_counterfactual=not no_counterfactual,
    )
    click.echo(json.dumps(_jsonable(d), ensure_ascii=False, indent=2))


@click.command("export")
@click.argument("code")
@auth_options
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "--table",
    type=click.Choice(export.TABLES),
    default="results",
    show_default=True,
    help="CSV table.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Output file (default: standard output)."
)
@pass_db
def export_cmd(
    ctx: dict, code: str, facilitator: str, password: str, fmt: str, table: str, out: str | None
) -> None:
    """Export results, cases or the event log as CSV (UTF-8 with BOM), or everything as JSON.

    Example: python -m sandbox export K7QP2M -f budi --table cases --out kasus.csv
    """
    ws, fid = workshop_of(ctx, code), login(ctx, facilitator, password)
    if fmt == "json":
        text = json.dumps(
            _jsonable(export.export_json(ctx["db"], ws.id, facilitator_id=fid)),
            ensure_ascii=False,
            indent=1,
        )
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            click.echo(text)
        return
    n = export.export_csv(ctx["db"], ws.id, table, out or sys.stdout, facilitator_id=fid)
    if out:
        click.echo(f"{n} baris → {out}")


@click.command()
@click.argument("code")
@auth_options
@click.option("--drop-participants", is_flag=True, help="Also remove the participants.")
@pass_db
def reset(ctx: dict, code: str, facilitator: str, password: str, drop_participants: bool) -> None:
    """Start a workshop over (a new run; the old one stays in the event log).

    Example: python -m sandbox reset K7QP2M -f budi
    """
    ws = workshops.reset_workshop(
        ctx["db"],
        workshop_of(ctx, code).id,
        facilitator_id=login(ctx, facilitator, password),
        keep_participants=not drop_participants,
    )
    click.echo(f"{ws.code}: diulang (putaran {ws.run}), jam belum dimulai.")


@click.command()
@click.argument("code")
@auth_options
@click.option("--seed", type=int, help="Another seed (default: the same caseload).")
@pass_db
def clone(ctx: dict, code: str, facilitator: str, password: str, seed: int | None) -> None:
    """Copy a workshop's settings into a new workshop with its own code.

    Example: python -m sandbox clone K7QP2M -f budi --seed 8
    """
    ws = workshops.clone_workshop(
        ctx["db"],
        workshop_of(ctx, code).id,
        facilitator_id=login(ctx, facilitator, password),
        now=clock.wall_now(),
        seed=seed,
    )
    click.echo(f"Latihan baru: kode {ws.code} — {ws.title}")


COMMANDS = (leaderboard_cmd, debrief_cmd, export_cmd, reset, clone)
