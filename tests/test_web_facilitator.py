"""The facilitator console: account, login, workshops, clock, release and the answer key."""

from __future__ import annotations

import json
import re

from markupsafe import escape

import sandbox as sb
from web.testing import OTHER_FACILITATOR, db_of, join, login, text


def test_a_facilitator_account_is_made_on_the_laptop_and_stored_hashed(app):
    client = app.test_client()
    r = client.post(
        "/fasilitator/daftar",
        data={"name": "Sari", "password": "panjang-sekali", "confirm": "panjang-sekali"},
    )
    assert r.status_code == 303 and r.headers["Location"] == "/fasilitator/"
    db = db_of(app)
    assert sb.authenticate(db, "Sari", "panjang-sekali")
    assert "panjang-sekali" not in str(list(db.query("SELECT * FROM facilitators")))
    db.close()


def test_account_setup_is_refused_over_the_wifi(app):
    r = app.test_client().get("/fasilitator/daftar", environ_base={"REMOTE_ADDR": "192.168.1.23"})
    assert r.status_code == 403


def test_setup_explains_mismatched_passwords_in_both_languages(app):
    data = {"name": "Sari", "password": "panjang-sekali", "confirm": "lain-sekali"}
    assert "Kedua kata sandi tidak sama." in text(
        app.test_client().post("/fasilitator/daftar", data=data)
    )
    assert "The two passwords differ." in text(
        app.test_client().post("/fasilitator/daftar?lang=en", data=data)
    )


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(app):
    r = login(app.test_client(), password="salah-salah")
    assert r.status_code == 401 and "Nama fasilitator atau kata sandi salah." in text(r)


def test_the_console_lists_own_workshops_and_creates_one_from_a_builtin_scenario(fasil, seed):
    page = text(fasil.get("/fasilitator/"))
    assert seed["ws"]["code"] in page and seed["other_ws"]["code"] not in page
    r = fasil.post(
        "/fasilitator/",
        data={"scenario": "kelas_bimtek", "seed": "7", "mode": "assessment", "title": "Kelas B"},
    )
    assert r.status_code == 303
    page = text(fasil.get(r.headers["Location"]))
    assert "Kelas B" in page and re.search(r"Kode bergabung: [A-Z0-9]{6}", page)


def test_creating_a_workshop_with_a_bad_seed_says_so_in_both_languages(fasil):
    data = {"scenario": "kelas_bimtek", "seed": "abc", "mode": "practice"}
    r = fasil.post("/fasilitator/", data=data)
    assert r.status_code == 422 and "Masukkan bilangan bulat dari 0 sampai 999999." in text(r)
    assert "Enter a whole number from 0 to 999999." in text(
        fasil.post("/fasilitator/?lang=en", data=data)
    )
    r = fasil.post("/fasilitator/?lang=id", data={**data, "seed": "1", "scenario": "tidak_ada"})
    assert "Pilih salah satu pilihan yang tersedia." in text(r)


def test_the_dashboard_shows_code_clock_states_and_participants(app, fasil, seed):
    join(app.test_client(), seed["ws"]["code"], "Ani")
    page = text(fasil.get(f"/fasilitator/latihan/{seed['ws']['id']}"))
    assert seed["ws"]["code"] in page and "10/06/2025 08:00 WIB" in page and "dijeda" in page
    assert "masuk" in page and "Ani" in page and "Peserta (1)" in page
    fragment = fasil.get(f"/fasilitator/latihan/{seed['ws']['id']}?fragment=1")
    assert "<html" not in fragment.get_data(as_text=True) and "Ani" in text(fragment)


def test_the_clock_resumes_pauses_changes_speed_and_jumps(app, fasil, seed):
    base = f"/fasilitator/latihan/{seed['ws']['id']}"
    assert fasil.post(f"{base}/jam", data={"op": "resume"}).status_code == 303
    assert "berjalan" in text(fasil.get(base))
    fasil.post(f"{base}/jam", data={"op": "pause"})
    fasil.post(f"{base}/kecepatan", data={"speed": "120,5"})
    fasil.post(f"{base}/lompat", data={"to": "2025-06-11T09:30"})
    page = text(fasil.get(base))
    assert "dijeda" in page and "kecepatan 120,5" in page and "11/06/2025 09:30 WIB" in page


def test_the_clock_refuses_to_go_back_and_explains_in_english(fasil, seed):
    r = fasil.post(
        f"/fasilitator/latihan/{seed['ws']['id']}/lompat?lang=en",
        data={"to": "2025-06-09T08:00"},
        follow_redirects=True,
    )
    assert "The workshop clock cannot go back in time." in text(r)
    r = fasil.post(
        f"/fasilitator/latihan/{seed['ws']['id']}/lompat?lang=id",
        data={"to": "besok"},
        follow_redirects=True,
    )
    assert "Tulis tanggal dan jam seperti di halaman: hh/bb/tttt jj:mm" in text(r)


def test_the_clock_jumps_to_a_date_written_as_the_pages_show_it(fasil, seed):
    """The dashboard prints 10/06/2025 08:00 WIB; the jump takes that form back, zone and all."""
    base = f"/fasilitator/latihan/{seed['ws']['id']}"
    fasil.post(f"{base}/lompat", data={"to": "11/06/2025 09:30 WIB"}, follow_redirects=True)
    db = db_of(fasil.application)
    clock = sb.clock_status(sb.get_workshop(db, seed["ws"]["id"]), sb.wall_now())
    db.close()
    assert clock.local_time.strftime("%d/%m/%Y %H:%M") == "11/06/2025 09:30"


def test_release_lets_the_next_cases_arrive_and_rejects_a_bad_count(fasil, seed):
    base = f"/fasilitator/latihan/{seed['ws']['id']}"
    assert "3 kasus dirilis." in text(
        fasil.post(f"{base}/rilis", data={"count": "3"}, follow_redirects=True)
    )
    r = fasil.post(f"{base}/rilis?lang=en", data={"count": "999"}, follow_redirects=True)
    assert "Enter a whole number from 1 to 50." in text(r)
    r = fasil.post(f"{base}/rilis?lang=id", data={"count": "x"}, follow_redirects=True)
    assert "Masukkan bilangan bulat dari 1 sampai 50." in text(r)


def test_the_answer_key_is_for_the_owning_facilitator(app, fasil, seed):
    page = text(fasil.get(f"/fasilitator/latihan/{seed['ws']['id']}/kunci/SIM-00001"))
    assert "Percakapan" in page  # the case's conversation beside its key
    assert "Kunci jawaban SIM-00001" in page and "Poin yang seharusnya dijawab (kunci)" in page
    assert "answer_points" not in page  # the fields by name, not as code
    assert fasil.get(f"/fasilitator/latihan/{seed['ws']['id']}/kunci/SIM-99999").status_code == 404
    other = app.test_client()
    login(other, OTHER_FACILITATOR)
    assert other.get(f"/fasilitator/latihan/{seed['ws']['id']}/kunci/SIM-00001").status_code == 404
    assert other.get(f"/fasilitator/latihan/{seed['ws']['id']}").status_code == 404
    assert (
        other.post(
            f"/fasilitator/latihan/{seed['ws']['id']}/jam", data={"op": "resume"}
        ).status_code
        == 404
    )


def test_the_answer_key_says_why_and_marks_the_deciding_words(app, fasil, seed):
    """Does the key page give the rule and mark, escaped, the phrases of the report that decide?"""
    db = db_of(app)
    case_id, why = db.execute(
        "SELECT case_id, why FROM answer_keys WHERE workshop_id = ? AND action = 'bukan_wewenang' "
        "AND why != '[]' ORDER BY case_id LIMIT 1",
        [seed["ws"]["id"]],
    ).fetchone()
    html = fasil.get(f"/fasilitator/latihan/{seed['ws']['id']}/kunci/{case_id}").get_data(
        as_text=True
    )
    page = text(fasil.get(f"/fasilitator/latihan/{seed['ws']['id']}/kunci/{case_id}"))
    first = json.loads(why)[0]
    assert "Mengapa: Laporan menyebut" in page and "teruskan ke" in page
    assert f"<mark>{escape(first)}</mark>" in html
    english = text(fasil.get(f"/fasilitator/latihan/{seed['ws']['id']}/kunci/{case_id}?lang=en"))
    assert "Why: The report says" in english and "forward to" in english


def test_pages_need_a_logged_in_facilitator(app, seed):
    client = app.test_client()
    assert client.get("/fasilitator/").headers["Location"] == "/fasilitator/masuk"
    join(client, seed["ws"]["code"], "Ani")
    assert client.get("/fasilitator/").status_code == 403
    assert client.get(f"/fasilitator/latihan/{seed['ws']['id']}/kunci/SIM-00001").status_code == 403


def test_logout_ends_the_facilitator_session(fasil):
    assert fasil.post("/fasilitator/keluar").status_code == 303
    assert fasil.get("/fasilitator/").status_code == 302
