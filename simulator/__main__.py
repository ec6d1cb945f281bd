"""``python -m simulator``: see simulator/cli.py."""

from .cli import main

main(prog_name="python -m simulator")
