"""The planner's study page: many kabupaten from one built-in scenario, run as one job, shown as
one table and a ranking; mistakes named; only built-in scenarios, no server files."""

from __future__ import annotations

import csv
import io
import json
import re

from sandbox import planner as pl
from sandbox.db import open_db, to_json
from simulator.study import TABLE_COLUMNS, run_study, study_from_text
from web.testing import OTHER_FACILITATOR, join, login, text

PAGE = "/perencana/studi/"
STUDY = """\
title: Dua kabupaten kecil
scenarios:
  extends: kelas_bimtek
  table:
    - {name: Kab Hulu, load.reports_per_year: 300}
    - {name: Kab Hilir, load.reports_per_year: 500, sop.verifiers: 2}
variants:
  SOP sekarang: {}
  Tiga verifikator: {sop.verifiers: 3}
replications: 2
seed: 3
days: 21
"""


def job_id_of(response) -> int:
    found = re.search(r"/perencana/tugas/(\d+)$", response.headers["Location"])
    assert found, response.headers.get("Location")
    return int(found.group(1))


def test_the_study_page_is_for_facilitators_only(app, seed):
    assert app.test_client().get(PAGE).status_code == 302
    participant = app.test_client()
    join(participant, seed["ws"]["code"], "Rina")
    assert participant.get(PAGE).status_code == 403
    assert participant.post(PAGE, data={"studi": STUDY}).status_code == 403


def test_a_study_runs_as_one_job_and_shows_its_table_and_ranking(app, fasil):
    """Does the page give the numbers the command line gives for the same study?"""
    assert "extends: sanggau" in text(fasil.get(PAGE))  # an example to start from
    r = fasil.post(PAGE, data={"studi": STUDY})
    assert r.status_code == 303
    job_id = job_id_of(r)
    assert (stored_job(app, job_id).kind, stored_job(app, job_id).status) == ("study", "queued")
    pl.run_job(app.config["SANDBOX_DB"], job_id)
    shown = text(fasil.get(f"/perencana/tugas/{job_id}"))
    assert "Kab Hulu" in shown and "Kab Hilir" in shown and "Tiga verifikator" in shown
    assert "Peringkat varian menurut" in shown
    stored = stored_job(app, job_id).result
    alone = json.loads(to_json(run_study(study_from_text(STUDY, "studi.yaml"), workers=1)))
    assert stored["scenarios"] == alone["scenarios"] and stored["ranking"] == alone["ranking"]
    csv_text = fasil.get(f"/perencana/tugas/{job_id}/hasil.csv").get_data(as_text=True)
    csv_text = csv_text.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert tuple(rows[0]) == TABLE_COLUMNS
    assert {r["scenario"] for r in rows} == {"Kab Hulu", "Kab Hilir"}
    for path in ("/cetak", "/grafik/ttfr.svg", "/varian/0.yaml"):  # what a study does not have
        assert fasil.get(f"/perencana/tugas/{job_id}{path}").status_code == 404
    again = text(fasil.get(f"{PAGE}?dari={job_id}"))
    assert "Kab Hilir" in again and "Tiga verifikator" in again  # to change one thing and rerun


def test_a_study_with_a_mistake_is_refused_with_its_field_and_line(fasil):
    r = fasil.post(PAGE, data={"studi": STUDY.replace("replications: 2", "replicatons: 2")})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "replicatons" in page and "unknown field" in page and "<td>10</td>" in page
    assert "Dua kabupaten kecil" not in text(fasil.get("/perencana/"))  # nothing was queued


def test_a_row_with_a_wrong_field_is_named_before_anything_is_queued(fasil):
    r = fasil.post(PAGE, data={"studi": STUDY.replace("sop.verifiers: 2}", "sop.verifierz: 2}")})
    assert r.status_code == 422 and "row 'Kab Hilir': sop.verifierz" in text(r)


def test_a_study_from_the_page_reads_no_server_files(fasil):
    """Can a study written in the browser make the server read a file of its choosing?"""
    for study, field in (
        (STUDY.replace("extends: kelas_bimtek", "extends: /etc/passwd"), "scenarios.extends"),
        (
            STUDY.replace("  extends: kelas_bimtek\n  table:", "  folder: /etc\n  xtable:"),
            "scenarios",
        ),
        (STUDY.replace("{sop.verifiers: 3}", "/etc/hosts"), "variants.Tiga verifikator"),
    ):
        r = fasil.post(PAGE, data={"studi": study})
        assert r.status_code == 422, study
        assert field in text(r)


def test_another_facilitators_study_cannot_be_copied(app, fasil):
    job_id = job_id_of(fasil.post(PAGE, data={"studi": STUDY}))
    other = app.test_client()
    assert login(other, OTHER_FACILITATOR).status_code == 303
    assert other.get(f"{PAGE}?dari={job_id}").status_code == 404


def stored_job(app, job_id):
    db = open_db(app.config["SANDBOX_DB"])
    try:
        return pl.get_job(db, job_id)
    finally:
        db.close()
