"""A comparison in plain sentences: does «+1 verifikator» change anything, and by how much?"""

from __future__ import annotations

from sandbox.planner import HEADLINE_KPIS, decimals_for, judgements
from tests.planner_helpers import finished_job, in_language
from web import display, planner_text


def sentences(result, lang):
    """The comparison's sentences as a page in ``lang`` words them."""
    return in_language(lang, planner_text.sentences, result)


def format_number(x, places, lang):
    return in_language(lang, display.decimal, x, places)


def _iv(mean, low=None, high=None):
    return {"mean": mean, "ci95_low": low, "ci95_high": high, "n": 10}


def _result(kpi, base, value, diff, low, high, name="+1 verifikator"):
    """A two-variant comparison where only ``kpi`` is known."""
    return {
        "baseline": "SOP sekarang",
        "variants": [
            {"name": "SOP sekarang", "kpi": {kpi: _iv(base)}, "difference": None},
            {"name": name, "kpi": {kpi: _iv(value)}, "difference": {kpi: _iv(diff, low, high)}},
        ],
    }


def _text(result, kpi, lang):
    return next(s["text"] for s in sentences(result, lang) if s["kpi"] == kpi)


def test_a_clear_rise_in_follow_up_on_time_reads_with_its_interval_in_both_languages():
    result = _result("followup_sla_met", 0.71, 0.88, 0.17, 0.14, 0.20)
    assert _text(result, "followup_sla_met", "id") == (
        "«+1 verifikator» menaikkan tindak lanjut tepat waktu dari 71% menjadi 88% (±3 poin)."
    )
    assert _text(result, "followup_sla_met", "en") == (
        "«+1 verifikator» raises follow-up on time from 71% to 88% (±3 points)."
    )
    (said,) = [s for s in sentences(result, "en") if s["kpi"] == "followup_sla_met"]
    assert (said["variant"], said["clear"], said["better"]) == ("+1 verifikator", True, True)


def test_an_interval_containing_zero_says_no_clear_difference():
    result = _result("followup_sla_met", 0.71, 0.72, 0.01, -0.01, 0.03)
    assert _text(result, "followup_sla_met", "id") == (
        "«+1 verifikator» tidak terbukti mengubah tindak lanjut tepat waktu "
        "(selisih +1 poin, ±2 poin)."
    )
    assert _text(result, "followup_sla_met", "en") == (
        "«+1 verifikator» makes no clear difference to follow-up on time "
        "(difference +1 point, ±2 points)."
    )
    said = [s for s in sentences(result, "id") if s["kpi"] == "followup_sla_met"][0]
    assert (said["clear"], said["better"]) == (False, None)


def test_hours_use_a_decimal_comma_in_indonesian_and_a_fall_in_time_is_better():
    result = _result("ttfr_working_hours", 4.9, 4.36, -0.54, -0.65, -0.43, name="least-loaded")
    assert _text(result, "ttfr_working_hours", "id") == (
        "«least-loaded» mempersingkat waktu tanggapan pertama dari 4,9 jam kerja menjadi "
        "4,4 jam kerja (±0,1 jam)."
    )
    assert _text(result, "ttfr_working_hours", "en") == (
        "«least-loaded» shortens time to first response from 4.9 working hours to "
        "4.4 working hours (±0.1 hours)."
    )
    assert [s["better"] for s in sentences(result, "en") if s["kpi"] == "ttfr_working_hours"] == [
        True
    ]


def test_a_rise_in_misroutes_is_clear_but_not_better():
    result = _result("misroute_rate", 0.15, 0.231, 0.081, 0.065, 0.096, name="keyword")
    (said,) = [s for s in sentences(result, "id") if s["kpi"] == "misroute_rate"]
    assert said["text"] == "«keyword» menaikkan salah disposisi dari 15% menjadi 23% (±2 poin)."
    assert (said["clear"], said["better"]) == (True, False)


def test_backlog_is_counted_in_cases_and_days_in_working_days():
    backlog = _result("backlog_end", 48.0, 39.0, -9.0, -14.9, -3.1, name="+1 PUPR")
    assert _text(backlog, "backlog_end", "id") == (
        "«+1 PUPR» menurunkan tunggakan di akhir dari 48 kasus menjadi 39 kasus (±6 kasus)."
    )
    days = _result("ttr_working_days", 4.58, 4.63, 0.05, 0.04, 0.06, name="1 verifikator")
    assert _text(days, "ttr_working_days", "en") == (
        "«1 verifikator» lengthens time to resolution from 4.58 working days to "
        "4.63 working days (±0.01 days)."
    )


def test_identical_runs_and_unknown_values_are_said_plainly():
    same = _result("verification_sla_met", 1.0, 1.0, 0.0, 0.0, 0.0)
    assert _text(same, "verification_sla_met", "id") == (
        "«+1 verifikator» tidak mengubah verifikasi tepat waktu (sama di setiap replikasi)."
    )
    unknown = _result("completion_sla_met", None, None, None, None, None)
    assert "cannot be compared" in _text(unknown, "completion_sla_met", "en")


def test_every_variant_but_the_baseline_gets_every_headline_kpi():
    two = _result("followup_sla_met", 0.7, 0.8, 0.1, 0.05, 0.15)
    two["variants"].append({**two["variants"][1], "name": "keyword"})
    said = sentences(two, "id")
    assert [(s["variant"], s["kpi"]) for s in said] == [
        (v, k) for v in ("+1 verifikator", "keyword") for k in HEADLINE_KPIS
    ]
    assert sentences({"variants": two["variants"][:1]}, "id") == []


def test_sentences_read_a_stored_result(tmp_path):
    job = finished_job(tmp_path)
    for lang in ("id", "en"):
        said = sentences(job.result, lang)
        assert len(said) == len(HEADLINE_KPIS)
        assert all(s["text"].startswith("«+1 verifikator»") for s in said)


def test_indonesian_numbers_group_thousands_with_dots():
    assert format_number(12345.678, 2, "id") == "12.345,68"
    assert format_number(12345.678, 2, "en") == "12,345.68"


def test_a_very_narrow_interval_is_never_shown_as_plus_minus_zero():
    places = decimals_for("days", 0.004)
    said = in_language("id", planner_text.difference, 0.004, "days", places, sign=False)
    assert said == "0,004 hari"


def test_the_judgement_is_codes_and_numbers_and_english_says_one_point():
    result = _result("followup_sla_met", 0.71, 0.72, 0.01, 0.005, 0.015)
    (j,) = [j for j in judgements(result) if j.kpi == "followup_sla_met"]
    assert (j.kind, j.up, j.better, j.unit) == ("clear", True, True, "share")
    assert in_language("en", planner_text.difference, 0.01, "share", 0) == "+1 point"
    assert in_language("id", planner_text.difference, 0.01, "share", 0) == "+1 poin"
    assert in_language("en", planner_text.difference, -0.0001, "share", 1) == "0.0 points"
