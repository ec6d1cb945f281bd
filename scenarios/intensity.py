"""When reports arrive: the arrival intensity of a scenario's load, per sub-category.

The rate of sub-category *s* at local hour *t* is

    reports_per_year / 8760 × share(s) × hourly(h) × weekday(d) × monthly(m) × surge(s, day)

where each profile is normalised to mean 1 and share(s) is the category's share of
``category_mix`` times the sub-category's share of its category's weights. Without surges a year
therefore holds ``reports_per_year`` reports (up to month-length rounding); surges add to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .checks import parse_month_day
from .model_sop import Load, Scenario, Surge

HOURS_PER_YEAR = 8760.0


def _normalised(values: tuple[float, ...]) -> tuple[float, ...]:
    mean = sum(values) / len(values)
    return tuple(v / mean for v in values)


def _in_window(start: tuple[int, int], end: tuple[int, int], day: date) -> bool:
    md = (day.month, day.day)
    return start <= md <= end if start <= end else (md >= start or md <= end)


@dataclass(frozen=True)
class Intensity:
    """Precomputed arrival rates of one scenario; hour and day lookups are O(1)."""

    subcategories: tuple[str, ...]
    category_of: dict[str, str]
    base_rates: tuple[float, ...]  # reports per hour per sub-category, before profiles
    hourly: tuple[float, ...]
    weekday: tuple[float, ...]
    monthly: tuple[float, ...]
    surges: tuple[Surge, ...]
    windows: tuple[tuple[tuple[int, int], tuple[int, int]], ...]  # (start, end) MM-DD of each surge

    def surge_factors(self, day: date) -> tuple[float, ...]:
        """The multiplier of each sub-category on ``day`` (1.0 outside surges)."""
        out = [1.0] * len(self.subcategories)
        for surge, (start, end) in zip(self.surges, self.windows, strict=True):
            if not _in_window(start, end, day):
                continue
            codes = set(surge.categories)
            for i, sub in enumerate(self.subcategories):
                if sub in codes or self.category_of[sub] in codes:
                    out[i] *= surge.multiplier
        return tuple(out)

    def day_factor(self, day: date) -> float:
        """weekday × monthly factor of ``day``."""
        return self.weekday[day.weekday()] * self.monthly[day.month - 1]

    def expected_per_subcategory(self, start: date, days: int) -> dict[str, float]:
        """Expected number of reports per sub-category over ``days`` days from ``start``."""
        totals = [0.0] * len(self.subcategories)
        for k in range(days):
            day = start + timedelta(days=k)
            f = self.day_factor(day) * 24.0  # hourly profile has mean 1 over 24 hours
            for i, s in enumerate(self.surge_factors(day)):
                totals[i] += self.base_rates[i] * f * s
        return dict(zip(self.subcategories, totals, strict=True))


def intensity_of(scenario: Scenario) -> Intensity:
    """The arrival intensity of a scenario's load."""
    load: Load = scenario.load
    mix_total = sum(load.category_mix.values())
    subs, cat_of, rates = [], {}, []
    for cat_code, cat in scenario.categories.items():
        cat_share = load.category_mix.get(cat_code, 0.0) / mix_total if mix_total else 0.0
        weights = sum(s.weight for s in cat.subcategories.values())
        for sub_code, sub in cat.subcategories.items():
            share = cat_share * (sub.weight / weights if weights else 0.0)
            subs.append(sub_code)
            cat_of[sub_code] = cat_code
            rates.append(load.reports_per_year / HOURS_PER_YEAR * share)
    return Intensity(
        tuple(subs),
        cat_of,
        tuple(rates),
        _normalised(load.hourly_profile),
        _normalised(load.weekday_profile),
        _normalised(load.monthly_profile),
        load.surges,
        tuple((parse_month_day(s.start), parse_month_day(s.end)) for s in load.surges),
    )


def expected_per_category(scenario: Scenario, days: int = 365) -> dict[str, float]:
    """Expected reports per category over ``days`` days from the simulation start."""
    it = intensity_of(scenario)
    out: dict[str, float] = {code: 0.0 for code in scenario.categories}
    for sub, n in it.expected_per_subcategory(scenario.simulation.start, days).items():
        out[it.category_of[sub]] += n
    return out
