"""Serving a room safely: sessions that end, throttled guessing, look-alike names refused, request
sizes, bad JSON bodies and deep uploads answered clearly, security headers, waitress' limits."""

from __future__ import annotations

import io
import json
import re

import pytest
from click.testing import CliRunner

import sandbox as sb
import web
from sandbox.cli import main as sandbox_cli
from web.__main__ import cli
from web.testing import FACILITATOR, app_on_copy, db_of, join, login, text


@pytest.fixture
def code(seed):
    return seed["ws"]["code"]


def from_address(app, address: str):
    """A client on another device of the Wi-Fi."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def cookie_of(client) -> str:
    """The session cookie's value, as someone copying it off the device would."""
    return client.get_cookie("session").value


def with_cookie(app, value: str):
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief


# -- 3. sessions that can be revoked ---------------------------------------------------------------
def test_a_facilitator_cookie_copied_before_logout_is_dead_after_it(app, fasil, seed):
    copied = cookie_of(fasil)
    page = f"/fasilitator/latihan/{seed['ws']['id']}"
    assert with_cookie(app, copied).get(page).status_code == 200
    assert fasil.post("/fasilitator/keluar").status_code == 303
    r = with_cookie(app, copied).get(page)
    assert r.status_code == 302 and "/fasilitator/masuk" in r.headers["Location"]


def test_a_participant_cookie_and_api_token_end_when_they_leave(app, code):
    ani = app.test_client()
    join(ani, code, "Ani")
    copied = cookie_of(ani)
    token = re.search(rf"({code}\.[\w-]+)", ani.get("/peserta/akses-api").get_data(as_text=True))[1]
    api = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/cases", headers=api).status_code == 200
    assert ani.post("/peserta/keluar").status_code == 302
    assert with_cookie(app, copied).get("/peserta/").status_code == 302  # back to joining
    assert app.test_client().get("/api/v1/cases", headers=api).status_code == 401


def test_a_facilitator_session_ends_after_its_lifetime(template, tmp_path):
    app = app_on_copy(template[0], tmp_path, FACILITATOR_SESSION_HOURS=-1)  # already over
    client = app.test_client()
    assert login(client).status_code == 303
    assert client.get("/fasilitator/").status_code == 302


def test_a_password_reset_ends_every_session_and_the_new_password_works(app, fasil):
    result = CliRunner().invoke(
        sandbox_cli,
        ["--db", app.config["SANDBOX_DB"], "reset-password", FACILITATOR],
        input="baru-sekali-123\nbaru-sekali-123\n",
    )
    assert result.exit_code == 0, result.output
    assert fasil.get("/fasilitator/").status_code == 302
    assert login(app.test_client(), password="baru-sekali-123").status_code == 303
    result = CliRunner().invoke(
        sandbox_cli,
        ["--db", app.config["SANDBOX_DB"], "reset-password", "tidak-ada"],
        input="baru-sekali-123\nbaru-sekali-123\n",
    )
    assert result.exit_code == 1 and "tidak ada" in result.output


def test_the_session_cookie_is_secure_over_https_and_behind_a_trusted_proxy(template, tmp_path):
    def set_cookie(client, **kw) -> str:
        r = login(client, **kw)
        assert r.status_code == 303
        return next(h for h in r.headers.getlist("Set-Cookie") if h.startswith("session="))

    app = app_on_copy(template[0], tmp_path)
    assert "Secure" not in set_cookie(app.test_client())
    assert "Secure" in set_cookie(app.test_client(), base_url="https://localhost")
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.7"}
    assert "Secure" not in set_cookie(app.test_client(), headers=https)  # not trusted yet
    (tmp_path / "b").mkdir()
    proxied = app_on_copy(template[0], tmp_path / "b", PROXY_COUNT=1)
    assert "Secure" in set_cookie(proxied.test_client(), headers=https)
    assert "HttpOnly" in set_cookie(proxied.test_client(), headers=https)


def test_setup_through_an_untrusted_proxy_is_not_the_laptop(template, tmp_path):
    app = app_on_copy(template[0], tmp_path)
    forwarded = {"X-Forwarded-For": "192.168.1.23"}
    assert app.test_client().get("/fasilitator/daftar", headers=forwarded).status_code == 403
    (tmp_path / "b").mkdir()
    proxied = app_on_copy(template[0], tmp_path / "b", PROXY_COUNT=1)
    assert proxied.test_client().get("/fasilitator/daftar", headers=forwarded).status_code == 403
    local = {"X-Forwarded-For": "127.0.0.1"}
    assert proxied.test_client().get("/fasilitator/daftar", headers=local).status_code == 200


# -- 4. throttles and look-alike names ---------------------------------------------------------------
def test_wrong_passwords_are_throttled_and_then_even_the_right_one_waits(template, tmp_path):
    app = app_on_copy(template[0], tmp_path)
    client = app.test_client()
    for _ in range(sb.LOGIN_PER_ADDRESS.attempts):
        assert login(client, password="salah-salah").status_code == 401
    r = login(client)
    assert r.status_code == 429 and "Terlalu banyak percobaan" in text(r)
    assert int(r.headers["Retry-After"]) > 0
    r = login(client, headers={}, query_string={"lang": "en"})
    assert "Too many attempts. Try again in 15 minutes." in text(r)
    again = web.create_app({**app.config, "INSTANCE_PATH": app.instance_path})
    assert login(again.test_client()).status_code == 429  # a restart does not reset it


def test_one_account_is_throttled_from_many_addresses(template, tmp_path):
    app = app_on_copy(template[0], tmp_path)
    for i in range(sb.LOGIN_PER_ACCOUNT.attempts):
        r = login(from_address(app, f"10.0.1.{i}"), password="salah-salah")
        assert r.status_code == 401
    r = login(from_address(app, "10.0.2.1"))
    assert r.status_code == 429


def test_guessing_join_codes_is_throttled(app, code):
    client = app.test_client()
    for i in range(sb.BAD_CODES_PER_ADDRESS.attempts):
        assert "tidak dikenal" in text(client.get(f"/peserta/gabung?kode=ZZZZ{i:02d}"))
    r = client.get(f"/peserta/gabung?kode={code}")
    assert r.status_code == 429 and "Terlalu banyak percobaan" in text(r)
    r = join(client, code, "Ani")
    assert r.status_code == 429
    other = from_address(app, "10.0.0.9")
    assert other.get(f"/peserta/gabung?kode={code}").status_code == 200


def test_joins_from_one_address_are_limited(template, tmp_path, seed):
    app = app_on_copy(template[0], tmp_path, THROTTLE={"join_address": (3, 600)})
    for i in range(3):
        assert join(app.test_client(), seed["ws"]["code"], f"Peserta {i}").status_code == 302
    r = join(app.test_client(), seed["ws"]["code"], "Peserta 9")
    assert r.status_code == 429
    db = db_of(app)
    assert len(sb.participants_of(db, seed["ws"]["id"])) == 3
    db.close()


@pytest.mark.parametrize("name", ["Ani\u200b", "ANI", "\u0410ni", "ａｎｉ", "Aní", " Ani\u202e "])
def test_a_name_that_looks_like_one_in_the_workshop_is_refused(app, code, name):
    assert join(app.test_client(), code, "Ani").status_code == 302
    r = join(app.test_client(), code, name)
    assert r.status_code != 302
    assert "terlalu mirip dengan 'Ani'" in text(r) or "mencampur huruf Latin" in text(r)


def test_a_name_mixing_latin_and_cyrillic_is_refused_on_its_own(app, code):
    r = join(app.test_client(), code, "Budі")  # a Cyrillic і
    assert r.status_code != 302 and "mencampur huruf Latin" in text(r)


def test_invisible_characters_are_dropped_from_a_name(app, code, seed):
    assert join(app.test_client(), code, "Sa\u200bri\u0007").status_code == 302
    db = db_of(app)
    assert "Sari" in {p.display_name for p in sb.participants_of(db, seed["ws"]["id"])}
    db.close()


# -- 5. request size ---------------------------------------------------------------------------------
def test_an_anonymous_caller_may_not_send_a_large_body(app):
    r = app.test_client().post("/peserta/gabung", data={"code": "x" * (300 * 1024)})
    assert r.status_code == 413 and "Kiriman terlalu besar (maks. 64 KB)." in text(r)
    r = app.test_client().post(
        "/api/v1/cases/SIM-00001/verifikasi",
        data=b"{" + b" " * (300 * 1024) + b"}",
        content_type="application/json",
    )
    assert r.status_code == 413 and r.json["error"]["code"] == "too_large"


def test_a_signed_in_facilitator_may_send_an_upload_but_not_more(fasil):
    data = {"scenario": "kelas_bimtek", "seed": "1", "mode": "practice", "title": ""}
    big = {**data, "upload": (io.BytesIO(b"#" * (200 * 1024)), "besar.yaml")}
    r = fasil.post("/fasilitator/", data=big, content_type="multipart/form-data")
    assert r.status_code != 413  # a scenario file fits
    huge = b"#" * (
        2 * 1024 * 1024
    )  # raw bytes: the test client spools big forms to a file it leaks
    r = fasil.post(
        "/fasilitator/?lang=en", data=huge, content_type="multipart/form-data; boundary=x"
    )
    assert r.status_code == 413 and "at most 1024 KB" in text(r)


# -- 6. bare JSON bodies and deep uploads --------------------------------------------------------------
@pytest.mark.parametrize(
    "body", ["1", '"x"', "[]", "null", "true", "[1, 2]", '{"a": {"b": 1}}', "{"]
)
def test_a_json_body_that_is_not_an_object_of_values_is_a_400(app, code, body):
    db = db_of(app)
    p = sb.join(db, code, "Ani", "verifikator", now=sb.wall_now())
    db.close()
    auth = {"Authorization": f"Bearer {code}.{p.token}"}
    r = app.test_client().post(
        "/api/v1/cases/SIM-00001/verifikasi",
        data=body,
        headers=auth,
        content_type="application/json",
    )
    assert r.status_code == 400 and r.is_json, r.get_data(as_text=True)
    assert r.json["error"]["code"] == "bad_request"


def test_json_values_are_read_as_form_values(app, code):
    db = db_of(app)
    p = sb.join(db, code, "Ani", "verifikator", now=sb.wall_now())
    db.close()
    auth = {"Authorization": f"Bearer {code}.{p.token}"}
    case = app.test_client().get("/api/v1/cases/SIM-00001", headers=auth).json
    body = {
        "expected_version": case["version"],
        "title": "Judul",
        "report_type": "pengaduan",
        "category": "lhk",
        "anonim": False,
        "rahasia": True,
    }
    r = app.test_client().post(
        "/api/v1/cases/SIM-00001/verifikasi", data=json.dumps(body), headers=auth,
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 200, r.json
    db = db_of(app)
    view = next(
        c for c in sb.list_cases(db, p.workshop_id, participant_id=p.id) if c.id == "SIM-00001"
    )
    db.close()
    assert view.rahasia and not view.anonim


def test_a_deeply_nested_upload_is_a_clear_problem_not_a_crash(fasil):
    data = {
        "scenario": "kelas_bimtek",
        "seed": "1",
        "mode": "practice",
        "title": "",
        "upload": (io.BytesIO(b"extends: kelas_bimtek\nx: " + b"[" * 300 + b"]" * 300), "d.yaml"),
    }
    r = fasil.post("/fasilitator/", data=data, content_type="multipart/form-data")
    assert r.status_code == 422 and "nested too deeply" in text(r) and "d.yaml" in text(r)


# -- 7. headers -------------------------------------------------------------------------------------
def test_pages_forbid_sniffing_framing_and_cross_site_referrers(app, fasil, code):
    participant = app.test_client()
    join(participant, code, "Ani")
    for client, url in (
        (app.test_client(), "/"),
        (app.test_client(), "/peserta/gabung"),
        (participant, "/peserta/"),
        (fasil, "/fasilitator/"),
        (app.test_client(), "/tidak-ada"),
    ):
        r = client.get(url)
        assert r.headers["X-Content-Type-Options"] == "nosniff", url
        assert r.headers["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"], url
        assert r.headers["Referrer-Policy"] == "same-origin", url


# -- 8. waitress -------------------------------------------------------------------------------------
def test_serve_takes_a_room_sized_connection_limit_and_trusts_proxies_when_told(
    tmp_path, monkeypatch
):
    served, apps = {}, []
    config = {"INSTANCE_PATH": str(tmp_path / "i"), "SANDBOX_DB": str(tmp_path / "s.sqlite")}

    def make():
        apps.append(web.create_app(config))
        return apps[-1]

    monkeypatch.setattr("waitress.serve", lambda app, **kw: served.update(kw))
    monkeypatch.setattr("web.__main__.create_app", make)
    result = CliRunner().invoke(cli, ["serve", "--connections", "300", "--proxies", "1"])
    assert result.exit_code == 0, result.output
    assert served["connection_limit"] == 300 and "300" in result.output
    assert apps[-1].config["PROXY_COUNT"] == 1
    result = CliRunner().invoke(cli, ["serve"])
    assert served["connection_limit"] == 500 and apps[-1].config["PROXY_COUNT"] == 0
