"""What the engine's commands share: the database passed down, the facilitator's login options
and lookups (sandbox/cli.py and sandbox/cli_results.py both import it; neither imports the other
back)."""

from __future__ import annotations

from typing import Any

import click

from . import facilitators
from .context import Workshop, workshop_by_code

pass_db = click.make_pass_decorator(dict)
_auth = [
    click.option(
        "--facilitator",
        "-f",
        envvar="LAPOR_FACILITATOR",
        required=True,
        help="Facilitator name (or $LAPOR_FACILITATOR).",
    ),
    click.option(
        "--password",
        envvar="LAPOR_PASSWORD",
        prompt=True,
        hide_input=True,
        help="Password (or $LAPOR_PASSWORD; prompted if absent).",
    ),
]


def auth_options(fn: Any) -> Any:
    """Add the facilitator name and password options to a command."""
    for option in reversed(_auth):
        fn = option(fn)
    return fn


def login(ctx: dict, facilitator: str, password: str) -> int:
    """The id of the facilitator who logs in (an error if the password is wrong)."""
    return facilitators.authenticate(ctx["db"], facilitator, password)


def workshop_of(ctx: dict, code: str) -> Workshop:
    """The workshop with join code ``code``."""
    return workshop_by_code(ctx["db"], code)
