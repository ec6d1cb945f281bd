"""``python -m simulator``: see simulator/cli.py."""

from .cli import main

if __name__ == "__main__":  # spawned worker processes import this module too
    main(prog_name="python -m simulator")
