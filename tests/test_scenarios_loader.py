"""Loading scenario files: every kind of bad input gets a clear, located message."""

from __future__ import annotations

import pytest

from scenarios import ScenarioError, load_scenario, parse_override
from tests.conftest import MINI


def problems_of(path) -> list:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value.problems


def test_mini_scenario_merges_the_base_routing_table(mini_scenario):
    sub = mini_scenario.categories["lhk"].subcategories["pencemaran"]
    assert sub.owner == "DLH"
    roads = mini_scenario.categories["pupr"].subcategories["jalan_rusak"].objects
    assert (
        roads["jalan_provinsi"].owner == "PU_PROV"
        and "jalan provinsi" in roads["jalan_provinsi"].cues
    )
    assert mini_scenario.sop.deadlines.followup == 5
    assert mini_scenario.region.timezone == "WIB"


def test_unknown_key_names_file_line_and_suggestion(write_scenario):
    path = write_scenario(MINI + "sop:\n  verifers: 2\n")
    (p,) = problems_of(path)
    assert p.path == "sop.verifers"
    assert p.file == str(path)
    assert p.line == MINI.count("\n") + 2
    assert "did you mean 'verifiers'" in p.message


def test_all_problems_are_reported_at_once(write_scenario):
    path = write_scenario(
        MINI
        + """\
opds:
  DLH: {officers: dua, time_share: 1.5}
sop:
  verification: sentral
simulation: {days: 10, warmup_days: 20}
"""
    )
    found = {p.path: p.message for p in problems_of(path)}
    assert "expected a whole number, found 'dua'" in found["opds.DLH.officers"]
    assert "between 0.01 and 1, found 1.5" in found["opds.DLH.time_share"]
    assert "did you mean 'central'" in found["sop.verification"]
    assert "fewer warm-up days" in found["simulation.warmup_days"]


def test_missing_required_field(write_scenario):
    path = write_scenario(MINI.replace("  province: Kalimantan Barat\n", ""))
    (p,) = problems_of(path)
    assert p.path == "region.province"
    assert "missing required field" in p.message


def test_wrong_shape_list_instead_of_mapping(write_scenario):
    path = write_scenario(MINI + "citizen: [0.5]\n")
    (p,) = problems_of(path)
    assert p.path == "citizen" and "found a list" in p.message


def test_bad_date_and_bad_yaml_syntax(write_scenario):
    (p,) = problems_of(write_scenario(MINI + "simulation: {start: 2025-13-01}\n"))
    assert p.path == "simulation.start" and "YYYY-MM-DD" in p.message
    (p,) = problems_of(write_scenario(MINI + "citizen: [unclosed\n", "broken.yaml"))
    assert "invalid YAML" in p.message and p.line is not None


def test_duplicate_key_is_an_error(write_scenario):
    (p,) = problems_of(write_scenario(MINI + "sop: {verifiers: 1}\nsop: {verifiers: 2}\n"))
    assert "duplicate key 'sop'" in p.message


def test_cross_references_are_checked_with_suggestions(write_scenario):
    write_scenario(MINI, "mini.yaml")
    path = write_scenario(
        "extends: mini.yaml\n"
        + """\
categories:
  lhk:
    subcategories:
      sampah: {owner: DLHH}
      karhutla: {objects: {kawasan_hutan: {owner: KPHH}}}
load:
  category_mix: {pupr2: 1}
  hourly_profile: [1, 2, 3]
  type_mix: {keluhan: 1}
  surges:
    - {label: Asap, categories: [karhutla], start: "13-01", end: "10-15", multiplier: 3}
routing: {policy: keywords}
"""
    )
    found = {p.path: p.message for p in problems_of(path)}
    assert "did you mean 'DLH'" in found["categories.lhk.subcategories.sampah.owner"]
    assert (
        "did you mean 'KPH'"
        in found["categories.lhk.subcategories.karhutla.objects.kawasan_hutan.owner"]
    )
    assert "did you mean 'pupr'" in found["load.category_mix.pupr2"]
    assert "expected 24 values, found 3" in found["load.hourly_profile"]
    assert "pengaduan" in found["load.type_mix.keluhan"]
    assert "MM-DD" in found["load.surges[0].start"]
    assert "did you mean 'keyword'" in found["routing.policy"]


def test_office_hours_format(write_scenario):
    path = write_scenario(
        MINI + "calendar:\n  office_hours: {mon: '16:00-07:30', fry: '07:30-16:30'}\n"
    )
    found = {p.path: p.message for p in problems_of(path)}
    assert "start before the end" in found["calendar.office_hours.mon"]
    assert "did you mean 'fri'" in found["calendar.office_hours.fry"]


def test_extends_missing_parent_and_cycles(write_scenario, tmp_path):
    (p,) = problems_of(write_scenario("extends: _kabupaten_dasr\n"))
    assert p.path == "extends" and "did you mean '_kabupaten_dasar'" in p.message
    write_scenario("extends: b.yaml\n", "a.yaml")
    write_scenario("extends: a.yaml\n", "b.yaml")
    (p,) = problems_of(tmp_path / "a.yaml")
    assert "circular extends" in p.message


def test_errors_in_a_parent_file_name_the_parent(write_scenario, tmp_path):
    write_scenario(MINI + "sop: {verifiers: -1}\n", "parent.yaml")
    child = write_scenario(
        "extends: parent.yaml\nsop: {verifier_checks_per_day: 2}\n", "child.yaml"
    )
    (p,) = problems_of(child)
    assert p.file.endswith("parent.yaml") and p.path == "sop.verifiers"


def test_variant_overrides_one_opd_and_null_removes(write_scenario, tmp_path):
    write_scenario(MINI, "base.yaml")
    variant = write_scenario(
        "extends: base.yaml\nopds: {DLH: {officers: 3}, PLN: null}\n"
        "categories: {perhubungan: {subcategories: {penerangan_jalan: {misroute_to: [PUPR], "
        "other_tier_share: null}}}, esdm: {subcategories: {listrik: null}}}\n",
        "variant.yaml",
    )
    s = load_scenario(variant)
    assert s.opds["DLH"].officers == 3 and s.opds["DLH"].name == "Dinas Lingkungan Hidup"
    assert "PLN" not in s.opds
    assert s.categories["perhubungan"].subcategories["penerangan_jalan"].misroute_to == ("PUPR",)
    assert "listrik" not in s.categories["esdm"].subcategories  # forwarded to PLN


def test_removing_an_office_still_referenced_is_caught(write_scenario):
    (p, *_) = problems_of(write_scenario(MINI + "opds: {PLN: null}\n"))
    assert "PLN" in p.message


def test_set_overrides(mini_scenario, write_scenario):
    path = write_scenario(MINI, "m.yaml")
    s = load_scenario(
        path, dict([parse_override("sop.verifiers=4"), parse_override("opds.DLH.officers=2")])
    )
    assert s.sop.verifiers == 4 and s.opds["DLH"].officers == 2
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, dict([parse_override("sop.verifiers=banyak")]))
    assert info.value.problems[0].file == "--set sop.verifiers"
    with pytest.raises(ValueError):
        parse_override("sop.verifiers")


def test_distribution_accepts_a_bare_number(write_scenario):
    s = load_scenario(write_scenario(MINI + "opds: {DLH: {coordination: 0}}\n"))
    assert s.opds["DLH"].coordination.dist == "fixed" and s.opds["DLH"].coordination.mean == 0


def test_yaml_merge_keys_and_kecamatan_units(write_scenario):
    s = load_scenario(
        write_scenario(
            MINI
            + """\
opds:
  KEC_KAPUAS: &kec {name: Kecamatan Kapuas, tier: kecamatan, kecamatan: Kapuas, time_share: 0.2}
  KEC_MUKOK: {<<: *kec, name: Kecamatan Mukok, kecamatan: Mukok}
"""
        )
    )
    assert s.opds["KEC_MUKOK"].time_share == 0.2 and s.opds["KEC_MUKOK"].kecamatan == "Mukok"
    (p,) = problems_of(
        write_scenario(MINI + "opds: {KEC_X: {name: X, tier: kecamatan, kecamatan: Kapus}}\n")
    )
    assert p.path == "opds.KEC_X.kecamatan" and "did you mean 'Kapuas'" in p.message


def test_a_bad_set_override_names_the_override_not_a_file_line(write_scenario):
    path = write_scenario(MINI, "m.yaml")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, dict([parse_override("sop.verifers=2")]))
    (p,) = info.value.problems
    assert str(p) == "--set sop.verifers: sop.verifers: unknown field; did you mean 'verifiers'?"


def test_an_object_owned_by_the_kecamatan_needs_a_fallback_without_units(write_scenario):
    """Can a village road be owned by 'the kecamatan' in a kabupaten that has no kecamatan units?"""
    path = write_scenario(
        MINI + "categories: {pupr: {subcategories: {jalan_rusak: {objects: "
        "{jalan_desa: {fallback: null}}}}}}\n"
    )
    found = {p.path: p.message for p in problems_of(path)}
    assert (
        "@kecamatan"
        in found["categories.pupr.subcategories.jalan_rusak.objects.jalan_desa.fallback"]
    )


def test_an_object_without_cues_and_a_local_crime_office_are_refused(write_scenario):
    path = write_scenario(
        MINI + "categories: {pupr: {subcategories: {jalan_rusak: {objects: "
        "{jalan_provinsi: {cues: []}}}}}}\n"
        "out_of_scope: {pidana: {owner: SATPOLPP}}\n"
    )
    found = {p.path: p.message for p in problems_of(path)}
    assert (
        "at least one phrase"
        in found["categories.pupr.subcategories.jalan_rusak.objects.jalan_provinsi.cues"]
    )
    assert "another tier" in found["out_of_scope.pidana.owner"]


def test_other_tier_share_rescales_the_objects_of_another_tier(mini_scenario):
    from dataclasses import replace

    from scenarios.authority import object_weights

    sub = mini_scenario.categories["pupr"].subcategories["jalan_rusak"]
    other = {"jalan_provinsi", "jalan_nasional"}
    assert sum(w for c, w in object_weights(mini_scenario, sub) if c in other) < 0.5
    shares = dict(object_weights(mini_scenario, replace(sub, other_tier_share=0.5)))
    assert sum(shares[c] for c in other) == pytest.approx(0.5)
    assert sum(shares.values()) == pytest.approx(1.0)


def test_a_kabupaten_road_named_like_a_national_one_is_refused(write_scenario):
    """'Jalan Lintas …' states a national road; listing it as a kabupaten road would teach the wrong owner."""
    path = write_scenario(
        MINI.replace("  roads: [Jalan Pangsuma]\n", "  roads: [Jalan Lintas Sekayam]\n")
    )
    found = {p.path: p.message for p in problems_of(path)}
    assert "'jalan lintas'" in found["region.roads"] and "BPJN" in found["region.roads"]
