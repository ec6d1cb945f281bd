"""Participant pages: joining, the inbox by deadline, a case and its actions, refusals and conflicts."""

from __future__ import annotations

import re

import pytest

from web.testing import app_on_copy, csrf_token, join, text


@pytest.fixture
def code(template):
    return template[1]["ws"]["code"]


def as_role(app, code, name="Ani", role="verifikator", opd=None):
    """A client that joined the seeded workshop in ``role``."""
    client = app.test_client()
    r = join(client, code, name, role, opd)
    assert r.status_code == 302, text(r)
    return client


def version_on(page: str) -> str:
    return re.search(r'name="[a-z_]+-expected_version" type="hidden" value="(\d+)"', page).group(1)


def verify_and_dispose(client, case_id, opd="DLH", category="lhk"):
    v = version_on(client.get(f"/peserta/kasus/{case_id}").get_data(as_text=True))
    r = client.post(
        f"/peserta/kasus/{case_id}/verifikasi",
        data={
            "verifikasi-expected_version": v,
            "verifikasi-title": "Judul",
            "verifikasi-report_type": "pengaduan",
            "verifikasi-category": category,
        },
    )
    assert r.status_code == 303, text(r)
    v = version_on(client.get(f"/peserta/kasus/{case_id}").get_data(as_text=True))
    r = client.post(
        f"/peserta/kasus/{case_id}/disposisi",
        data={"disposisi-expected_version": v, "disposisi-opd": opd},
    )
    assert r.status_code == 303, text(r)


def test_joining_asks_for_the_code_first_then_offers_the_workshops_opds(app, code):
    client = app.test_client()
    assert "Kode latihan" in text(client.get("/peserta/gabung"))
    page = text(client.get(f"/peserta/gabung?kode={code.lower()}"))
    assert code in page and "DLH – Dinas Lingkungan Hidup" in page
    assert "Kode latihan 'ZZZZZZ' tidak dikenal." not in page
    assert "tidak dikenal" in text(client.get("/peserta/gabung?kode=ZZZZZZ"))


def test_a_display_name_with_a_script_shows_escaped(app, code):
    client = as_role(app, code, name="<script>alert(1)</script>")
    html = client.get("/peserta/").get_data(as_text=True)
    assert (
        "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )


def test_a_missing_display_name_is_explained_in_indonesian_and_english(app, code):
    r = join(app.test_client(), code, "")
    assert r.status_code == 422 and "Wajib diisi." in text(r)
    r = app.test_client().post(
        "/peserta/gabung?lang=en", data={"code": code, "display_name": "", "role": "verifikator"}
    )
    assert r.status_code == 422 and "This field is required." in text(r)


def test_a_penghubung_must_pick_an_opd_and_the_engine_says_so(app, code):
    r = join(app.test_client(), code, "Budi", "penghubung")
    assert "Penghubung harus memilih OPD" in text(r)


def test_the_inbox_lists_waiting_cases_by_working_time_left(app, code):
    client = as_role(app, code)
    page = client.get("/peserta/").get_data(as_text=True)
    assert "10/06/2025 08:00 WIB" in text(client.get("/peserta/"))
    left = [
        float(h.replace(",", ".")) * (-1 if late else 1)
        for late, h in re.findall(
            r"(Terlambat )?(?:Mendesak: )?(?:[Ss]isa )?(\d+,\d) jam kerja", page
        )
    ]
    assert left and left == sorted(left)
    assert re.search(r'class="deadline deadline-(ok|urgent|late)"', page)
    fragment = client.get("/peserta/?fragment=1").get_data(as_text=True)
    assert "<html" not in fragment and "SIM-00001" in fragment


def test_the_case_page_shows_the_report_escaped_and_only_the_allowed_actions(app, code):
    client = as_role(app, code)
    r = client.get("/peserta/kasus/SIM-00001")
    page = text(r)
    assert "Laporan sebagaimana ditulis pelapor" in page and "Batas verifikasi" in page
    for action in (
        "Verifikasi (judul",
        "Verifikasi dan disposisi",
        "Bukan wewenang",
        "Arsipkan",
        "Tandai duplikat",
        "Tunda",
    ):
        assert action in page
    assert "Terima disposisi" not in page and "Tindak lanjut" not in page
    assert (
        "<script"
        not in r.get_data(as_text=True).split("<body>")[1].split('<script src="/static/poll.js"')[0]
    )


def test_a_verifier_verifies_and_disposes_then_the_penghubung_accepts_and_follows_up(app, code):
    ani = as_role(app, code)
    budi = as_role(app, code, "Budi", "penghubung", "DLH")
    assert "SIM-00001" not in text(budi.get("/peserta/"))
    verify_and_dispose(ani, "SIM-00001")
    assert "Tersimpan: Verifikasi dan disposisi." in text(ani.get("/peserta/kasus/SIM-00001"))
    page = budi.get("/peserta/kasus/SIM-00001").get_data(as_text=True)
    assert "Terima disposisi" in page and "Kembalikan" in page
    r = budi.post(
        "/peserta/kasus/SIM-00001/terima", data={"terima-expected_version": version_on(page)}
    )
    assert r.status_code == 303
    page = budi.get("/peserta/kasus/SIM-00001").get_data(as_text=True)
    assert "Diproses OPD" in text(budi.get("/peserta/kasus/SIM-00001"))
    r = budi.post(
        "/peserta/kasus/SIM-00001/tindak_lanjut",
        data={
            "tindak_lanjut-expected_version": version_on(page),
            "tindak_lanjut-reply": "Terima kasih, sudah kami cek.",
            "tindak_lanjut-evidence": "foto.jpg, berita_acara.pdf",
        },
    )
    assert r.status_code == 303
    assert "Ditindaklanjuti" in text(budi.get("/peserta/kasus/SIM-00001"))


def test_an_empty_archive_reason_is_explained_in_both_languages(app, code):
    ani = as_role(app, code)
    v = version_on(ani.get("/peserta/kasus/SIM-00002").get_data(as_text=True))
    r = ani.post(
        "/peserta/kasus/SIM-00002/arsipkan?lang=id",
        data={"arsipkan-expected_version": v, "arsipkan-reason": ""},
    )
    assert (
        r.status_code == 422 and "Periksa isian formulir" in text(r) and "Wajib diisi." in text(r)
    )
    r = ani.post(
        "/peserta/kasus/SIM-00002/arsipkan?lang=en",
        data={"arsipkan-expected_version": v, "arsipkan-reason": ""},
    )
    assert r.status_code == 422 and "This field is required." in text(r)


def test_a_refusal_of_the_engine_comes_back_in_the_users_language(app, code):
    ani = as_role(app, code)
    v = version_on(ani.get("/peserta/kasus/SIM-00003").get_data(as_text=True))
    r = ani.post(
        "/peserta/kasus/SIM-00003/disposisi?lang=en",
        data={"disposisi-expected_version": v, "disposisi-opd": "DLH"},
    )
    assert (
        r.status_code == 422
        and "Choose the report type and category to verify case SIM-00003" in text(r)
    )


def test_two_verifiers_on_one_case_the_second_gets_a_conflict_message(app, code):
    ani, dewi = as_role(app, code), as_role(app, code, "Dewi")
    v = version_on(ani.get("/peserta/kasus/SIM-00004").get_data(as_text=True))
    data = {"arsipkan-expected_version": v, "arsipkan-reason": "Bukan soal pelayanan publik"}
    assert ani.post("/peserta/kasus/SIM-00004/arsipkan", data=data).status_code == 303
    r = dewi.post("/peserta/kasus/SIM-00004/arsipkan?lang=id", data=data, follow_redirects=True)
    assert "sudah diubah oleh Ani" in text(r) and "Tidak ada yang ditimpa" in text(r)
    v = version_on(dewi.get("/peserta/kasus/SIM-00005").get_data(as_text=True))
    ani.post("/peserta/kasus/SIM-00005/arsipkan", data={**data, "arsipkan-expected_version": v})
    r = dewi.post(
        "/peserta/kasus/SIM-00005/tunda?lang=en",
        follow_redirects=True,
        data={
            "tunda-expected_version": v,
            "tunda-missing": ["lokasi"],
            "tunda-message": "Mohon lengkapi lokasi.",
        },
    )
    assert "Case SIM-00005 was changed by Ani (arsipkan)" in text(r)


def test_a_penghubung_cannot_open_another_desks_case_or_the_facilitator_console(app, code):
    budi = as_role(app, code, "Budi", "penghubung", "PUPR")
    assert budi.get("/peserta/kasus/SIM-00001").status_code == 404
    assert (
        budi.post(
            "/peserta/kasus/SIM-00001/terima", data={"terima-expected_version": "1"}
        ).status_code
        == 404
    )
    assert budi.get("/fasilitator/").status_code == 403


def test_participant_pages_need_a_participant(app):
    client = app.test_client()
    assert client.get("/peserta/").headers["Location"] == "/peserta/gabung"
    assert client.get("/peserta/kasus/SIM-00001").headers["Location"] == "/peserta/gabung"


def test_the_score_page_shows_own_feedback_and_links_the_api_token_on_its_own_page(app, code):
    ani = as_role(app, code)
    verify_and_dispose(ani, "SIM-00001")
    html = ani.get("/peserta/skor").get_data(as_text=True)
    assert "Skor saya" in html and "Total:" in html and "/peserta/akses-api" in html
    assert not re.search(rf"{code}\.[\w-]{{20,}}", html)
    assert re.search(rf"{code}\.[\w-]{{20,}}", text(ani.get("/peserta/akses-api")))


def test_a_form_without_its_csrf_token_is_refused(template, tmp_path, code):
    app = app_on_copy(template[0], tmp_path, csrf=True)
    client = app.test_client()
    r = client.post(
        "/peserta/gabung", data={"code": code, "display_name": "Ani", "role": "verifikator"}
    )
    assert r.status_code == 400 and "token keamanan tidak valid" in text(r)
    token = csrf_token(client.get(f"/peserta/gabung?kode={code}"))
    r = client.post(
        "/peserta/gabung",
        data={"csrf_token": token, "code": code, "display_name": "Ani", "role": "verifikator"},
    )
    assert r.status_code == 302
    r = client.post(
        "/peserta/kasus/SIM-00002/arsipkan?lang=en",
        data={"arsipkan-expected_version": "1", "arsipkan-reason": "x"},
    )
    assert r.status_code == 400 and "invalid security token" in text(r)


def test_logout_forgets_the_participant_on_this_device(app, code):
    ani = as_role(app, code)
    assert ani.post("/peserta/keluar").status_code == 302
    assert ani.get("/peserta/").status_code == 302


def test_case_text_written_by_a_participant_shows_escaped(app, code):
    ani = as_role(app, code)
    v = version_on(ani.get("/peserta/kasus/SIM-00001").get_data(as_text=True))
    ani.post(
        "/peserta/kasus/SIM-00001/verifikasi",
        data={
            "verifikasi-expected_version": v,
            "verifikasi-title": "<img src=x onerror=alert(1)>",
            "verifikasi-report_type": "pengaduan",
            "verifikasi-category": "sosial",
        },
    )
    html = ani.get("/peserta/kasus/SIM-00001").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;img" in ani.get("/peserta/").get_data(as_text=True)
