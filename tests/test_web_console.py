"""The facilitator's console (leaderboard, review, debrief, injects, exports) and participant coaching."""

from __future__ import annotations

import json

import pytest

import sandbox as sb
from scenarios import load_scenario
from web.testing import OTHER_FACILITATOR, db_of, login, seeded_db, text

GOOD = (
    "Selamat pagi, terima kasih atas laporan Anda tentang layanan angkut sampah. Tim Bidang "
    "Kebersihan DLH akan meninjau lokasi pada 12 Juni 2025 dan mengangkut sampah. Pantau "
    "perkembangan melalui LAPOR! atau hubungi DLH."
)
WEAK = "ok <script>alert(1)</script>"
EVIL = "Ani <b>x</b>"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The seeded workshop after a verifier routed four cases (one wrongly) and a penghubung replied."""
    path = tmp_path_factory.mktemp("template") / "sandbox.sqlite"
    seed = seeded_db(path)
    db, now, w = sb.open_db(path), sb.wall_now(), seed["ws"]["id"]
    ani = sb.join(db, seed["ws"]["code"], EVIL, "verifikator", now=now)
    budi = sb.join(db, seed["ws"]["code"], "Budi", "penghubung", "DLH", now=now)
    sb.advance(db, w, now)

    def version(who, case_id):
        return next(
            c for c in sb.list_cases(db, w, participant_id=who.id) if c.id == case_id
        ).version

    for case_id, category, opd, anonim in (
        ("SIM-00008", "lhk", "DLH", True),
        ("SIM-00001", "sosial", "DLH", False),
        ("SIM-00014", "lhk", "DLH", False),
        ("SIM-00007", "trantibum", "DLH", True),
    ):
        e = sb.verify(
            db,
            w,
            case_id,
            title="Judul",
            report_type="pengaduan",
            category=category,
            anonim=anonim,
            by=ani.id,
            expected_version=version(ani, case_id),
            now=now,
        )
        sb.dispose(db, w, case_id, opd, by=ani.id, expected_version=e.version, now=now)
    for case_id in ("SIM-00008", "SIM-00014", "SIM-00001", "SIM-00007"):
        sb.accept(db, w, case_id, by=budi.id, expected_version=version(budi, case_id), now=now)
    for case_id, reply in (("SIM-00008", GOOD), ("SIM-00014", WEAK)):
        sb.follow_up(
            db,
            w,
            case_id,
            reply=reply,
            evidence=["foto.jpg"],
            by=budi.id,
            expected_version=version(budi, case_id),
            now=now,
        )
    db.close()
    return path, {**seed, "ani": ani, "budi": budi}


@pytest.fixture
def base(seed):
    return f"/fasilitator/latihan/{seed['ws']['id']}"


def as_participant(app, p):
    """A client logged in as an already joined participant."""
    client = app.test_client()
    with client.session_transaction() as s:
        s.update(role="participant", participant_id=p.id, workshop_id=p.workshop_id, token=p.token)
    return client


# -- leaderboard ----------------------------------------------------------------------------------
def test_the_facilitator_sees_names_and_participants_see_aliases_until_switched(
    app, fasil, base, seed
):
    page = fasil.get(f"{base}/peringkat").get_data(as_text=True)
    assert "Ani &lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    ani = as_participant(app, seed["ani"])
    board = text(ani.get("/peserta/peringkat"))
    assert seed["ani"].alias in board and "Budi" not in board and "(Anda)" in board
    assert fasil.post(f"{base}/peringkat", data={"op": "names"}).status_code == 303
    assert "Budi" in text(ani.get("/peserta/peringkat"))


def test_a_hidden_board_shows_participants_nothing_and_a_frozen_one_says_so(app, fasil, base, seed):
    ani = as_participant(app, seed["ani"])
    fasil.post(f"{base}/peringkat", data={"op": "hide"})
    page = text(ani.get("/peserta/peringkat?lang=en"))
    assert "hidden the leaderboard" in page and seed["ani"].alias not in page
    fasil.post(f"{base}/peringkat", data={"op": "show"})
    fasil.post(f"{base}/peringkat", data={"op": "freeze"})
    assert "dibekukan" in text(ani.get("/peserta/peringkat?lang=id"))
    assert "Cairkan" in text(fasil.get(f"{base}/peringkat"))
    r = fasil.post(f"{base}/peringkat", data={"op": "explode"}, follow_redirects=True)
    assert "Perintah papan peringkat tidak dikenal." in text(r)


# -- review, reveal, override ---------------------------------------------------------------------
def test_the_review_lists_replies_escaped_and_an_override_changes_the_score(app, fasil, base):
    page = fasil.get(f"{base}/penilaian").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    db = db_of(app)
    weak = next(r for r in db.query("SELECT id FROM replies WHERE public_text = ?", [WEAK]))["id"]
    db.close()
    r = fasil.post(
        f"{base}/penilaian/{weak}",
        data={f"r{weak}-score": "60", f"r{weak}-comment": "Cukup <i>baik</i>"},
    )
    assert r.status_code == 303
    page = fasil.get(f"{base}/penilaian").get_data(as_text=True)
    assert "Cukup &lt;i&gt;baik&lt;/i&gt;" in page and "Nilai fasilitator: 60" in text(
        fasil.get(f"{base}/penilaian")
    )
    r = fasil.post(
        f"{base}/penilaian/{weak}?lang=en",
        data={f"r{weak}-score": "150", f"r{weak}-comment": "x"},
        follow_redirects=True,
    )
    assert "Enter a number from 0 to 100." in text(r)
    assert (
        fasil.post(
            f"{base}/penilaian/999999", data={"r999999-score": "5", "r999999-comment": "x"}
        ).status_code
        == 404
    )


def test_assessment_mode_closes_feedback_until_the_facilitator_reveals_it(app, fasil, base, seed):
    budi = as_participant(app, seed["budi"])
    assert "Jawaban tindak lanjut" in text(budi.get("/peserta/skor"))
    assert fasil.post(f"{base}/mode", data={"mode": "assessment"}).status_code == 303
    assert "Umpan balik dibuka setelah fasilitator" in text(budi.get("/peserta/skor"))
    assert "Minta petunjuk" not in text(budi.get("/peserta/kasus/SIM-00008"))
    fasil.post(f"{base}/umpan-balik", data={"op": "reveal"})
    assert "Jawaban tindak lanjut" in text(budi.get("/peserta/skor"))


# -- debrief --------------------------------------------------------------------------------------
def test_the_debrief_shows_the_matrix_mistakes_replies_counterfactual_and_a_timeline(
    fasil, base, seed
):
    r = fasil.get(f"{base}/debrief?peserta={seed['ani'].id}")
    page, html = text(r), r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'class="heat-5 hit">2' in html and 'class="heat-3 miss">1' in html  # shade and number
    assert "Salah OPD" in page and "Teladan" in page and "Lemah" in page
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "Selalu tepat" in page and "Verifikasi tepat waktu" in page
    assert "Tindakan Ani <b>x</b>" in page and "<b>x</b>" not in html
    english = text(fasil.get(f"{base}/debrief?lang=en"))
    assert "Confusion matrix" in english and "Wrong OPD" in english and "Always right" in english


def test_participants_cannot_open_the_debrief_the_answer_key_or_the_exports(app, base, seed):
    ani = as_participant(app, seed["ani"])
    for path in (
        "/debrief",
        "/kunci/SIM-00001",
        "/penilaian",
        "/ekspor/hasil.csv",
        "/sertifikat",
        "/peringkat",
    ):
        assert ani.get(base + path).status_code == 403, path


def test_another_facilitators_workshop_is_a_404_on_every_console_page(app, base):
    other = app.test_client()
    login(other, OTHER_FACILITATOR)
    for path in (
        "/debrief",
        "/penilaian",
        "/peringkat",
        "/hasil",
        "/sertifikat",
        "/ekspor",
        "/ekspor/kasus.csv",
        "/ekspor.json",
    ):
        assert other.get(base + path).status_code == 404, path
    assert (
        other.post(f"{base}/kejadian", data={"kind": "viral", "case_id": "SIM-00001"}).status_code
        == 404
    )


# -- injects --------------------------------------------------------------------------------------
def test_an_inject_makes_a_case_viral_and_a_bad_one_is_explained(app, fasil, base, seed):
    data = {
        "kind": "viral",
        "case_id": "sim-00008",
        "count": "5",
        "category": "",
        "opd": "",
        "working_days": "2",
    }
    r = fasil.post(base + "/kejadian", data=data, follow_redirects=True)
    assert "Kasus SIM-00008 kini viral." in text(r)
    budi = as_participant(app, seed["budi"])
    assert "VIRAL" in text(budi.get("/peserta/kasus/SIM-00008"))
    r = fasil.post(
        base + "/kejadian?lang=en", data={**data, "kind": "petugas_absen"}, follow_redirects=True
    )
    assert "Unknown OPD" in text(r)
    r = fasil.post(
        base + "/kejadian?lang=id",
        data={**data, "kind": "lonjakan", "count": "3"},
        follow_redirects=True,
    )
    assert "3 laporan tambahan akan masuk." in text(r)


# -- exports --------------------------------------------------------------------------------------
@pytest.mark.parametrize("table", ["hasil", "kasus", "log"])
def test_csv_exports_are_utf8_with_a_bom(fasil, base, table):
    r = fasil.get(f"{base}/ekspor/{table}.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.data.startswith(b"\xef\xbb\xbf") and "attachment" in r.headers["Content-Disposition"]
    assert len(r.data.decode("utf-8-sig").splitlines()) > 1


def test_the_json_export_holds_everything_and_unknown_tables_are_404(fasil, base):
    data = json.loads(fasil.get(f"{base}/ekspor.json").data)
    assert {"results", "cases", "events", "answer_keys"} <= set(data)
    assert fasil.get(f"{base}/ekspor/rahasia.csv").status_code == 404


def test_results_and_certificates_print_without_javascript(fasil, base, seed):
    r = fasil.get(f"{base}/hasil")
    assert "Ani &lt;b&gt;x&lt;/b&gt;" in r.get_data(
        as_text=True
    ) and "data-print hidden" in r.get_data(as_text=True)
    page = text(fasil.get(f"{base}/sertifikat?peserta={seed['budi'].id}&lang=en"))
    assert (
        "Certificate of Participation" in page
        and "Budi" in page
        and "not an official certificate" in page
    )
    assert fasil.get(f"{base}/sertifikat?peserta=999").status_code == 404


# -- participant coaching ------------------------------------------------------------------------
def test_a_hint_shows_its_cost_first_then_its_text(app, seed):
    ani = as_participant(app, seed["ani"])
    assert "Minta petunjuk (mengurangi 2 poin)" in text(ani.get("/peserta/kasus/SIM-00002"))
    r = ani.post("/peserta/kasus/SIM-00002/petunjuk", follow_redirects=True)
    assert "Petunjuk 1 (−2 poin):" in text(r)
    assert ani.post("/peserta/kasus/SIM-99999/petunjuk").status_code == 404


def test_the_first_hint_points_to_the_words_the_second_names_the_office(app, seed):
    """Does hint 1 show the report's deciding phrase and what decides, without the office?"""
    db = db_of(app)
    row = db.execute(
        "SELECT k.case_id, k.opd, k.why FROM answer_keys k JOIN cases c ON "
        "c.workshop_id = k.workshop_id AND c.id = k.case_id WHERE c.arrived = 1 "
        "AND c.state = 'masuk' AND k.action IN ('disposisi', 'bukan_wewenang') AND k.why != '[]' "
        "ORDER BY c.seq LIMIT 1"
    ).fetchone()
    case_id, office, why = row[0], row[1], json.loads(row[2])
    name = load_scenario("kelas_bimtek").opds[office].name  # web.testing seeds kelas_bimtek
    ani = as_participant(app, seed["ani"])
    first = text(ani.post(f"/peserta/kasus/{case_id}/petunjuk", follow_redirects=True))
    hint1 = first.split("Petunjuk 1", 1)[1].split("←", 1)[0]  # the hint, not the page's lists
    assert f"“{why[0]}”" in hint1 and "Yang menentukan" in hint1 and name not in hint1
    second = text(ani.post(f"/peserta/kasus/{case_id}/petunjuk", follow_redirects=True))
    assert name in second.split("Petunjuk 2", 1)[1].split("←", 1)[0]


def test_feedback_on_a_case_is_the_participants_own(app, seed):
    ani = as_participant(app, seed["ani"])
    page = text(ani.get("/peserta/kasus/SIM-00001?lang=en"))
    assert "Feedback on this case" in page and "Follow-up reply" not in page
    assert "Jawaban tindak lanjut" not in text(ani.get(f"/peserta/skor?peserta={seed['budi'].id}"))


def test_reply_templates_never_offer_the_reporters_name_on_an_anonymous_case(app, seed):
    budi = as_participant(app, seed["budi"])
    page = budi.get("/peserta/kasus/SIM-00007").get_data(as_text=True)
    assert "Kasus ini anonim/rahasia" in page and 'value="sapaan_nama"' not in page
    page = budi.get("/peserta/kasus/SIM-00007?templat=sapaan_nama").get_data(as_text=True)
    assert "Yth." not in page
    page = budi.get("/peserta/kasus/SIM-00007?templat=umum").get_data(as_text=True)
    assert "Bapak/Ibu Pelapor. Terima kasih atas laporan SIM-00007" in page
    page = budi.get("/peserta/kasus/SIM-00001?templat=sapaan_nama").get_data(as_text=True)
    db = db_of(app)
    case = next(
        c
        for c in sb.list_cases(db, seed["ws"]["id"], participant_id=seed["budi"].id)
        if c.id == "SIM-00001"
    )
    db.close()
    assert f"Yth. {case.reporter}, terima kasih" in page and "anonim/rahasia:" not in page


def test_the_new_participant_pages_switch_language(app, seed):
    ani = as_participant(app, seed["ani"])
    assert "Leaderboard" in text(ani.get("/peserta/peringkat?lang=en"))
    assert "Scoring history by case" in text(ani.get("/peserta/skor"))
    assert "Riwayat penilaian per kasus" in text(ani.get("/peserta/skor?lang=id"))
