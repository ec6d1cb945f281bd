"""One formatter for every page: Babel's number style in the user's language, no negative zero."""

from __future__ import annotations

from datetime import date

import pytest

from web import create_app
from web.display import decimal, long_date, number, percent, points, signed


@pytest.fixture
def in_lang(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "i"),
            "SANDBOX_DB": str(tmp_path / "d.sqlite"),
        }
    )

    def run(lang, fn, *args):
        with app.test_request_context(f"/?lang={lang}"):
            return fn(*args)

    return run


@pytest.mark.parametrize(
    ("fn", "args", "id_", "en"),
    [
        (decimal, (1234.56, 1), "1.234,6", "1,234.6"),
        (decimal, (-0.04, 1), "0,0", "0.0"),  # the planner's "selisih -0,0" is gone
        (number, (62.0,), "62", "62"),
        (number, (3.43,), "3,43", "3.43"),
        (percent, (0.738,), "73,8%", "73.8%"),
        (points, (225.14, 305.0), "225,14 / 305", "225.14 / 305"),
        (signed, (-0.0004, 1), "0,0", "0.0"),
        (signed, (0.16, 1), "+0,2", "+0.2"),
        (signed, (-1.25, 2), "−1,25", "−1.25"),
        (long_date, (date(2025, 6, 5),), "5 Juni 2025", "June 5, 2025"),
    ],
)
def test_numbers_and_dates_read_the_users_way(in_lang, fn, args, id_, en):
    assert (in_lang("id", fn, *args), in_lang("en", fn, *args)) == (id_, en)


def test_the_planners_differences_have_no_negative_zero_either(in_lang):
    from web.planner import difference

    said = in_lang(
        "id",
        difference,
        "misroute_rate",
        {"mean": -0.0001, "ci95_low": -0.0004, "ci95_high": 0.0002},
    )
    assert said == "0,0 poin [0,0; 0,0]"
