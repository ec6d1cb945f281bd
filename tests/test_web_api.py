"""The JSON API /api/v1: a per-participant bearer token, Open311 field names, the same actions."""

from __future__ import annotations

import re

import pytest

import sandbox as sb
from web.testing import app_on_copy, join

OPEN311 = {
    "service_request_id",
    "service_code",
    "agency_responsible",
    "status",
    "status_notes",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
}


@pytest.fixture
def app(template, tmp_path):
    return app_on_copy(
        template[0], tmp_path, csrf=True
    )  # the API works with CSRF on: it uses no cookie


@pytest.fixture
def code(template):
    return template[1]["ws"]["code"]


def token_for(app, code, name="Ani", role="verifikator", opd=None):
    """Join through the sandbox and build the header the score page shows."""
    db = sb.open_db(app.config["SANDBOX_DB"])
    p = sb.join(db, code, name, role, opd, now=sb.wall_now())
    db.close()
    return {"Authorization": f"Bearer {code}.{p.token}"}


def test_the_api_access_page_shows_the_token_the_api_accepts(template, tmp_path, code):
    app = app_on_copy(template[0], tmp_path)
    client = app.test_client()
    join(client, code, "Ani")
    token = re.search(
        rf"({code}\.[\w-]+)", client.get("/peserta/akses-api").get_data(as_text=True)
    ).group(1)
    assert (
        app.test_client()
        .get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
        .status_code
        == 200
    )


def test_the_api_needs_a_valid_bearer_token(app, code):
    client = app.test_client()
    assert client.get("/api/v1/cases").status_code == 401
    r = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {code}.salah"})
    assert r.status_code == 401 and r.json["error"]["code"] == "unauthorized"
    assert (
        client.get("/api/v1/cases?lang=en", headers={"Authorization": "Bearer ZZZZZZ.x"})
        .json["error"]["message"]
        .startswith("Invalid API token")
    )


def test_cases_come_with_open311_field_names(app, code):
    auth = token_for(app, code)
    cases = app.test_client().get("/api/v1/cases", headers=auth).json
    assert cases and OPEN311 <= set(cases[0])
    first = next(c for c in cases if c["service_request_id"] == "SIM-00001")
    assert (
        first["status"] == "open" and first["state"] == "masuk" and first["status_notes"] == "Masuk"
    )
    assert first["requested_datetime"].endswith("+07:00") and first["expected_datetime"].startswith(
        "2025-06-12T16:00"
    )
    assert "disposisi" in first["actions"] and "verifikasi" in first["actions"]
    one = app.test_client().get("/api/v1/cases/SIM-00001?lang=en", headers=auth).json
    assert one["status_notes"] == "Received" and one["history"][0]["action"] == "masuk"
    assert one["updated_datetime"].startswith("2025-06-05T07:09")


def test_actions_post_json_and_a_stale_version_is_a_409_conflict(app, code):
    auth = token_for(app, code)
    client = app.test_client()
    r = client.post(
        "/api/v1/cases/SIM-00001/verifikasi",
        headers=auth,
        json={
            "expected_version": 1,
            "title": "KKS ditahan",
            "report_type": "pengaduan",
            "category": "sosial",
            "anonim": True,
        },
    )
    assert r.status_code == 200, r.json
    assert (
        r.json["version"] == 2
        and r.json["service_code"] == "sosial"
        and r.json["title"] == "KKS ditahan"
    )
    r = client.post(
        "/api/v1/cases/SIM-00001/disposisi",
        headers=auth,
        json={"expected_version": 2, "opd": "DINSOS"},
    )
    assert (
        r.status_code == 200
        and r.json["agency_responsible"] == "DINSOS"
        and r.json["state"] == "terdisposisi"
    )
    r = client.post(
        "/api/v1/cases/SIM-00001/arsipkan",
        headers=auth,
        json={"expected_version": 2, "reason": "x"},
    )
    assert r.status_code == 409 and r.json["error"]["code"] == "ConflictError"


def test_bad_input_is_a_422_with_field_messages_in_the_users_language(app, code):
    auth = token_for(app, code)
    client = app.test_client()
    r = client.post(
        "/api/v1/cases/SIM-00002/arsipkan?lang=en", headers=auth, json={"expected_version": 1}
    )
    assert r.status_code == 422 and r.json["error"]["fields"] == {
        "reason": ["This field is required."]
    }
    r = client.post(
        "/api/v1/cases/SIM-00002/tunda?lang=id",
        headers=auth,
        json={"expected_version": 1, "missing": ["warna"], "message": "Mohon lengkapi."},
    )
    assert r.status_code == 422 and r.json["error"]["fields"]["missing"] == [
        "Centang minimal satu pilihan yang tersedia."
    ]
    r = client.post(
        "/api/v1/cases/SIM-00002/disposisi?lang=en",
        headers=auth,
        json={"expected_version": 1, "opd": "DLH"},
    )
    assert r.status_code == 422 and "verify case SIM-00002" in r.json["error"]["message"]


def test_a_penghubung_sees_only_cases_at_their_opd(app, code):
    auth = token_for(app, code, "Budi", "penghubung", "PUPR")
    client = app.test_client()
    cases = client.get("/api/v1/cases", headers=auth).json
    assert {c["agency_responsible"] for c in cases} <= {"PUPR"}
    hidden = next(
        f"SIM-{i:05d}"
        for i in range(1, 99)
        if f"SIM-{i:05d}" not in {c["service_request_id"] for c in cases}
    )
    assert client.get(f"/api/v1/cases/{hidden}", headers=auth).status_code == 404
    assert (
        client.post(
            f"/api/v1/cases/{hidden}/terima", headers=auth, json={"expected_version": 1}
        ).status_code
        == 404
    )


def test_verify_and_dispose_with_copies_in_one_call(app, code):
    """Can a script do LAPOR!'s "Verifikasi dan disposisi", tembusan included, in one request?"""
    client, auth = app.test_client(), token_for(app, code)
    v = client.get("/api/v1/cases/SIM-00001", headers=auth).json["version"]
    r = client.post(
        "/api/v1/cases/SIM-00001/disposisi",
        headers=auth,
        json={
            "expected_version": v,
            "report_type": "pengaduan",
            "category": "sosial",
            "opd": "DINSOS",
            "copies": ["DISDUKCAPIL"],
        },
    )
    assert r.status_code == 200, r.json
    assert r.json["state"] == "terdisposisi" and r.json["agency_responsible"] == "DINSOS"
    assert r.json["service_code"] == "sosial"
