"""``python -m scenarios``: see scenarios/cli.py."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="python -m scenarios")
