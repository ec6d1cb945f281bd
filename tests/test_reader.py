"""The text reader: from a report's words to (action, office, why), for every action an admin takes.

Targets of the case-world issue: on hand-written reports ≥ 85% right (action and office) and ≥ 70%
on each of forward, tunda, arsipkan and duplikat; on generated cases ≥ 95%. The nine development
sets (laporan_tangan.yaml, laporan_tangan_uji.yaml, laporan_tangan_uji2.yaml and
laporan_tangan_uji3a/3b/4a/4b/5a/5b.yaml) have been read while the reader was built; the held-out
sets (laporan_tangan_uji6a.yaml, laporan_tangan_uji6b.yaml), written blind by two people who saw neither
the generator, the reader nor the scenario files' cue phrases, were read once, with the final
reader, and never tuned on.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from scenarios import load_scenario
from scenarios.authority import case_text
from scenarios.reader import Seen, reader_of
from scenarios.reader.text import Normalised, features, stem
from simulator import reader_model
from simulator.reader_eval import (
    Tally,
    by_scenario,
    evaluate,
    generated,
    merge,
    read_hand_written,
    tally_hand_written,
)
from simulator.reader_model import NaiveBayes, generated_examples

DATA = Path(__file__).parent / "data"
DEV_SETS = (
    "laporan_tangan.yaml",
    "laporan_tangan_uji.yaml",
    "laporan_tangan_uji2.yaml",
    "laporan_tangan_uji3a.yaml",
    "laporan_tangan_uji3b.yaml",
    "laporan_tangan_uji4a.yaml",
    "laporan_tangan_uji4b.yaml",
    "laporan_tangan_uji5a.yaml",
    "laporan_tangan_uji5b.yaml",
)
HELD_OUT = ("laporan_tangan_uji6a.yaml", "laporan_tangan_uji6b.yaml")
TARGET_CLASSES = ("bukan_wewenang", "tunda", "arsipkan", "duplikat")


@pytest.mark.parametrize("name", [*DEV_SETS, *HELD_OUT])
def test_the_hand_written_sets_are_well_formed(name):
    """Every key names an office of its scenario; every duplicate points to an earlier report."""
    if not (DATA / name).exists():
        pytest.skip(f"{name} is not there yet")
    seen: set[str] = set()
    for scen, items in by_scenario(read_hand_written(DATA / name)).items():
        s = load_scenario(scen)
        for e in items:
            if e.action in ("disposisi", "bukan_wewenang"):
                assert e.office in s.opds, (name, e.id, e.office)
            if e.action == "duplikat":
                assert e.duplicate_of in seen, (name, e.id)
            seen.add(e.id)
    assert len(seen) >= 40


def held_out() -> list[dict]:
    """The held-out reports of both blind writers, each file in its own order."""
    return [r for name in HELD_OUT for r in read_hand_written(DATA / name)]


def held_out_tally() -> Tally:
    """The reader on the held-out sets: each file read in its order (its duplicates point into it)."""
    t = Tally()
    for name in HELD_OUT:
        merge(t, tally_hand_written(read_hand_written(DATA / name))[0])
    return t


def test_the_reader_meets_its_targets_on_the_development_sets():
    """The nine development sets together (623 reports)."""
    t = Tally()
    for name in DEV_SETS:
        merge(t, tally_hand_written(read_hand_written(DATA / name))[0])
    assert t.share() >= 0.85, t.wrong
    for action in TARGET_CLASSES:
        assert t.share(action) >= 0.70, (action, t.wrong)


def test_the_held_out_set_is_large_and_balanced_enough_to_judge_each_action():
    """At least 120 reports and 24 of each action class the issue sets a target for, each key's
    offices in its scenario (so a miss is the reader's, not the set's)."""
    reports = held_out()
    assert len(reports) >= 120
    counts = Counter(r["key"]["action"] for r in reports)
    for action in TARGET_CLASSES:
        assert counts[action] >= 24, (action, counts)
    for name, items in by_scenario(reports).items():
        offices = load_scenario(name).opds
        for e in items:
            assert all(code in offices for code in (e.office, *e.acceptable) if code), e


def test_the_reader_meets_the_issues_targets_on_the_held_out_set():
    """The held-out sets, written blind (see the module's docstring)."""
    t = held_out_tally()
    assert t.share() >= 0.85, t.wrong
    for action in TARGET_CLASSES:
        assert t.share(action) >= 0.70, (action, t.wrong)


def test_the_reader_meets_its_target_on_generated_cases():
    """≥ 95% over 1,500 cases of the five kabupaten scenarios (not the classifier's training
    seed); keyword routing stays far below."""
    total, keyword = Tally(), Tally()
    for name in ("sanggau", "aceh_utara", "kutai_timur", "kotawaringin_barat", "kelas_bimtek"):
        s = load_scenario(name)
        mine, kw = evaluate(s, generated(s, 11, 300))
        merge(total, mine)
        merge(keyword, kw)
    assert total.share() >= 0.95, total.wrong[:20]
    assert keyword.share() < total.share() - 0.2


# -- the words as the reader sees them ----------------------------------------------------------
def test_chat_spelling_is_read_as_the_words_it_stands_for():
    norm = Normalised("jln di dsn Sungai Ayak udh 3 bln rusak, gk ada yg perbaiki, anak2 jatuh")
    assert norm.text == (
        "jalan di dusun sungai ayak sudah 3 bulan rusak , tidak ada yang perbaiki , anak jatuh"
    )


def test_a_chat_smp_is_sampai_but_a_written_SMP_is_the_school():
    assert Normalised("dr pagi smp sore").text == "dari pagi sampai sore"
    assert Normalised("SMP Negeri 2").text == "smp negeri 2"


def test_a_normalised_match_points_back_to_the_written_words():
    text = "Jln provinsi di Desa Sosok"
    norm = Normalised(text)
    start = norm.text.index("jalan provinsi")
    a, b = norm.original(start, start + len("jalan provinsi"))
    assert text[a:b] == "Jln provinsi"


@pytest.mark.parametrize(
    "forms, root",
    [
        (("ditebang", "menebang", "penebangan"), "tebang"),
        (("dibuang", "membuang", "pembuangan"), "buang"),
        (("pencemaran", "tercemar", "mencemari"), "cemar"),
        (("kerusakan", "merusak", "rusak"), "rusak"),
        (("pembangunan", "dibangun", "membangun"), "bangun"),
        (("menyalurkan", "penyaluran", "disalurkan"), "salur"),
        (("berlubang", "lubang", "lubangnya"), "lubang"),
        (("memukul", "dipukul", "pemukulan"), "pukul"),
    ],
)
def test_the_stemmer_brings_a_words_forms_together(forms, root):
    assert {stem(f) for f in forms} == {root}


def test_the_stemmer_leaves_short_and_unaffixed_words_alone():
    for word in ("jalan", "banjir", "sawit", "desa", "sekolah", "tanya", "kapuas"):
        assert stem(word) == word


def test_classifier_features_drop_stop_words_and_pair_the_rest():
    f = features("Tolong, pohon ditebang di hutan lindung")
    assert "tolong" not in f and "di" not in f
    assert {"pohon", "tebang", "hutan", "lindung", "tebang_hutan", "hutan_lindung"} <= set(f)


# -- the classifier -----------------------------------------------------------------------------
def test_the_classifier_is_trained_the_same_way_every_time():
    """Deterministic: two trainings on the same generated reports give the same probabilities."""
    examples = generated_examples(seed=5, per_scenario=40)
    assert examples == generated_examples(seed=5, per_scenario=40)
    text = "Sampah menumpuk di pinggir pasar Desa Beringin sudah seminggu, bau sekali."
    assert NaiveBayes(examples).posterior(text) == NaiveBayes(list(examples)).posterior(text)


def test_the_classifier_learns_which_owner_a_reports_words_point_to():
    model = NaiveBayes(generated_examples(seed=5, per_scenario=120))
    post = model.posterior("\nSampah rumah tangga tidak diangkut truk sampah, TPS penuh dan bau.")
    assert max(post, key=post.get) == "DLH"
    assert abs(sum(post.values()) - 1.0) < 1e-9


def test_a_classifier_read_back_from_its_cache_file_answers_exactly_as_the_trained_one(tmp_path):
    model = NaiveBayes(generated_examples(seed=5, per_scenario=40))
    reader_model._write_cache(tmp_path / "nb.json", model)
    again = reader_model._read_cache(tmp_path / "nb.json")
    for text in ("Jalan provinsi berlubang di Kembayan", "PETI di sungai, air keruh", "halo min"):
        assert again.posterior(text) == model.posterior(text)


def test_the_default_classifier_is_trained_once_then_read_from_the_cache(tmp_path, monkeypatch):
    """A second process (here: a cleared in-process cache) reads the file instead of training;
    a damaged file or other sources (another fingerprint) train again."""
    small = generated_examples(seed=5, per_scenario=20)
    trainings = []

    def counted():
        trainings.append(1)
        return small

    monkeypatch.setenv(reader_model.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(reader_model, "generated_examples", counted)
    reader_model.default_classifier.cache_clear()
    try:
        first = reader_model.default_classifier()
        reader_model.default_classifier.cache_clear()
        second = reader_model.default_classifier()
        assert len(trainings) == 1 and second.state() == first.state()
        (cached,) = tmp_path.glob("reader-nb-*.json")
        cached.write_text("{not json", encoding="utf-8")
        reader_model.default_classifier.cache_clear()
        reader_model.default_classifier()
        assert len(trainings) == 2
        monkeypatch.setattr(reader_model, "fingerprint", lambda: "other-sources")
        reader_model.default_classifier.cache_clear()
        reader_model.default_classifier()
        assert len(trainings) == 3 and (tmp_path / "reader-nb-other-sources.json").exists()
    finally:
        reader_model.default_classifier.cache_clear()


def test_the_fingerprint_changes_with_the_training_settings(monkeypatch):
    before = reader_model.fingerprint()
    monkeypatch.setattr(reader_model, "TRAINING_CASES", reader_model.TRAINING_CASES + 1)
    assert reader_model.fingerprint() != before


@pytest.fixture(scope="module")
def reader():
    return reader_of(load_scenario("sanggau"))


def test_a_crime_is_forwarded_to_polres(reader):
    s = reader.best(
        "motor saya dicuri",
        "Motor saya dicuri di depan rumah di Desa Beringin, Kecamatan "
        "Kapuas tadi malam. Mohon pelakunya ditangkap.",
    )
    assert (s.action, s.office) == ("bukan_wewenang", "POLRES")
    assert "dicuri" in s.phrases


def test_a_private_debt_is_archived(reader):
    s = reader.best(
        "",
        "pak tetangga sy di desa Tae pinjam uang 10 jt gak dibalikin2 sdh setahun, "
        "tiap ditagih marah. gmn caranya biar bayar",
    )
    assert s.action == "arsipkan" and s.rule == "luar_lingkup.perdata"


def test_a_greeting_that_asks_nothing_is_archived(reader):
    assert (
        reader.best(
            "", "Assalamualaikum, selamat pagi bapak ibu admin, semoga sehat selalu."
        ).action
        == "arsipkan"
    )


def test_the_road_class_decides_the_owner(reader):
    base = "jalan di Desa Sosok, Kecamatan Tayan Hulu berlubang besar sejak bulan lalu, motor sering jatuh."
    kab = reader.best("Jalan rusak", base.replace("jalan di", "jalan kabupaten di"))
    prov = reader.best("Jalan rusak", base.replace("jalan di", "jalan provinsi di"))
    nas = reader.best(
        "Jalan rusak", "Jalan Lintas Malindo dekat Desa Sosok berlubang besar sejak bulan lalu."
    )
    assert (kab.action, kab.office) == ("disposisi", "PUPR")
    assert (prov.action, prov.office) == ("bukan_wewenang", "PU_PROV")
    assert (nas.action, nas.office) == ("bukan_wewenang", "BPJN")
    assert nas.phrases == ("Jalan Lintas Malindo",)  # a national road's name says what it is


def test_a_place_named_only_as_where_does_not_decide_the_topic(reader):
    """Loose buffalo in front of a primary school: Satpol PP, not the education office."""
    s = reader.best(
        "",
        "kerbau warga dilepas begitu saja, tiap pagi berdiri di tengah jalan depan SD "
        "di Desa Beringin kec Kapuas sejak minggu lalu. mohon ditertibkan",
    )
    assert s.office == "SATPOLPP"


def test_a_complaint_without_a_place_is_held_for_exactly_that(reader):
    s = reader.best(
        "", "jembatan gantung putus sejak minggu lalu, anak sekolah terpaksa naik sampan. tolong"
    )
    assert (s.action, s.missing) == ("tunda", ("lokasi",))


def test_a_question_needs_no_place_or_time(reader):
    s = reader.best("", "Mohon info, apa saja syarat mengurus akta kelahiran di Disdukcapil?")
    assert s.action == "disposisi" and s.office == "DISDUKCAPIL"


def test_a_retelling_of_a_recent_report_is_its_duplicate(reader):
    first = Seen(
        "SIM-1",
        "Sungai hitam",
        "Air Sungai Sekayam di Desa Balai Karangan hitam dan bau sejak "
        "kemarin, ikan mati. Limbah PKS PT Agro Sekayam Mandiri dibuang lewat pipa ke anak sungai.",
    )
    other = Seen(
        "SIM-2", "Jalan rusak", "Jalan kabupaten di Desa Sosok berlubang sejak bulan lalu."
    )
    s = reader.best(
        "",
        "@LAPOR1708 sungai sekayam di balai karangan item, ikan mati semua. limbah PKS "
        "PT Agro Sekayam Mandiri lagi. pemkab kapan bertindak?",
        recent=[first, other],
    )
    assert (s.action, s.duplicate_of) == ("duplikat", "SIM-1")
    alone = reader.best(
        "",
        "sungai sekayam di balai karangan item, ikan mati semua. limbah PKS PT Agro "
        "Sekayam Mandiri lagi sejak kemarin",
        recent=[other],
    )
    assert alone.action == "disposisi" and alone.office == "DLH"


def test_spans_point_to_the_phrases_in_the_written_text(reader):
    title, body = "Lubang di jalan", "Jln provinsi di Desa Sosok berlubang sejak kemarin."
    s = reader.best(title, body)
    text = case_text(title, body)
    assert s.spans and all(text[a:b] in s.phrases for a, b in s.spans)
    assert "Jln provinsi" in s.phrases  # chat spelling read, the writer's words kept


def test_a_date_is_asked_for_only_where_the_kabupatens_office_needs_it(reader):
    """A DLH complaint is complete only with when it happened (P.22/2017, ``needs_time``); a
    broken road at a named place needs no date."""
    waste = reader.best(
        "", "Ada truk membuang limbah cair hitam ke Sungai Sekayam di Desa Balai Karangan. Tolong"
    )
    assert (waste.action, waste.missing) == ("tunda", ("waktu",))
    road = reader.best("", "Jalan kabupaten di Desa Sosok berlubang besar, motor sering jatuh.")
    assert (road.action, road.office) == ("disposisi", "PUPR")


def test_generated_reports_are_held_for_a_date_only_where_their_topic_needs_it():
    from scenarios.authority import subcategories
    from simulator.generator import generate

    s = load_scenario("sanggau")
    subs = subcategories(s)
    held = [c for c in generate(s, 5, count=1500) if c.key.action == "tunda"]
    dated = [c for c in held if "waktu" in c.key.missing]
    assert held and dated  # both kinds occur, so the check below could fail
    for c in dated:
        assert subs[c.subcategory].needs_time and c.key.then == "disposisi", c.id
    assert any(not subs[c.subcategory].needs_time for c in held)


def test_thanks_is_archived_unless_something_is_still_wrong(reader):
    thanks = reader.best(
        "",
        "Terima kasih pemkab Sanggau, jalan di Desa Sosok yang kami laporkan bulan lalu sudah "
        "diperbaiki. Anak-anak sudah bisa ke sekolah lagi 🙏",
    )
    assert thanks.action == "arsipkan"
    still = reader.best(
        "",
        "Terima kasih pemkab, jalan di Desa Sosok sudah ditambal, tapi jembatannya masih "
        "rusak sejak bulan lalu. Mohon diperbaiki juga.",
    )
    assert still.action == "disposisi" and still.office == "PUPR"


def test_the_same_story_at_another_desa_is_another_incident(reader):
    first = Seen(
        "R1",
        "",
        "Jalan kabupaten di Desa Sosok berlubang besar sejak bulan lalu, truk sawit lewat "
        "setiap hari, ibu-ibu ke pasar harus memutar jauh.",
    )
    s = reader.best(
        "",
        "Jalan kabupaten di Desa Cempedak berlubang besar sejak bulan lalu, truk sawit lewat "
        "setiap hari, ibu-ibu ke pasar harus memutar jauh.",
        recent=[first],
    )
    assert s.action == "disposisi", s
    again = reader.best(
        "",
        "jln kabupaten di ds sosok makin parah lubangnya, truk sawit tiap hari lewat. kapan "
        "diperbaiki??",
        recent=[first],
    )
    assert (again.action, again.duplicate_of) == ("duplikat", "R1")


def test_a_short_retelling_at_the_same_desa_shares_words_in_other_forms(reader):
    """Stems meet: "terendam" and "rendam", "pengungsian" and "mengungsi"."""
    first = Seen(
        "R1",
        "",
        "Desa Kuala Buayan kec Meliau terendam sejak kemarin sore, air sudah selutut di dalam "
        "rumah. Warga mengungsi ke gedung SD, butuh perahu dan tenda.",
    )
    s = reader.best(
        "",
        "Kuala Buayan banjir makin tinggi, rumah warga rendam, pengungsian di SD blm dpt tenda.",
        recent=[first],
    )
    assert (s.action, s.duplicate_of) == ("duplikat", "R1")


def test_an_ordinary_word_is_no_place_unless_written_as_a_name(reader):
    """Sanggau has a Desa Pedalaman: "warga pedalaman" is people, not that desa."""
    vague = reader.best(
        "", "jembatan gantung putus, warga pedalaman terpaksa naik sampan sejak minggu lalu. tolong"
    )
    assert (vague.action, vague.missing) == ("tunda", ("lokasi",))
    named = reader.best(
        "", "jembatan gantung di Desa Pedalaman putus, warga terpaksa naik sampan sejak minggu lalu"
    )
    assert named.action == "disposisi"
