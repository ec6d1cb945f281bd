"""How big an experiment may be: the same limits for the command line, studies and the planner.

A run's size is the reports it simulates (the load over its days); a job's is that over every
scenario × variant × replication. The limits keep one laptop from being asked for the
impossible (10^12 reports a year, say) before anything is queued or started.
"""

from __future__ import annotations

from collections.abc import Iterable

from scenarios import Scenario

#: reports in one run (the national year is ~520,000)
MAX_REPORTS_PER_RUN = 2_000_000
#: reports over the whole job (every run of every variant and replication)
MAX_REPORTS_PER_JOB = 50_000_000


class TooLarge(ValueError):
    """An experiment beyond :data:`MAX_REPORTS_PER_RUN` or :data:`MAX_REPORTS_PER_JOB`."""

    def __init__(self, per_run: float, total: float) -> None:
        self.per_run, self.total = per_run, total
        super().__init__(
            f"too large: about {per_run:,.0f} reports in one run and {total:,.0f} in all (limits"
            f" {MAX_REPORTS_PER_RUN:,} and {MAX_REPORTS_PER_JOB:,}); use fewer reports per year,"
            " days or replications"
        )


def reports_per_run(
    scenario: Scenario, days: int | None = None, per_year: float | None = None
) -> float:
    """The reports one run of the scenario simulates on average (``per_year``: another load)."""
    yearly = scenario.load.reports_per_year if per_year is None else per_year
    return float(yearly) * (days or scenario.simulation.days) / 365


def oversize(per_run: Iterable[float], runs: int) -> TooLarge | None:
    """The error for runs of these sizes (reports) each run ``runs`` times, None within limits."""
    sizes = list(per_run)
    largest, total = max(sizes, default=0.0), sum(sizes) * runs
    if largest > MAX_REPORTS_PER_RUN or total > MAX_REPORTS_PER_JOB:
        return TooLarge(largest, total)
    return None


def check_size(scenarios: Iterable[Scenario], replications: int, days: int | None = None) -> None:
    """Raise :class:`TooLarge` if one run or the whole job is beyond the limits."""
    error = oversize((reports_per_run(s, days) for s in scenarios), replications)
    if error is not None:
        raise error
