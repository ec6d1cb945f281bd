"""Charts of a planner result: SVG drawn on the server, readable offline, untrusted names escaped."""

from __future__ import annotations

import copy
import re

import pytest

from sandbox import planner
from sandbox.planner import CHARTS
from tests.planner_helpers import finished_job, in_language
from web.planner_text import chart_text


def chart_svg(result, which, lang, variant=0):
    """The chart as a page in ``lang`` draws it (the words and numbers are the page's)."""
    return in_language(lang, lambda: planner.chart_svg(result, which, chart_text(), variant))


NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
EVIL = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return finished_job(tmp_path_factory.mktemp("charts")).result


def _addresses(svg):
    return set(re.findall(r"https?://[^\s\"'<>)]*", svg)) - NAMESPACES


@pytest.mark.parametrize("which", CHARTS)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_chart_is_an_svg_that_needs_no_network_and_no_script(result, which, lang):
    svg = chart_svg(result, which, lang)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg
    assert _addresses(svg) == set()
    assert "<script" not in svg and "<!--" not in svg
    assert "SOP sekarang" in svg and "+1 verifikator" in svg  # one series per variant (legend)


def test_labels_follow_the_language(result):
    assert "Tindak lanjut tepat waktu per OPD" in chart_svg(result, "sla_opd", "id")
    assert "Follow-up on time per OPD" in chart_svg(result, "sla_opd", "en")
    assert "VERIFIKASI" in chart_svg(result, "utilization", "en")
    assert "≥ 80" in chart_svg(result, "ttfr", "id")


def test_a_single_variant_shows_its_backlog_by_stage(result):
    single = copy.deepcopy(result)
    single["variants"] = single["variants"][:1]
    svg = chart_svg(single, "backlog", "id")
    assert "Menunggu verifikasi" in svg and "Di OPD (sebelum tindak lanjut)" in svg


def test_names_from_an_uploaded_scenario_are_escaped(result):
    evil = copy.deepcopy(result)
    for v in evil["variants"]:
        v["opd"][EVIL] = v["opd"].pop("PUPR")
    evil["variants"][1]["name"] = EVIL
    for which in CHARTS:
        svg = chart_svg(evil, which, "en")
        assert "<script" not in svg
    assert "&lt;script&gt;" in chart_svg(evil, "sla_opd", "en")


def test_missing_values_from_stored_json_are_drawn_as_gaps(result):
    gaps = copy.deepcopy(result)
    for figures in gaps["variants"][0]["opd"].values():
        figures["followup_sla_met"] = {"mean": None, "ci95_low": None, "ci95_high": None, "n": 0}
    assert chart_svg(gaps, "sla_opd", "id").startswith("<svg")


STAFFING = {
    "kind": "staffing",
    "desks": {
        "PUPR": {"current": 1, "erlang_c_guess": 2, "officers": 3, "utilization": None},
        EVIL: {"current": 2, "erlang_c_guess": 2, "officers": 2, "utilization": None},
    },
    "kpi": {},
}


def test_a_staffing_result_compares_officers_now_the_erlang_guess_and_the_answer():
    svg = chart_svg(STAFFING, "utilization", "id")
    assert "tebakan Erlang C" in svg and "hasil simulasi" in svg and "sekarang" in svg
    assert "<script" not in svg and _addresses(svg) == set()
    with pytest.raises(ValueError, match="only 'utilization'"):
        chart_svg(STAFFING, "backlog", "id")


def test_an_unknown_chart_is_refused(result):
    with pytest.raises(ValueError, match="unknown chart"):
        chart_svg(result, "pie", "id")


def test_the_utilisation_chart_keeps_the_busiest_desks_and_the_verification_desk(result):
    many = copy.deepcopy(result)
    for variant in many["variants"]:
        for i in range(30):  # a kabupaten with many more units than the classroom has
            variant["opd"][f"UNIT{i:02d}"] = {"utilization": {"mean": i / 100}}
    svg = chart_svg(many, "utilization", "id")
    shown = set(re.findall(r"UNIT\d\d", svg))
    assert "UNIT29" in shown and "UNIT00" not in shown  # the busiest stay, the idlest go
    assert len(shown) <= 15 and "VERIFIKASI" in svg


def test_each_variant_draws_its_own_stages(result):
    from simulator.results import BACKLOG_STAGES

    for i, variant in enumerate(result["variants"]):
        svg = chart_svg(result, "stages", "en", variant=i)
        assert f"«{variant['name']}»" in svg
        for _code, _states, _label_id, label_en in BACKLOG_STAGES:
            assert label_en in svg
    with pytest.raises(ValueError, match="no variant 9"):
        chart_svg(result, "stages", "id", variant=9)
