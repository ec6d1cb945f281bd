"""The planner pages: scenario choice, the generated variant form, jobs, results and exports.

Jobs are run by the test itself (``sandbox.planner.run_job``) on kelas_bimtek for a few weeks, so
each one takes seconds; the background worker is off in test apps (web.testing.app_on_copy).
"""

from __future__ import annotations

import io
import json
import re

import pytest

from sandbox import planner as pl
from scenarios import load_scenario
from web import planner_form as pf
from web.testing import OTHER_FACILITATOR, csrf_token, db_of, join, login, text

NEW = "/perencana/baru?skenario=kelas_bimtek"


def form_data(**cells: str) -> dict[str, str]:
    """The variant form as the browser first sends it (scenario values everywhere), then changes."""
    scenario = load_scenario("kelas_bimtek")
    data = pf.blank_form(scenario, pf.rows_for(scenario))
    for key, value in list(data.items()):
        if key.endswith(":sop.approval.enabled") and not value:
            del data[key]  # an unticked checkbox is not sent
    data.update(kind="compare", replications="2", seed="3", days="21", target="90")
    data.update(cells)
    return data


def submit(client, **cells: str):
    return client.post(NEW, data=form_data(**cells))


def job_id_of(response) -> int:
    found = re.search(r"/perencana/tugas/(\d+)$", response.headers["Location"])
    assert found, response.headers.get("Location")
    return int(found.group(1))


@pytest.fixture
def done_job(app, fasil):
    """A finished comparison: today's SOP against one more verifier."""
    r = submit(fasil, **{"v1:name": "+1 verifikator", "v1:sop.verifiers": "2"})
    assert r.status_code == 303
    job_id = job_id_of(r)
    pl.run_job(app.config["SANDBOX_DB"], job_id)
    return job_id


# ------------------------------------------------------------------------------ access
def test_the_planner_needs_a_facilitator_login_and_refuses_participants(app, seed):
    anonymous = app.test_client()
    assert anonymous.get("/perencana/").status_code == 302
    participant = app.test_client()
    join(participant, seed["ws"]["code"], "Rina")
    assert participant.get("/perencana/").status_code == 403
    assert participant.get(NEW).status_code == 403


def test_another_facilitators_job_is_not_found(app, done_job):
    other = app.test_client()
    assert login(other, OTHER_FACILITATOR).status_code == 303
    for path in ("", "/hasil.csv", "/hasil.json", "/varian/0.yaml", "/cetak", "/grafik/ttfr.svg"):
        assert other.get(f"/perencana/tugas/{done_job}{path}").status_code == 404
    assert other.post(f"/perencana/tugas/{done_job}/batal").status_code == 404
    assert f"/perencana/tugas/{done_job}" not in other.get("/perencana/").get_data(as_text=True)


# ------------------------------------------------------------------------------ the form
def test_choosing_a_builtin_scenario_opens_its_variant_form(fasil):
    r = fasil.post("/perencana/", data={"skenario": "kelas_bimtek"})
    assert r.status_code == 303 and r.headers["Location"].endswith(NEW)
    page = fasil.get(NEW).get_data(as_text=True)
    scenario = load_scenario("kelas_bimtek")
    for code in pf.local_units(scenario):  # one officers row per local unit, labelled
        assert f'name="v0:opds.{code}.officers"' in page
    assert 'aria-label="Jumlah verifikator (admin instansi) — Varian 2"' in page
    assert f'name="v0:sop.verifiers" value="{scenario.sop.verifiers}"' in page
    assert 'value="keyword"' in page  # every registered routing policy is offered


def test_rows_follow_the_field_declarations():
    scenario = load_scenario("sanggau")
    rows = {r.path: r for r in pf.rows_for(scenario)}
    share = rows["sop.verifier_time_share"]
    assert (share.kind, share.minimum, share.maximum) == ("float", 0.01, 1)
    assert rows["opds.DLH.checks_per_day"].maximum == 24
    assert rows["sop.verification"].kind == "choice"
    assert {c for c, _ in rows["sop.verification"].choices} == {"central", "decentralised", "none"}
    assert len([p for p in rows if p.endswith(".officers")]) == 43  # Sanggau's 43 local units


def test_a_bad_cell_is_explained_in_the_users_language_and_nothing_is_queued(app, fasil):
    r = submit(
        fasil, **{"v1:name": "B", "v1:sop.verifiers": "dua", "v1:sop.verifier_time_share": "1,5"}
    )
    assert r.status_code == 422
    page = text(r)
    assert "Masukkan angka." in page
    assert "Masukkan angka dari 0.01 sampai 1." in page
    r = fasil.post(NEW + "&lang=en", data=form_data(**{"v1:name": "B", "v1:sop.verifiers": "dua"}))
    assert r.status_code == 422 and "Enter a number." in text(r)
    db = db_of(app)
    assert pl.list_jobs(db) == []
    db.close()


SURGE = {
    "v1:name": "Banjir",
    "v1:lonjakan.categories": "bukan_kategori",
    "v1:lonjakan.start": "13-40",
    "v1:lonjakan.end": "01-20",
    "v1:lonjakan.multiplier": "3",
}


def test_a_bad_surge_is_explained_in_the_users_language(fasil):
    r = submit(fasil, **SURGE)
    assert r.status_code == 422
    page = text(r)
    assert "Kode kategori tidak dikenal: bukan_kategori." in page
    assert "Tulis tanggal sebagai BB-HH, misalnya 07-15." in page
    r = fasil.post(NEW + "&lang=en", data=form_data(**SURGE))
    assert "Unknown category code: bukan_kategori." in text(r)


def test_a_valid_surge_becomes_one_more_surge_of_the_scenario(app, fasil):
    scenario = load_scenario("kelas_bimtek")
    code = next(iter(scenario.categories))
    cells = {**SURGE, "v1:lonjakan.categories": code, "v1:lonjakan.start": "01-10"}
    r = submit(fasil, **cells)
    assert r.status_code == 303
    db = db_of(app)
    surges = pl.get_job(db, job_id_of(r)).spec.variants[1].overrides["load.surges"]
    db.close()
    assert len(surges) == len(scenario.load.surges) + 1
    assert surges[-1] == {
        "label": "Lonjakan (Banjir)",
        "categories": [code],
        "start": "01-10",
        "end": "01-20",
        "multiplier": 3,
    }


def test_a_problem_only_the_loader_finds_is_put_at_its_cell_or_above_the_form():
    from scenarios import Problem

    col = pf.Column(1, "B", {})
    paths = {"sop.verifiers"}
    pf._place(col, Problem("f.yaml", "sop.verifiers", 3, "expected fewer"), paths)
    pf._place(col, Problem("f.yaml", "load.surges[2].end", 3, "bad end"), paths)
    pf._place(col, Problem("f.yaml", "opds.X.name", 3, "odd"), paths)
    assert col.errors == {"sop.verifiers": ["expected fewer"], "lonjakan.end": ["bad end"]}
    assert col.other == ["opds.X.name: odd"]


def test_an_incomplete_surge_or_duplicate_names_are_refused(fasil):
    r = submit(fasil, **{"v1:name": "SOP sekarang", "v1:lonjakan.start": "01-10"})
    page = text(r)
    assert r.status_code == 422
    assert "Isi semua baris lonjakan, atau kosongkan semuanya." in page
    assert "Nama varian harus berbeda satu sama lain." in page


def test_a_staffing_search_takes_one_column_only(fasil):
    r = submit(fasil, kind="staffing", **{"v1:name": "B"})
    assert r.status_code == 422 and "memakai satu varian saja" in text(r)


def test_a_valid_form_queues_a_job_with_only_the_changed_cells(app, fasil):
    r = submit(
        fasil,
        **{
            "v1:name": "+1 verifikator",
            "v1:sop.verifiers": "2",
            "v2:name": "Kata kunci",
            "v2:routing.policy": "keyword",
        },
    )
    assert r.status_code == 303
    db = db_of(app)
    job = pl.get_job(db, job_id_of(r))
    db.close()
    assert job.status == "queued" and job.kind == "compare"
    assert [v.name for v in job.spec.variants] == ["SOP sekarang", "+1 verifikator", "Kata kunci"]
    assert [v.overrides for v in job.spec.variants] == [
        {},
        {"sop.verifiers": 2},
        {"routing.policy": "keyword"},
    ]
    assert (job.spec.replications, job.spec.seed, job.spec.days) == (2, 3, 21)
    page = text(fasil.get(f"/perencana/tugas/{job.id}"))
    assert "menunggu giliran" in page and "Batalkan simulasi" in page


def test_a_queued_job_can_be_cancelled(app, fasil):
    job_id = job_id_of(submit(fasil))
    r = fasil.post(f"/perencana/tugas/{job_id}/batal")
    assert r.status_code == 303
    assert "dibatalkan" in text(fasil.get(f"/perencana/tugas/{job_id}"))
    db = db_of(app)
    assert pl.get_job(db, job_id).status == "cancelled"
    db.close()


def test_forms_need_the_csrf_token(template, tmp_path):
    from web.testing import app_on_copy

    app = app_on_copy(template[0], tmp_path, csrf=True)
    client = app.test_client()
    page = client.get("/fasilitator/masuk")
    token = csrf_token(page)
    r = client.post(
        "/fasilitator/masuk",
        data={"name": "fasilitator", "password": sb_password(), "csrf_token": token},
    )
    assert r.status_code == 303
    assert client.post(NEW, data=form_data()).status_code == 400  # no token
    token = csrf_token(client.get(NEW))
    assert client.post(NEW, data={**form_data(), "csrf_token": token}).status_code == 303


def sb_password() -> str:
    from sandbox.testing import PASSWORD

    return PASSWORD


# ------------------------------------------------------------------------------ results
def test_a_finished_job_shows_sentences_intervals_and_its_charts(fasil, done_job):
    page = fasil.get(f"/perencana/tugas/{done_job}").get_data(as_text=True)
    visible = text(fasil.get(f"/perencana/tugas/{done_job}"))
    assert "selesai" in visible and "Kesimpulan" in visible
    assert "«+1 verifikator»" in visible  # the plain-language sentence names the variant
    assert "Tindak lanjut tepat waktu" in visible and "selisih" in visible
    for which in ("backlog", "sla_opd", "utilization", "ttfr"):
        assert f"/perencana/tugas/{done_job}/grafik/{which}.svg" in page
        svg = fasil.get(f"/perencana/tugas/{done_job}/grafik/{which}.svg")
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
        body = svg.get_data(as_text=True)
        assert body.lstrip().startswith("<svg") and "<script" not in body
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing


def test_results_export_as_csv_json_and_variant_yaml(fasil, done_job):
    csv_text = fasil.get(f"/perencana/tugas/{done_job}/hasil.csv").get_data(as_text=True)
    assert csv_text.startswith("\ufeff") and "followup_sla_met" in csv_text
    data = json.loads(fasil.get(f"/perencana/tugas/{done_job}/hasil.json").get_data(as_text=True))
    assert [v["name"] for v in data["variants"]] == ["SOP sekarang", "+1 verifikator"]
    r = fasil.get(f"/perencana/tugas/{done_job}/varian/1.yaml")
    assert "attachment" in r.headers["Content-Disposition"]
    body = r.get_data(as_text=True)
    assert "extends: kelas_bimtek" in body and "verifiers: 2" in body
    assert fasil.get(f"/perencana/tugas/{done_job}/varian/9.yaml").status_code == 404


def test_the_one_page_summary_holds_the_changes_and_the_charts(fasil, done_job):
    page = fasil.get(f"/perencana/tugas/{done_job}/cetak").get_data(as_text=True)
    assert "sop.verifiers" in page and page.count("<img") == 4
    assert "SIMULASI" in text(fasil.get(f"/perencana/tugas/{done_job}/cetak"))


def test_run_again_fills_the_form_with_the_jobs_settings(fasil, done_job):
    page = fasil.get(f"/perencana/tugas/{done_job}").get_data(as_text=True)
    found = re.search(r'href="([^"]*dari=\d+[^"]*)"', page)
    assert found
    form = fasil.get(found.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert 'name="v1:name" maxlength="60" value="+1 verifikator"' in form
    assert 'name="v1:sop.verifiers" value="2"' in form


def test_a_failed_job_says_why(app, fasil, tmp_path):
    scenario = tmp_path / "hilang.yaml"
    scenario.write_text("extends: kelas_bimtek\n", encoding="utf-8")
    db = db_of(app)
    spec = pl.JobSpec(
        kind="compare",
        scenario_ref=str(scenario),
        scenario_label="hilang.yaml",
        variants=(pl.Variant("A", {}),),
        replications=2,
        seed=1,
        days=14,
    )
    job_id = pl.submit(db, sb_facilitator(db), spec, "Akan gagal")
    db.close()
    scenario.unlink()  # the file disappears before the job runs
    pl.run_job(app.config["SANDBOX_DB"], job_id)
    page = text(fasil.get(f"/perencana/tugas/{job_id}"))
    assert "gagal" in page and "hilang.yaml" in page and "Traceback" not in page


def sb_facilitator(db) -> int:
    return db.execute("SELECT id FROM facilitators WHERE name = 'fasilitator'").fetchone()[0]


# ------------------------------------------------------------------------------ uploads
UPLOAD = """\
extends: kelas_bimtek
scenario: {name: kelas_unggah, title: "Kelas <b>unggahan</b>"}
"""


def test_an_uploaded_scenario_opens_its_own_form_with_text_escaped(fasil):
    r = fasil.post(
        "/perencana/",
        data={"skenario": "sanggau", "upload": (io.BytesIO(UPLOAD.encode()), "kelas.yaml")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 303 and "unggahan=" in r.headers["Location"]
    page = fasil.get(r.headers["Location"]).get_data(as_text=True)
    assert "Kelas &lt;b&gt;unggahan&lt;/b&gt;" in page and "<b>unggahan" not in page


def test_a_broken_upload_lists_its_problems(fasil):
    bad = UPLOAD + "sop:\n  verifires: 2\n"
    r = fasil.post(
        "/perencana/",
        data={"skenario": "sanggau", "upload": (io.BytesIO(bad.encode()), "rusak.yaml")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 422
    page = text(r)
    assert "rusak.yaml" in page and "verifires" in page


def test_a_made_up_upload_token_is_not_found(fasil):
    assert fasil.get("/perencana/baru?unggahan=../../etc/passwd").status_code == 404
    assert fasil.get("/perencana/baru?unggahan=abcdefgh").status_code == 404
    assert fasil.get("/perencana/baru?skenario=tidak_ada").status_code == 404


def test_a_staffing_search_shows_erlang_c_beside_the_simulated_answer(app, fasil):
    r = submit(fasil, kind="staffing", target_kpi="followup_sla_met", target="80")
    assert r.status_code == 303
    job_id = job_id_of(r)
    pl.run_job(app.config["SANDBOX_DB"], job_id)
    db = db_of(app)
    job = pl.get_job(db, job_id)
    db.close()
    assert job.status == "done", job.message
    page = text(fasil.get(f"/perencana/tugas/{job_id}"))
    assert "Tebakan Erlang-C" in page and "Hasil simulasi" in page
    for code, desk in job.result["desks"].items():
        assert code in page
        assert isinstance(desk["officers"], int) and desk["officers"] >= 1
    assert ("Target tercapai" in page) == bool(job.result["met"])
    svg = fasil.get(f"/perencana/tugas/{job_id}/grafik/utilization.svg")
    assert svg.status_code == 200 and "<svg" in svg.get_data(as_text=True)
    assert fasil.get(f"/perencana/tugas/{job_id}/grafik/ttfr.svg").status_code == 404
    printed = text(fasil.get(f"/perencana/tugas/{job_id}/cetak"))
    assert "Tebakan Erlang-C" in printed


def test_a_facilitator_opens_what_if_for_the_workshops_own_scenario(fasil, seed):
    dashboard = fasil.get(f"/fasilitator/latihan/{seed['ws']['id']}").get_data(as_text=True)
    link = f"/perencana/dari-latihan/{seed['ws']['id']}"
    assert link in dashboard
    r = fasil.get(link)
    assert r.status_code == 303 and r.headers["Location"].endswith(NEW)
    assert fasil.get(f"/perencana/dari-latihan/{seed['other_ws']['id']}").status_code == 404


def test_what_if_for_a_workshop_on_an_uploaded_scenario_opens_that_file(fasil):
    r = fasil.post(
        "/fasilitator/",
        data={
            "scenario": "kelas_bimtek",
            "seed": "4",
            "mode": "practice",
            "title": "Kelas unggahan",
            "upload": (io.BytesIO(UPLOAD.encode()), "kelas.yaml"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 303
    workshop_id = int(r.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    r = fasil.get(f"/perencana/dari-latihan/{workshop_id}")
    assert r.status_code == 303 and "unggahan=" in r.headers["Location"]
    page = fasil.get(r.headers["Location"]).get_data(as_text=True)
    assert "Kelas &lt;b&gt;unggahan&lt;/b&gt;" in page


def test_each_variant_has_its_backlog_by_stage_chart(fasil, done_job):
    page = fasil.get(f"/perencana/tugas/{done_job}").get_data(as_text=True)
    for i, name in enumerate(["SOP sekarang", "+1 verifikator"]):
        url = f"/perencana/tugas/{done_job}/grafik/stages.svg?varian={i}"
        assert f"grafik/stages.svg?varian={i}" in page.replace("&amp;", "&")
        svg = fasil.get(url).get_data(as_text=True)
        assert f"«{name}»" in svg and svg.count("<path") > 3  # one line per stage
    assert fasil.get(f"/perencana/tugas/{done_job}/grafik/stages.svg?varian=2").status_code == 404


def test_a_job_too_big_for_the_laptop_or_an_infinite_value_is_refused(app, fasil):
    r = submit(fasil, **{"v0:load.reports_per_year": "1e12"})
    assert r.status_code == 422 and "Terlalu besar untuk laptop ini" in text(r)
    for value in ("inf", "1e400", "nan"):
        r = submit(fasil, **{"v0:sop.verifiers": value})
        assert r.status_code == 422 and "Masukkan angka." in text(r)
    db = db_of(app)
    assert pl.list_jobs(db) == []
    db.close()


# ------------------------------------------------------------------------------ jobs that end oddly
def last_flash(response) -> str:
    """The newest flash message of a page, as the user reads it."""
    found = re.findall(r'<p class="flash flash-\w+">(.*?)</p>', response.get_data(as_text=True))
    return " ".join(re.sub(r"<[^>]+>", " ", found[-1]).split())


def test_a_cancel_just_after_the_job_finished_says_it_had_finished(app, fasil, done_job):
    """Does a Cancel that arrives a moment too late claim the job was cancelled?"""
    r = fasil.post(f"/perencana/tugas/{done_job}/batal", follow_redirects=True)
    assert last_flash(r) == "Simulasi ini sudah selesai lebih dulu; tidak ada yang dihentikan."
    r = fasil.post(f"/perencana/tugas/{done_job}/batal?lang=en", follow_redirects=True)
    assert last_flash(r) == "This simulation had already finished; nothing was stopped."
    db = db_of(app)
    assert pl.get_job(db, done_job).status == "done"
    db.close()


def test_a_cancel_stops_a_running_job_or_ends_it_at_once_when_its_worker_is_gone(app, fasil):
    import time

    from tests.planner_helpers import left_running

    running, orphaned = job_id_of(submit(fasil)), job_id_of(submit(fasil, seed="4"))
    db = db_of(app)
    left_running(db, running, "another-host:1:abcd1234")
    left_running(db, orphaned, "another-host:1:abcd1234", heartbeat_at=time.time() - 3600)
    r = fasil.post(f"/perencana/tugas/{running}/batal", follow_redirects=True)
    assert (
        last_flash(r)
        == "Simulasi sedang dihentikan; berhenti dalam beberapa detik, kecuali selesai lebih dulu."
    )
    r = fasil.post(f"/perencana/tugas/{orphaned}/batal?lang=en", follow_redirects=True)
    assert last_flash(r) == "The simulation was cancelled."
    r = fasil.post(f"/perencana/tugas/{orphaned}/batal?lang=id", follow_redirects=True)
    assert last_flash(r) == "Simulasi ini sudah dibatalkan sebelumnya."
    job = pl.get_job(db, running)
    assert (job.status, job.cancel_requested) == ("running", True)
    assert pl.get_job(db, orphaned).status == "cancelled"
    db.close()


def test_a_failed_job_says_that_it_failed_once(app, fasil, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("desk PUPR has no calendar")

    monkeypatch.setattr("sandbox.planner.run.compare", broken)
    job_id = job_id_of(submit(fasil))
    pl.run_job(app.config["SANDBOX_DB"], job_id)
    page = text(fasil.get(f"/perencana/tugas/{job_id}"))
    assert page.count("Simulasi gagal") == 1 and "desk PUPR has no calendar" in page


def test_the_worker_is_started_again_when_its_thread_died(template, tmp_path):
    from web.planner import start_worker
    from web.testing import app_on_copy

    app = app_on_copy(template[0], tmp_path, PLANNER_WORKER=True, PLANNER_PROCESSES=1)
    worker = start_worker(app)
    try:
        assert worker.alive and start_worker(app) is worker
        first = worker._thread
        worker._stop.set()  # the thread ends, as a thread that died would
        first.join(30)
        worker._stop.clear()
        assert not worker.alive
        assert start_worker(app) is worker and worker.alive and worker._thread is not first
    finally:
        worker.stop()


# ------------------------------------------------------------------------------ the form, refused
def test_a_column_with_changes_but_no_name_is_refused_keeping_what_was_typed(app, fasil):
    cells = {"v1:name": "+1 verifikator", "v1:sop.verifiers": "2", "v2:sop.verifiers": "3"}
    r = submit(fasil, **cells)
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    message = "Kolom ini berisi perubahan tetapi belum bernama"
    column = re.search(r'<input id="v2-name".*?</th>', page, flags=re.S).group(0)
    assert message in column  # at the column itself
    assert 'name="v1:name" maxlength="60" value="+1 verifikator"' in page
    assert (
        'name="v1:sop.verifiers" value="2"' in page and 'name="v2:sop.verifiers" value="3"' in page
    )
    r = fasil.post(NEW + "&lang=en", data=form_data(**cells))
    assert r.status_code == 422 and "This column holds changes but has no name" in text(r)
    surge_only = fasil.post(NEW + "&lang=id", data=form_data(**{"v3:lonjakan.start": "01-10"}))
    assert surge_only.status_code == 422 and message in text(surge_only)
    db = db_of(app)
    assert pl.list_jobs(db) == []
    db.close()


def test_unnamed_columns_left_as_the_scenario_are_still_ignored(app, fasil):
    r = submit(fasil, **{"v1:name": "+1 verifikator", "v1:sop.verifiers": "2"})
    assert r.status_code == 303
    db = db_of(app)
    assert len(pl.get_job(db, job_id_of(r)).spec.variants) == 2
    db.close()


# ------------------------------------------------------------------------------ the session
def test_the_session_remembers_only_the_newest_uploads(fasil):
    """Can a planner who uploads files all day fill the session cookie past 4 KB?"""
    from web.planner import MAX_UPLOADS

    older = [[f"lama{i:04d}", f"lama-{i}.yaml"] for i in range(MAX_UPLOADS + 5)]
    with fasil.session_transaction() as s:
        s["planner_uploads"] = older
    r = fasil.post(
        "/perencana/",
        data={"skenario": "sanggau", "upload": (io.BytesIO(UPLOAD.encode()), "baru.yaml")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 303
    with fasil.session_transaction() as s:
        known = s["planner_uploads"]
    token = r.headers["Location"].rsplit("unggahan=", 1)[1]
    assert known == [*older[-(MAX_UPLOADS - 1) :], [token, "baru.yaml"]]  # the oldest went
    assert fasil.get(r.headers["Location"]).status_code == 200


def test_a_session_from_before_the_cap_keeps_its_uploads(fasil):
    r = fasil.post(
        "/perencana/",
        data={"skenario": "sanggau", "upload": (io.BytesIO(UPLOAD.encode()), "kelas.yaml")},
        content_type="multipart/form-data",
    )
    token = r.headers["Location"].rsplit("unggahan=", 1)[1]
    with fasil.session_transaction() as s:
        s["planner_uploads"] = {token: "kelas.yaml"}  # as an older trainer stored it
    assert fasil.get(r.headers["Location"]).status_code == 200


# ------------------------------------------------------------------------------ labels
def test_kpi_rows_use_the_sandbox_labels_capitalised_in_both_languages(app, fasil, done_job):
    from web.planner import KPI_LABELS, KPI_ROWS

    for lang in ("id", "en"):
        with app.test_request_context(f"/?lang={lang}"):
            for name in KPI_ROWS:
                label = str(KPI_LABELS[name])
                label_id, label_en, _unit = pl.KPI_LABELS[name]
                assert label.lower().startswith((label_en if lang == "en" else label_id).lower())
                assert label[0].isupper()
    page = text(fasil.get(f"/perencana/tugas/{done_job}"))
    assert "Penyelesaian tepat waktu" in page and "Waktu tanggapan pertama (jam kerja)" in page
    page = text(fasil.get(f"/perencana/tugas/{done_job}?lang=en"))
    assert "Completion on time" in page and "Time to first response (working hours)" in page


def test_a_worker_killed_by_the_system_reads_in_the_users_language(app, fasil):
    job_id = job_id_of(submit(fasil))
    db = db_of(app)
    with db.conn:
        db.conn.execute(
            "UPDATE planner_jobs SET status = 'failed', message = 'proses_dihentikan:' WHERE id = ?",
            [job_id],
        )
    db.close()
    page = text(fasil.get(f"/perencana/tugas/{job_id}?lang=id"))
    assert "mungkin memori habis" in page and "proses_dihentikan" not in page
    assert "perhaps out of memory" in text(fasil.get(f"/perencana/tugas/{job_id}?lang=en"))
