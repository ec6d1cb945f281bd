"""The reply rubric on good and bad Indonesian replies, and the identity-leak check.

The second half scores real replies to one road case at Dinas PUPR: points come from what the
reply says about this case in the writer's own words, so an unedited template earns at most 30%.
"""

from __future__ import annotations

import json

import pytest

from sandbox.notes import render
from sandbox.reply_templates import fill, filled_all, own_words
from sandbox.rubric import CHECKS, Check, ReplyFacts, check_reply, find_identity, identity_parts

REPORT = ReplyFacts(
    report_text="Air Sungai Bening berubah warna dan berbau menyengat sejak limbah pabrik dibuang di Desa Muara Jernih",
    places=("Muara Jernih", "Sungai Bening"),
    units=("DLH", "Dinas Lingkungan Hidup", "PUPR"),
    reporter_name="Hj. Rahayu Uwais, S.T.",
    reporter_contact="+62 800-1234567 (sintetis)",
    protect_identity=True,
    public_words=("Kabupaten Sukamaju Lestari", "Sungai Bening"),
)
GOOD = (
    "Selamat siang Bapak/Ibu, terima kasih atas laporannya mengenai air Sungai Bening yang berubah warna dan "
    "berbau di Desa Muara Jernih. Tim Bidang Pengendalian Pencemaran Dinas Lingkungan Hidup telah mengambil "
    "sampel air pada 10 Juni 2025; hasil uji laboratorium kami sampaikan paling lambat 20 Juni 2025. "
    "Perkembangan dapat dipantau melalui SP4N-LAPOR! atau WhatsApp layanan pengaduan DLH."
)


def verdicts(text: str, facts: ReplyFacts = REPORT) -> dict[str, bool]:
    return {c.id: c.passed for c in check_reply(text, facts).checks}


def test_a_good_reply_passes_every_check():
    result = check_reply(GOOD, REPORT)
    assert result.score == 1.0 and not result.leak
    assert result.checks[0].id == "salam" and CHECKS["salam"][0] == "Salam dan terima kasih"
    assert result.checks[-1].id == "identitas" and result.checks[-1].passed
    # a check is stored as codes and parameters, and read back the same
    stored = [c.as_json() for c in result.checks]
    assert "Salam" not in json.dumps(stored)
    assert [Check.from_json(c) for c in stored] == list(result.checks)


def test_a_generic_copy_paste_reply_fails_the_substance():
    v = verdicts("Terima kasih, laporan Anda akan segera ditindaklanjuti oleh instansi terkait.")
    assert v == {
        "salam": False,
        "isian": True,
        "masalah": False,
        "tindakan": False,
        "unit": False,
        "waktu": False,
        "tindak_lanjut": False,
        "tidak_menyalahkan": True,
        "identitas": True,
    }


@pytest.mark.parametrize(
    "blame",
    [
        "Seharusnya bapak tidak membuang sampah di sungai.",
        "Ini akibat ulah warga sendiri yang membuang limbah.",
        "Laporan ini mengada-ada.",
    ],
)
def test_blaming_the_reporter_is_caught(blame):
    v = verdicts(GOOD + " " + blame)
    assert v["tidak_menyalahkan"] is False
    assert check_reply(GOOD + " " + blame, REPORT).score == pytest.approx(0.5)


def test_reasons_are_readable_in_both_languages():
    failed = [c for c in check_reply("Sudah.", REPORT).checks if not c.passed]
    assert all(render(c.reason) and render(c.reason, "en") for c in failed)
    assert any("tanggal" in render(c.reason) for c in failed)


@pytest.mark.parametrize(
    "mention", ["Ibu Rahayu", "keluarga Uwais", "RAHAYU UWAIS", "nomor 0800 1234567"]
)
def test_naming_the_reporter_of_a_protected_case_is_a_severe_leak(mention):
    result = check_reply(GOOD + f" Salam untuk {mention}.", REPORT)
    assert result.leak and result.score == 0.0
    leak = [c for c in result.checks if c.id == "identitas"][0]
    assert leak.severe and "KESALAHAN BERAT" in render(leak.reason)


def test_titles_degrees_and_place_names_are_not_identity():
    assert identity_parts("Hj. Rahayu Uwais, S.T.") == ("rahayu", "uwais")
    assert identity_parts("Dr. Ciaobella Haryanto, M.Pd") == ("ciaobella", "haryanto")
    lestari = ReplyFacts(
        "",
        reporter_name="Sari Lestari",
        protect_identity=True,
        public_words=("Kabupaten Sukamaju Lestari",),
    )
    assert find_identity("Pemerintah Kabupaten Sukamaju Lestari menindaklanjuti.", lestari) == []
    assert find_identity("Terima kasih Bu Sari.", lestari) == ["sari"]


def test_names_are_fine_when_the_case_is_not_protected():
    open_case = ReplyFacts(
        REPORT.report_text,
        REPORT.places,
        REPORT.units,
        REPORT.reporter_name,
        protect_identity=False,
    )
    result = check_reply(GOOD + " Salam untuk Ibu Rahayu.", open_case)
    assert not result.leak and result.score == 1.0


# -- a road case at Dinas PUPR: real replies, fair points ------------------------------------------
VALUES = {
    "nomor_kasus": "SIM-00006",
    "judul": "Jembatan rusak di Desa Lestari",
    "lokasi": "Lestari, Lestari Jaya",
    "opd": "Dinas Pekerjaan Umum dan Penataan Ruang",
    "nama_pelapor": "Budi Santoso",
}
ROAD = ReplyFacts(
    report_text=(
        "Jembatan rusak di Desa Lestari\nLantai jembatan kayu di atas Sungai Batang Lestari pada jalan "
        "kabupaten menuju Desa Lestari berlubang dan papannya lapuk; motor sering terperosok."
    ),
    places=("Lestari", "Lestari Jaya"),
    units=(
        "PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "DLH",
        "Dinas Lingkungan Hidup",
        "DINKES",
        "Dinas Kesehatan",
    ),
    reporter_name="Budi Santoso",
    answer_points=(
        "periksa struktur jembatan di atas Sungai Batang Lestari bersama tim teknis bidang bina marga",
        "batasi beban atau tutup sementara jembatan bila strukturnya tidak aman",
    ),
    owners=("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    templates=filled_all(VALUES),
)
SPECIFIC = (
    "Selamat siang Bapak/Ibu, terima kasih atas laporan tentang lantai jembatan kayu yang berlubang di "
    "Desa Lestari. Tim Bidang Bina Marga Dinas PUPR telah memeriksa jembatan di atas Sungai Batang Lestari "
    "pada 11 Juni 2025 dan memasang rambu batas beban. Penggantian papan lantai dijadwalkan paling lambat "
    "20 Juni 2025. Bapak/Ibu dapat memantau melalui SP4N-LAPOR! atau menghubungi layanan pengaduan "
    "Dinas PUPR di nomor 0564-21234."
)
LAZY = (
    "Selamat pagi, terima kasih atas laporan Bapak/Ibu. Laporan sudah kami terima dan akan segera "
    "ditindaklanjuti oleh instansi terkait. Mohon bersabar."
)
TEMPLATE = fill("umum", VALUES)
FILLED = (
    TEMPLATE.replace(
        "[tindakan nyata]", "memeriksa lantai jembatan dan menutup lubangnya dengan papan baru"
    )
    .replace("[tanggal]", "11 Juni 2025")
    .replace("[unit/bidang]", "Bidang Bina Marga")
    .replace("[jadwal]", "pada Juli 2025 (penggantian lantai)")
    .replace("[kontak Dinas Pekerjaan Umum dan Penataan Ruang]", "nomor 0564-21234")
)


def score(text: str, facts: ReplyFacts = ROAD) -> float:
    return check_reply(text, facts).score


def test_a_specific_reply_earns_every_point():
    assert score(SPECIFIC) == 1.0


def test_an_unedited_template_earns_at_most_thirty_percent():
    result = check_reply(TEMPLATE, ROAD)
    assert result.score <= 0.3
    isian = [c for c in result.checks if c.id == "isian"][0]
    assert not isian.passed and "[tindakan nyata]" in render(isian.reason)


@pytest.mark.parametrize("key", ["umum", "sapaan_nama", "jadwal"])
def test_no_template_scores_anything_unedited(key):
    assert score(fill(key, VALUES)) <= 0.3


def test_template_words_with_the_placeholders_merely_deleted_earn_nothing():
    stripped = TEMPLATE.replace("[", "").replace("]", "")  # "telah tindakan nyata pada tanggal"
    assert score(stripped) <= 0.3


def test_a_lazy_generic_reply_earns_little():
    v = verdicts(LAZY, ROAD)
    assert not v["tindakan"] and not v["waktu"] and not v["masalah"]
    assert score(LAZY) <= 0.3


def test_a_template_filled_with_this_cases_facts_earns_most_points():
    assert "[" not in FILLED
    assert score(FILLED) >= 0.8
    assert score(FILLED) > score(TEMPLATE) + 0.5


def test_a_placeholder_left_in_a_filled_template_costs_a_share():
    one_left = FILLED.replace("11 Juni 2025", "[tanggal]").replace(
        "pada Juli 2025", "pada [jadwal]"
    )
    assert verdicts(one_left, ROAD)["isian"] is False
    assert score(one_left) < score(FILLED)


def test_a_filled_template_naming_the_wrong_office_loses_the_unit():
    wrong = FILLED.replace("Bidang Bina Marga", "Dinas Lingkungan Hidup")
    result = check_reply(wrong, ROAD)
    unit = [c for c in result.checks if c.id == "unit"][0]
    assert not unit.passed and "DLH" in render(unit.reason)
    assert result.score < score(FILLED)


def test_the_action_must_be_about_this_case():
    vague = (
        "Selamat siang Bapak/Ibu, terima kasih. Tim Dinas PUPR telah melakukan "
        "pengecekan pada 11 Juni 2025. Informasi lebih lanjut: 0564-21234."
    )
    assert verdicts(SPECIFIC, ROAD)["tindakan"] and not verdicts(vague, ROAD)["tindakan"]
    assert score(vague) < score(SPECIFIC)


def test_own_words_leave_out_template_runs_and_placeholders():
    own, copied = own_words(FILLED, filled_all(VALUES))
    assert "menutup lubangnya" in own and "Perkembangan dapat dipantau" not in own
    assert 0.3 < copied < 0.9
    assert own_words(TEMPLATE, filled_all(VALUES))[1] > 0.9


def test_consistency_with_earlier_answers_on_the_thread():
    earlier = ("Laporan telah kami terima di Dinas Pekerjaan Umum dan Penataan Ruang.",)
    agreeing = ReplyFacts(**{**ROAD.__dict__, "earlier": earlier})
    assert verdicts(SPECIFIC, agreeing)["konsisten"]
    elsewhere = SPECIFIC.replace("Bidang Bina Marga Dinas PUPR", "Dinas Kesehatan").replace(
        "Dinas PUPR", "Dinas Kesehatan"
    )
    assert not verdicts(elsewhere, agreeing)["konsisten"]
    assert "konsisten" not in verdicts(SPECIFIC, ROAD)


def test_restating_the_cases_facts_counts_even_in_template_words():
    own, _ = own_words(TEMPLATE, filled_all(VALUES), ("jembatan", "rusak", "lestari"))
    assert "Jembatan" in own and "Perkembangan" not in own
    assert score(TEMPLATE) <= 0.3


def test_a_check_stored_with_sentences_by_an_older_version_still_reads_in_both_languages():
    old = {"id": "waktu", "passed": False, "label_id": "Tanggal", "label_en": "Date"}
    old |= {"reason_id": "Beri tanggal.", "reason_en": "Give a date.", "severe": False}
    check = Check.from_json(old)
    assert (check.id, check.passed) == ("waktu", False)
    assert (render(check.reason), render(check.reason, "en")) == ("Beri tanggal.", "Give a date.")
