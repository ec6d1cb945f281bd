"""The Indonesian holidays come from the `holidays` package, loaded alone and only when needed."""

from __future__ import annotations

import subprocess
import sys
from datetime import date


def test_a_calendar_loads_only_the_indonesian_holidays():
    """Does working out a year's holidays import the package's other countries? (0.1 s of every
    command's start when it did.)"""
    code = (
        "import sys; import scenarios, simulator.cli;"
        "assert 'holidays' not in sys.modules, 'holidays imported before it is needed';"
        "from scenarios.calendar import _indonesian_holidays;"
        "assert _indonesian_holidays(2025, True, True);"
        "assert 'holidays.countries' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_holidays_are_the_packages_own():
    from holidays.countries.indonesia import Indonesia

    from scenarios.calendar import _indonesian_holidays

    for year in (2024, 2025, 2026):
        usual = dict(Indonesia(years=year, categories=("public", "government"), language="id"))
        assert _indonesian_holidays(year, True, True) == usual
    assert _indonesian_holidays(2025, True, True)[date(2025, 8, 17)]  # Hari Kemerdekaan
