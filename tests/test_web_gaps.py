"""Uploaded scenarios, broadcasts, role changes and readable states and dates in the trainer."""

from __future__ import annotations

import io
import re
from pathlib import Path

import sandbox as sb
from scenarios.lifecycle import STATES
from web.testing import FACILITATOR, app_on_copy, csrf_token, db_of, join, text

GOOD = b"extends: kelas_bimtek\nscenario: {name: unggahan, title: Latihan unggahan}\n"
BAD = b"""extends: kelas_bimtek
scenario: {name: unggahan, title: Latihan unggahan}
load:
  reports_per_year: -5
  "<script>alert(1)</script>": 3
"""


def workshop_count(app) -> int:
    db = db_of(app)
    n = db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0]
    db.close()
    return n


def saved_files(app) -> list:
    folder = Path(app.instance_path) / "scenarios"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def upload(client, content: bytes, name: str, lang: str = "id", **extra):
    data = {
        "scenario": "kelas_bimtek",
        "seed": "4",
        "mode": "practice",
        "title": "",
        "upload": (io.BytesIO(content), name),
        **extra,
    }
    return client.post(f"/fasilitator/?lang={lang}", data=data, content_type="multipart/form-data")


# -- 1. a workshop from an uploaded scenario --------------------------------------------------------
def test_the_create_form_offers_a_file_upload(fasil):
    html = fasil.get("/fasilitator/").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html


def test_a_valid_upload_extending_a_built_in_creates_the_workshop(app, fasil):
    before = workshop_count(app)
    r = upload(fasil, GOOD, "kelas_saya.yaml")
    assert r.status_code == 303, text(r)
    assert workshop_count(app) == before + 1
    db = db_of(app)
    ws = max(sb.list_workshops(db), key=lambda w: w.id)
    db.close()
    assert ws.scenario_ref.startswith(app.instance_path) and ws.scenario_ref.endswith(".yaml")
    assert len(saved_files(app)) == 1
    assert "Latihan dibuat" in text(fasil.get(r.headers["Location"]))


def test_an_invalid_upload_shows_every_problem_escaped_and_creates_nothing(app, fasil):
    before = workshop_count(app)
    r = upload(fasil, BAD, "<i>punyaku.yaml")
    assert r.status_code == 422
    body = r.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body and "<i>punyaku" not in body
    shown = text(r)
    assert "Berkas skenario <i>punyaku.yaml tidak dapat dipakai: 2 masalah." in shown
    assert "Tidak ada latihan yang dibuat" in shown
    assert "load.reports_per_year" in shown and "expected a value at least 0" in shown
    assert "load.<script>alert(1)</script>" in shown and "unknown field" in shown
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", body)
    assert ("&lt;i&gt;punyaku.yaml", "4") in rows
    assert app.instance_path not in body and "/tmp" not in shown
    assert workshop_count(app) == before and saved_files(app) == []


def test_the_problem_page_is_framed_in_english_too(app, fasil):
    r = upload(fasil, BAD, "mine.yaml", lang="en")
    assert r.status_code == 422
    shown = text(r)
    assert "The scenario file mine.yaml cannot be used: 2 problem(s)." in shown
    assert "No workshop was created" in shown and "Line" in shown and "Field" in shown


def test_invalid_yaml_is_reported_with_its_line(app, fasil):
    r = upload(fasil, b"extends: kelas_bimtek\nload: [1, 2\n", "rusak.yaml")
    assert r.status_code == 422 and "invalid YAML" in text(r) and "rusak.yaml" in text(r)
    assert saved_files(app) == []


def test_an_upload_may_extend_only_a_built_in_by_name(app, fasil):
    r = upload(fasil, b"extends: /etc/passwd\n", "jahat.yaml")
    assert r.status_code == 422 and "may only extend a built-in" in text(r)
    assert saved_files(app) == [] and "root:" not in text(r)


def test_a_too_large_or_binary_upload_is_refused(app, fasil):
    before = workshop_count(app)
    r = upload(fasil, b"#" * (256 * 1024 + 1), "besar.yaml")
    assert r.status_code == 422 and "terlalu besar" in text(r)
    r = upload(fasil, b"\xff\xfe\x00", "biner.yaml", lang="en")
    assert r.status_code == 422 and "must be YAML text" in text(r)
    assert workshop_count(app) == before and saved_files(app) == []


def test_the_upload_form_is_csrf_protected(template, tmp_path):
    app = app_on_copy(template[0], tmp_path, csrf=True)
    client = app.test_client()
    token = csrf_token(client.get("/fasilitator/masuk"))
    r = client.post(
        "/fasilitator/masuk",
        data={"csrf_token": token, "name": FACILITATOR, "password": template[1]["password"]},
    )
    assert r.status_code == 303
    before = workshop_count(app)
    assert upload(client, GOOD, "a.yaml").status_code == 400
    assert workshop_count(app) == before and saved_files(app) == []
    token = csrf_token(client.get("/fasilitator/"))
    assert upload(client, GOOD, "a.yaml", csrf_token=token).status_code == 303
    assert workshop_count(app) == before + 1


# -- 2. broadcasts --------------------------------------------------------------------------------
def test_a_broadcast_reaches_every_participant_newest_first_and_escaped(app, fasil, seed):
    ws = seed["ws"]
    ani, budi = app.test_client(), app.test_client()
    join(ani, ws["code"], "Ani")
    join(budi, ws["code"], "Budi", role="observer")
    url = f"/fasilitator/latihan/{ws['id']}/siaran"
    assert fasil.post(url, data={"text": "Istirahat 10 menit"}).status_code == 303
    assert fasil.post(url, data={"text": "<b>Lanjut</b> kerja"}).status_code == 303
    for client in (ani, budi):
        r = client.get("/peserta/")
        body, shown = r.get_data(as_text=True), text(r)
        assert "<b>Lanjut</b>" not in body and "&lt;b&gt;Lanjut&lt;/b&gt; kerja" in body
        assert "Pesan fasilitator" in shown
        assert shown.index("<b>Lanjut</b> kerja") < shown.index("Istirahat 10 menit")
    assert "Lanjut" in text(ani.get("/peserta/?fragment=1"))
    case_id = re.search(r"/peserta/kasus/(SIM-\d+)", ani.get("/peserta/").get_data(as_text=True))
    assert case_id
    shown = text(ani.get(f"/peserta/kasus/{case_id.group(1)}?lang=en"))
    assert "Messages from the facilitator" in shown and "Istirahat 10 menit" in shown
    assert "Istirahat 10 menit" in text(fasil.get(f"/fasilitator/latihan/{ws['id']}"))


def test_a_broadcast_only_reaches_its_own_workshop(app, fasil, seed):
    other = app.test_client()
    join(other, seed["other_ws"]["code"], "Citra")
    fasil.post(f"/fasilitator/latihan/{seed['ws']['id']}/siaran", data={"text": "Rahasia kelas A"})
    assert "Rahasia kelas A" not in text(other.get("/peserta/"))
    assert "Pesan fasilitator" not in text(other.get("/peserta/"))


def test_an_empty_or_foreign_broadcast_is_refused(app, fasil, seed):
    r = fasil.post(f"/fasilitator/latihan/{seed['ws']['id']}/siaran", data={"text": ""})
    assert r.status_code == 303
    assert "Wajib diisi." in text(fasil.get(r.headers["Location"]))
    r = fasil.post(f"/fasilitator/latihan/{seed['other_ws']['id']}/siaran", data={"text": "Hai"})
    assert r.status_code == 404
    db = db_of(app)
    assert (
        sb.broadcasts(db, seed["ws"]["id"]) == []
        and sb.broadcasts(db, seed["other_ws"]["id"]) == []
    )
    db.close()


# -- 3. role assignment ---------------------------------------------------------------------------
def test_the_facilitator_changes_a_participants_role_opd_and_team(app, fasil, seed):
    ws = seed["ws"]
    ani = app.test_client()
    join(ani, ws["code"], "Ani")
    db = db_of(app)
    p = sb.participants_of(db, ws["id"])[0]
    opd = sb.get_workshop(db, ws["id"]).local_opds[0]
    db.close()
    page = text(fasil.get(f"/fasilitator/latihan/{ws['id']}"))
    assert "Ubah peran peserta" in page
    r = fasil.post(
        f"/fasilitator/latihan/{ws['id']}/peran",
        data={"participant": str(p.id), "role": "penghubung", "opd": opd, "team": "Tim Hijau"},
    )
    assert r.status_code == 303
    assert "Peran Ani diubah." in text(fasil.get(r.headers["Location"]))
    db = db_of(app)
    p = sb.participants_of(db, ws["id"])[0]
    logged = list(db.query("SELECT actor_kind FROM events WHERE action = 'peran_diubah'"))
    db.close()
    assert (p.role, p.opd, p.team) == ("penghubung", opd, "Tim Hijau")
    assert logged == [{"actor_kind": "facilitator"}]
    assert "penghubung" in text(ani.get("/peserta/"))


def test_a_penghubung_without_a_local_opd_is_refused_in_both_languages(app, fasil, seed):
    ws = seed["ws"]
    join(app.test_client(), ws["code"], "Ani")
    db = db_of(app)
    pid = sb.participants_of(db, ws["id"])[0].id
    db.close()
    url = f"/fasilitator/latihan/{ws['id']}/peran"
    data = {"participant": str(pid), "role": "penghubung", "opd": "BUKAN_OPD", "team": ""}
    r = fasil.post(url, data=data)
    assert "Penghubung harus memilih OPD" in text(fasil.get(r.headers["Location"]))
    r = fasil.post(url + "?lang=en", data=data)
    assert "A penghubung must choose an OPD" in text(fasil.get(r.headers["Location"] + "?lang=en"))
    r = fasil.post(
        url + "?lang=id", data={"participant": "99999", "role": "observer", "opd": "", "team": ""}
    )
    shown = text(fasil.get(r.headers["Location"] + "?lang=id"))
    assert "Pilih salah satu pilihan yang tersedia." in shown
    db = db_of(app)
    assert sb.participants_of(db, ws["id"])[0].role == "verifikator"
    db.close()


# -- 4. readable states and dates -----------------------------------------------------------------
def test_the_dashboard_names_states_by_their_labels(app, fasil, seed):
    ws = seed["ws"]
    fasil.get(f"/fasilitator/latihan/{ws['id']}")  # brings the workshop up to now
    db = db_of(app)
    states = sb.workshop_status(db, ws["id"], sb.wall_now()).states
    db.close()
    assert states
    r = fasil.get(f"/fasilitator/latihan/{ws['id']}?fragment=1")
    cells = re.findall(r"<tr><td>(.*?)</td><td>\d+</td></tr>", r.get_data(as_text=True))
    assert cells[: len(states)] == [STATES[s].label_id for s in sorted(states)]
    r = fasil.get(f"/fasilitator/latihan/{ws['id']}?fragment=1&lang=en")
    cells = re.findall(r"<tr><td>(.*?)</td><td>\d+</td></tr>", r.get_data(as_text=True))
    assert cells[: len(states)] == [STATES[s].label_en for s in sorted(states)]


def test_the_case_history_shows_state_labels_and_human_dates(app, seed):
    ani = app.test_client()
    join(ani, seed["ws"]["code"], "Ani")
    case_id = re.search(r"/peserta/kasus/(SIM-\d+)", ani.get("/peserta/").get_data(as_text=True))
    html = ani.get(f"/peserta/kasus/{case_id.group(1)}?lang=en").get_data(as_text=True)
    history = html[html.index('class="history"') :]
    assert re.search(r'<span class="meta">\d\d/\d\d/2025 \d\d:\d\d WIB</span>', history)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", history)
    assert "Received" in history or any(s.label_en in history for s in STATES.values())


def test_the_workshop_list_names_an_upload_without_its_server_folder(app, fasil):
    assert upload(fasil, GOOD, "kelas_saya.yaml").status_code == 303
    r = fasil.get("/fasilitator/")
    assert app.instance_path not in r.get_data(as_text=True)
    assert re.search(r"· [0-9a-f]{24}\.yaml ·", text(r))
