"""The reply rubric on good and bad Indonesian replies, and the identity-leak check."""

from __future__ import annotations

import pytest

from sandbox.rubric import ReplyFacts, check_reply, find_identity, identity_parts

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
    assert [c.line() for c in result.checks][0] == "Salam dan terima kasih ✓"
    assert [c.line("en") for c in result.checks][-1] == "Reporter identity protected ✓"


def test_a_generic_copy_paste_reply_fails_the_substance():
    v = verdicts("Terima kasih, laporan Anda akan segera ditindaklanjuti oleh instansi terkait.")
    assert v == {
        "salam": False,
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
    assert check_reply(GOOD + " " + blame, REPORT).score == pytest.approx(6 / 7, abs=1e-3)


def test_reasons_are_readable_in_both_languages():
    failed = [c for c in check_reply("Sudah.", REPORT).checks if not c.passed]
    assert all(c.reason_id and c.reason_en for c in failed)
    assert any("tanggal" in c.reason_id for c in failed)


@pytest.mark.parametrize(
    "mention", ["Ibu Rahayu", "keluarga Uwais", "RAHAYU UWAIS", "nomor 0800 1234567"]
)
def test_naming_the_reporter_of_a_protected_case_is_a_severe_leak(mention):
    result = check_reply(GOOD + f" Salam untuk {mention}.", REPORT)
    assert result.leak and result.score == 0.0
    leak = [c for c in result.checks if c.id == "identitas"][0]
    assert leak.severe and "KESALAHAN BERAT" in leak.reason_id


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
