"""Can a bimtek participant tell a synthetic complaint from a real one? The text engine's contract."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.textgen import (
    MISSING_ELEMENTS,
    OUT_OF_SCOPE_KINDS,
    REPORT_TYPES,
    URGENT_MARKERS,
    RegionHints,
    ReportRequest,
    ReportText,
    write_out_of_scope,
    write_report,
)
from simulator.textgen_engine import load_texts
from simulator.textgen_time import TIME_RE, has_time_words, time_phrases

SUBCATEGORIES = (
    "jalan_rusak", "drainase", "air_minum", "penerangan_jalan", "pencemaran", "sampah", "karhutla",
    "pembalakan_liar", "tambang", "sengketa_tanah", "konflik_kebun", "banjir_longsor", "adminduk",
    "sekolah", "layanan_kesehatan", "bansos", "izin_usaha", "ketertiban", "lalu_lintas", "dana_desa",
    "ketenagakerjaan", "layanan_digital", "lainnya",
)  # fmt: skip
CHANNELS = ("web", "app", "sms", "x", "whatsapp", "walkin", "integrasi")
SANGGAU = RegionHints(
    kabupaten="Kabupaten Sanggau",
    province="Kalimantan Barat",
    rivers=("Sungai Sekayam", "Kapuas"),
    roads=("Jalan Lintas Malindo",),
)
ACEH_UTARA = RegionHints(kabupaten="Kabupaten Aceh Utara", province="Aceh")
PERSON = "Hendrikus Bong Asali"


def make_request(**overrides) -> ReportRequest:
    """A complaint from Desa Semuntai, Kecamatan Mukok, unless told otherwise."""
    base = dict(
        subcategory="pencemaran",
        topic="Pencemaran air/udara, limbah",
        report_type="pengaduan",
        channel="web",
        kecamatan="Mukok",
        desa="Semuntai",
        region=SANGGAU,
        reporter_name="Yohana Lindawati",
        occurred=date(2025, 8, 11),
        received=datetime(2025, 8, 14, 9, 30),
    )
    base.update(overrides)
    return ReportRequest(**base)


def write(seed: int, **overrides) -> ReportText:
    return write_report(make_request(**overrides), random.Random(seed))


def every_combination():
    for i, sub in enumerate(SUBCATEGORIES):
        for j, kind in enumerate(REPORT_TYPES):
            for k, channel in enumerate(CHANNELS):
                yield i * 100 + j * 10 + k, sub, kind, channel


def place_names(req: ReportRequest) -> list[str]:
    fallback = [t.text for t in load_texts()["common"]["slots"]["river_name"]]
    return [req.desa, req.kecamatan, *req.region.rivers, *req.region.roads, *fallback]


# --- determinism ---------------------------------------------------------------------------------


def test_same_seed_gives_the_same_report():
    assert write(7, channel="sms") == write(7, channel="sms")
    assert write(7, report_type="aspirasi") == write(7, report_type="aspirasi")


def test_different_seeds_give_different_reports():
    bodies = {write(seed, subcategory="jalan_rusak").body for seed in range(20)}
    assert len(bodies) == 20


def test_no_hidden_global_randomness():
    """Does the text depend only on the rng passed in, not on the random module's state?"""
    random.seed(1)
    first = write(3)
    random.seed(2)
    assert write(3) == first


# --- coverage of every case the simulator may ask for --------------------------------------------


@pytest.mark.parametrize("seed,sub,kind,channel", list(every_combination()))
def test_every_subcategory_type_and_channel_writes_a_report(seed, sub, kind, channel):
    r = write(seed, subcategory=sub, report_type=kind, channel=channel)
    assert r.title.strip() and r.body.strip()
    assert r.register in ("formal", "biasa", "informal")
    assert 3 <= len(r.answer_points) <= 6
    assert all(p.strip() and "{" not in p for p in r.answer_points)
    assert "{" not in r.title + r.body
    assert r.missing_prompt is None
    assert r.incident["tanggal_kejadian"] == "2025-08-11"


@pytest.mark.parametrize("sub", SUBCATEGORIES)
def test_a_complete_complaint_names_its_place_and_time(sub):
    """A complaint without omissions gives the verifier a village or kecamatan and a time."""
    for seed in range(40):
        r = write(seed, subcategory=sub, channel=CHANNELS[seed % 7])
        if r.incident.get("tema") != "aplikasi":  # an app outage has no place of its own
            assert "Semuntai" in r.body or "Mukok" in r.body, r.body
        assert has_time_words(r.body), r.body


@pytest.mark.parametrize("sub", SUBCATEGORIES)
def test_regional_words_follow_the_province(sub):
    for seed in range(15):
        r = write(seed, subcategory=sub, region=ACEH_UTARA, channel=CHANNELS[seed % 7])
        assert r.body and "Sanggau" not in r.body


def test_aceh_reports_speak_of_gampong_and_keuchik():
    text = " ".join(write(s, subcategory="jalan_rusak", region=ACEH_UTARA).body for s in range(150))
    assert "gampong" in text.lower() or "keuchik" in text.lower()


# --- omissions (the verifier's tunda exercise) ---------------------------------------------------


@pytest.mark.parametrize("seed,sub,kind,channel", list(every_combination()))
def test_missing_location_names_no_place(seed, sub, kind, channel):
    req = make_request(
        subcategory=sub, report_type=kind, channel=channel, missing=frozenset({"lokasi"})
    )
    for s in (seed, seed + 5000):
        r = write_report(req, random.Random(s))
        text = (r.title + " " + r.body).lower()
        for name in place_names(req):
            assert name.lower() not in text, (name, r.body)
        assert "lokasi" in r.missing_prompt.lower()
        assert any("lokasi" in p for p in r.answer_points)


@pytest.mark.parametrize("seed,sub,kind,channel", list(every_combination()))
def test_missing_time_has_no_date_day_or_time_words(seed, sub, kind, channel):
    req = make_request(
        subcategory=sub, report_type=kind, channel=channel, missing=frozenset({"waktu"})
    )
    for s in (seed, seed + 5000):
        r = write_report(req, random.Random(s))
        found = TIME_RE.search(r.title + " " + r.body)
        assert found is None, (found, r.body)
        assert "waktu" in r.missing_prompt


@pytest.mark.parametrize("sub", SUBCATEGORIES)
def test_missing_details_leave_only_a_vague_line(sub):
    for seed, channel in enumerate(CHANNELS * 3):
        r = write(seed, subcategory=sub, channel=channel, missing=frozenset({"rincian"}))
        words = re.sub(r"[@#]\w+", "", r.body)
        assert len(words) <= 200, r.body
        assert len(re.findall(r"[.!?](\s|$)", words)) <= 2, r.body
        assert "rinci" in r.missing_prompt


def test_everything_missing_still_writes_something():
    for sub in SUBCATEGORIES:
        r = write(
            1,
            subcategory=sub,
            missing=frozenset(MISSING_ELEMENTS),
            private_person=PERSON,
            urgent=True,
        )
        assert PERSON in r.body
        assert r.missing_prompt.count(",") >= 2


def test_unknown_missing_element_is_refused():
    with pytest.raises(ValueError, match="missing"):
        write(1, missing=frozenset({"foto"}))


# --- names, urgency, duplicates ------------------------------------------------------------------


@pytest.mark.parametrize("seed,sub,kind,channel", list(every_combination()))
def test_a_named_private_person_appears_verbatim(seed, sub, kind, channel):
    r = write(seed, subcategory=sub, report_type=kind, channel=channel, private_person=PERSON)
    assert PERSON in r.body
    assert any("rahasia" in p for p in r.answer_points)


@pytest.mark.parametrize("seed,sub,kind,channel", list(every_combination()))
def test_an_urgent_report_makes_the_danger_explicit(seed, sub, kind, channel):
    r = write(seed, subcategory=sub, report_type=kind, channel=channel, urgent=True)
    assert any(m in r.body.lower() for m in URGENT_MARKERS), r.body


def test_urgency_markers_are_rare_in_ordinary_reports():
    bodies = [
        write(s, subcategory=SUBCATEGORIES[s % 23], channel=CHANNELS[s % 7]).body.lower()
        for s in range(700)
    ]
    flagged = sum(any(m in b for m in URGENT_MARKERS) for b in bodies)
    assert flagged / len(bodies) < 0.05


@pytest.mark.parametrize("sub", SUBCATEGORIES)
def test_a_duplicate_retells_the_same_incident(sub):
    """Same place, same source, same date: the facts carry over, the words need not."""
    for seed in range(10):
        first = write(seed, subcategory=sub, channel="web")
        later = make_request(
            subcategory=sub,
            channel=CHANNELS[seed % 7],
            received=datetime(2025, 8, 20, 14, 0),
            occurred=date(2025, 8, 1),  # the retelling's own guess is overridden by the incident
            incident=first.incident,
        )
        dup = write_report(later, random.Random(seed + 999))
        assert dup.incident.get("tema") == first.incident.get("tema")
        assert dup.incident["tanggal_kejadian"] == first.incident["tanggal_kejadian"]
        for key in first.incident.keys() & dup.incident.keys() - {"waktu"}:
            assert dup.incident[key] == first.incident[key], key


def test_a_duplicate_names_the_same_mill_and_river():
    checked = 0
    for seed in range(60):
        first = write(seed, subcategory="pencemaran", channel="walkin")
        company = first.incident.get("pt_sawit") or first.incident.get("pt_umum")
        if first.incident.get("tema") != "sungai" or not company:
            continue
        later = make_request(channel="walkin", incident=first.incident)  # letters name the source
        dup = write_report(later, random.Random(seed + 1))
        assert company in dup.body
        assert dup.body != first.body
        river = first.incident.get("river_name")
        if river and river in first.body:
            assert dup.incident.get("river_name", river) == river
        checked += 1
    assert checked >= 5


def test_a_duplicate_may_change_register():
    first = write(4, subcategory="karhutla", channel="walkin")
    registers = {
        write_report(
            make_request(subcategory="karhutla", channel="sms", incident=first.incident),
            random.Random(s),
        ).register
        for s in range(10)
    }
    assert "informal" in registers


# --- realism -------------------------------------------------------------------------------------


def test_unknown_subcategory_falls_back_to_its_topic():
    for seed, channel in enumerate(CHANNELS):
        r = write(
            seed, subcategory="parkir_sepeda", topic="Parkir sepeda di pasar", channel=channel
        )
        assert r.body
        assert "parkir sepeda" in (r.title + r.body).lower()


@pytest.mark.parametrize("sub", SUBCATEGORIES)
def test_bodies_rarely_repeat(sub):
    rng = random.Random(2025)
    bodies = [
        write_report(make_request(subcategory=sub, channel=CHANNELS[i % 7]), rng).body
        for i in range(500)
    ]
    assert len(set(bodies)) / len(bodies) >= 0.9


def test_sms_is_chat_speak_and_walkin_is_a_letter():
    sms = [write(s, channel="sms", subcategory=SUBCATEGORIES[s % 23]).register for s in range(300)]
    walkin = [
        write(s, channel="walkin", subcategory=SUBCATEGORIES[s % 23]).register for s in range(300)
    ]
    assert sms.count("informal") / len(sms) >= 0.75
    assert walkin.count("formal") / len(walkin) >= 0.65


def test_tweets_mention_lapor_and_letters_open_politely():
    tweets = [write(s, channel="x").body for s in range(30)]
    assert sum("@LAPOR1708" in t for t in tweets) >= 25
    letters = [write(s, channel="walkin") for s in range(40)]
    formal = [r.body for r in letters if r.register == "formal"]
    assert all("hormat" in b.lower() or "yth" in b.lower() for b in formal)


def test_names_survive_typos_and_abbreviations():
    for seed in range(300):
        r = write(seed, channel="sms", private_person=PERSON, subcategory=SUBCATEGORIES[seed % 23])
        assert PERSON in r.body
        for name in ("Semuntai", "Mukok"):
            assert name.lower() not in r.body or name in r.body  # never mangled to lower case


def test_aspirasi_and_informasi_read_as_proposals_and_questions():
    asp = " ".join(
        write(s, report_type="aspirasi", subcategory=SUBCATEGORIES[s % 23]).body for s in range(60)
    ).lower()
    inf = " ".join(
        write(s, report_type="informasi", subcategory=SUBCATEGORIES[s % 23]).body for s in range(60)
    ).lower()
    assert "usul" in asp and "dipertimbangkan" in asp
    assert "mohon info" in inf and "bagaimana" in inf and "?" in inf


# --- out of scope --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", OUT_OF_SCOPE_KINDS)
@pytest.mark.parametrize("channel", CHANNELS)
def test_out_of_scope_reports(kind, channel):
    for seed in range(4):
        req = make_request(channel=channel, private_person=PERSON if seed % 2 else None)
        r = write_out_of_scope(kind, req, random.Random(seed))
        assert r.title and r.body
        assert 3 <= len(r.answer_points) <= 6
        assert seed % 2 == 0 or PERSON in r.body
    missing = make_request(channel=channel, missing=frozenset({"waktu", "lokasi"}))
    r = write_out_of_scope(kind, missing, random.Random(9))
    assert TIME_RE.search(r.title + r.body) is None
    assert "Semuntai" not in r.body and "Mukok" not in r.body


def test_an_out_of_scope_kind_without_templates_is_written_as_a_private_matter():
    """A scenario may add its own out-of-scope kind; its reports still read as a private dispute."""
    own = write_out_of_scope("politik", make_request(), random.Random(1))
    plain = write_out_of_scope("perdata", make_request(), random.Random(1))
    assert (own.title, own.body) == (plain.title, plain.body)


def test_report_type_must_be_known():
    with pytest.raises(ValueError):
        write(1, report_type="keluhan")


# --- template data -------------------------------------------------------------------------------


def _pool(cat: dict, key: str) -> list:
    items = list(cat.get(key, ()))
    for theme in (cat.get("themes") or {}).values():
        items += list(theme.get(key, ()))
    return items


@pytest.mark.parametrize("sub", SUBCATEGORIES)
def test_each_subcategory_has_rich_templates(sub):
    cat = load_texts()[sub]
    assert len(_pool(cat, "titles")) >= 8
    assert len(_pool(cat, "bodies")) >= 8
    assert len(_pool(cat, "short")) >= 3
    assert cat["aspirasi"] and cat["informasi"]
    for tpl in _pool(cat, "answers") + _pool(cat, "answers_must"):
        assert "{place_vague}" not in tpl.text and "{river}" not in tpl.text, tpl.text


@pytest.mark.parametrize("sub", SUBCATEGORIES)
def test_a_theme_with_a_source_always_names_it(sub):
    cat = load_texts()[sub]
    for name, theme in (cat.get("themes") or {}).items():
        if "sumber" in theme.get("slots", {}):
            for tpl in theme["bodies"]:
                assert "{sumber}" in tpl.text.lower(), (name, tpl.text)


CODE_SLOTS = {
    "desa", "kecamatan", "kab", "kab_short", "kab_slug", "kab_tag", "kepala_daerah", "lokasi_ref",
    "reporter", "topic", "topic_lc", "when", "since", "salam_waktu", "bagian_hari", "tgl_surat",
    "person", "river_name", "road", "road_provinsi", "road_nasional", "judul", "tema", "cue",
    "object",
}  # fmt: skip


def _templates(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("slots", "themes"):  # themes are checked one by one
                yield from _templates(value)
    elif isinstance(node, tuple):
        for x in node:
            yield from (_templates(x) if isinstance(x, dict | tuple) else [x])


@pytest.mark.parametrize(
    "code", [*SUBCATEGORIES, "_generic", *(f"oos:{k}" for k in OUT_OF_SCOPE_KINDS)]
)
def test_every_slot_a_template_names_exists(code):
    texts = load_texts()
    common = texts["common"]
    cat = texts["out_of_scope"][code[4:]] if code.startswith("oos:") else texts[code]
    known = set(CODE_SLOTS) | set(common["slots"]) | set(cat.get("slots", {}))
    for regional in common["regional"].values():
        known |= set(regional)
    themes = [*(cat.get("themes") or {}).values(), {}]
    for theme in themes:
        names = known | set(theme.get("slots", {}))
        layers = [
            cat.get("slots", {}),
            theme.get("slots", {}),
            {"_": (*_templates(cat), *_templates(theme))},
        ]
        for layer in layers:
            for options in layer.values():
                for tpl in options:
                    assert tpl.slots <= names, (code, tpl.text, tpl.slots - names)
                    assert not tpl.when_slot or tpl.when_slot in names, (code, tpl.text)


def test_common_frames_name_only_known_slots():
    common = load_texts()["common"]
    known = set(CODE_SLOTS) | set(common["slots"]) | {"topik"}
    for tpl in _templates({k: v for k, v in common.items() if k != "regional"}):
        assert tpl.slots <= known, (tpl.text, tpl.slots - known)


# --- dates ---------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    days_before=st.integers(min_value=0, max_value=1500),
    hour=st.integers(min_value=0, max_value=23),
    seed=st.integers(min_value=0, max_value=10_000),
    informal=st.booleans(),
)
def test_time_phrases_are_time_words(days_before, hour, seed, informal):
    received = datetime(2025, 3, 14, hour, 5)
    occurred = received.date() - timedelta(days=days_before)
    point, span = time_phrases(occurred, received, random.Random(seed), informal=informal)
    assert has_time_words(point) and has_time_words(span)
    assert (point, span) == time_phrases(occurred, received, random.Random(seed), informal=informal)


def test_dates_use_indonesian_names():
    text = " ".join(
        write(s, occurred=date(2025, 8, 11) - timedelta(days=s % 90)).body for s in range(200)
    )
    assert re.search(r"\b(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)\b", text)
    assert re.search(r"\b(Juni|Juli|Agustus|Mei)\b", text)
    assert not re.search(r"\b(Monday|August|July)\b", text)


# --- property test over the whole request space --------------------------------------------------


@settings(max_examples=250, deadline=None)
@given(
    sub=st.sampled_from((*SUBCATEGORIES, "tidak_dikenal")),
    kind=st.sampled_from(REPORT_TYPES),
    channel=st.sampled_from(CHANNELS),
    missing=st.frozensets(st.sampled_from(MISSING_ELEMENTS)),
    urgent=st.booleans(),
    person=st.sampled_from((None, PERSON)),
    region=st.sampled_from((SANGGAU, ACEH_UTARA)),
    days_before=st.integers(min_value=0, max_value=800),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_any_request_honours_its_contract(
    sub, kind, channel, missing, urgent, person, region, days_before, seed
):
    req = make_request(
        subcategory=sub,
        report_type=kind,
        channel=channel,
        missing=missing,
        urgent=urgent,
        private_person=person,
        region=region,
        occurred=date(2025, 8, 14) - timedelta(days=days_before),
    )
    r = write_report(req, random.Random(seed))
    text = r.title + " " + r.body
    assert r.title.strip() and r.body.strip() and "{" not in text
    assert 3 <= len(r.answer_points) <= 6
    assert (r.missing_prompt is None) == (not missing)
    if "lokasi" in missing:
        assert not any(n.lower() in text.lower() for n in place_names(req))
    if "waktu" in missing:
        assert TIME_RE.search(text) is None
    if person:
        assert person in r.body
    if urgent:
        assert any(m in r.body.lower() for m in URGENT_MARKERS)
    assert write_report(replace(req), random.Random(seed)) == r
