"""``python -m scenarios``: see scenarios/cli.py."""

from .cli import main

main(prog_name="python -m scenarios")
