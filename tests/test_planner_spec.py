"""What a planner asks for is checked before it is queued: every problem names the variant and
the field, and never the server's path of an uploaded file."""

from __future__ import annotations

import pytest

from sandbox.planner import JobSpec, PlannerError, Variant, check_spec, list_jobs, submit
from tests.planner_helpers import BASELINE, PLUS_VERIFIER, planner_db, small_spec


def _where(problems):
    return [p.path for p in problems]


def test_a_good_comparison_has_no_problems():
    assert check_spec(small_spec()) == []
    assert check_spec(small_spec(variants=(BASELINE,))) == []  # one variant: a plain run


def test_a_bad_value_in_a_variant_names_the_variant_and_the_field():
    spec = small_spec(variants=(BASELINE, Variant("+1 verifikator", {"sop.verifiers": "dua"})))
    problems = check_spec(spec)
    assert _where(problems) == ["variant '+1 verifikator': sop.verifiers"]
    assert problems[0].file == "Kelas bimtek"


def test_an_unknown_routing_policy_is_a_problem_of_its_variant():
    spec = small_spec(variants=(BASELINE, Variant("acak", {"routing.policy": "acak"})))
    assert _where(check_spec(spec)) == ["variant 'acak': routing.policy"]


def test_a_problem_in_an_uploaded_file_shows_its_original_name_and_line(tmp_path):
    upload = tmp_path / "9f8e7d.yaml"
    upload.write_text("extends: kelas_bimtek\nsop:\n  verifiers: -1\n", encoding="utf-8")
    spec = small_spec(scenario_ref=str(upload), scenario_label="skenario-kami.yaml")
    (problem,) = check_spec(spec)
    assert (problem.file, problem.path, problem.line) == (
        "skenario-kami.yaml",
        "variant 'SOP sekarang': sop.verifiers",
        3,
    )
    assert str(tmp_path) not in str(problem)


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"variants": ()}, "variants"),
        ({"variants": tuple(Variant(f"v{i}", {}) for i in range(5))}, "variants"),
        ({"variants": (BASELINE, Variant("SOP sekarang", {"sop.verifiers": 2}))}, "variants"),
        ({"variants": (BASELINE, Variant("  ", {}))}, "variants"),
        ({"replications": 1}, "replications"),
        ({"replications": 201}, "replications"),
        ({"days": 0}, "days"),
        ({"kind": "sweep"}, "kind"),
    ],
)
def test_spec_level_problems_name_the_field(changes, path):
    assert path in _where(check_spec(small_spec(**changes)))


def _staffing(**changes):
    fields = {
        "kind": "staffing",
        "variants": (PLUS_VERIFIER,),
        "target_kpi": "followup_sla_met",
        "target": 0.9,
    }
    return small_spec(**(fields | changes))


def test_a_staffing_search_needs_one_variant_a_known_kpi_and_a_target_in_range():
    assert check_spec(_staffing()) == []
    assert check_spec(_staffing(target_kpi="ttfr_working_hours", target=8)) == []
    assert "variants" in _where(check_spec(_staffing(variants=(BASELINE, PLUS_VERIFIER))))
    assert _where(check_spec(_staffing(target_kpi="kebahagiaan"))) == ["target_kpi"]
    assert _where(check_spec(_staffing(target=1.5))) == ["target"]
    assert _where(check_spec(_staffing(target=None))) == ["target"]
    assert _where(check_spec(_staffing(target_kpi="backlog_end", target=0))) == ["target"]


def test_submit_refuses_a_spec_with_problems_and_stores_nothing(tmp_path):
    path, db, fid = planner_db(tmp_path)
    spec = small_spec(replications=1, variants=(BASELINE, Variant("x", {"sop.verifiers": -3})))
    with pytest.raises(PlannerError) as err:
        submit(db, fid, spec, "")
    assert _where(err.value.problems) == ["replications", "variant 'x': sop.verifiers"]
    assert "variant 'x': sop.verifiers" in str(err.value)
    assert list_jobs(db) == []


def test_a_spec_survives_its_trip_through_the_database():
    spec = _staffing(days=30, seed=11)
    assert JobSpec.from_dict(spec.as_dict()) == spec
