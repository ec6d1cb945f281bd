"""The app factory, configuration, languages, layout and the demo/serve entry point."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import sandbox as sb
import web
from web import demo
from web.__main__ import cli
from web.testing import app_on_copy, seeded_db, text

WEB = Path(web.__file__).parent


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "sandbox.sqlite"
    seeded_db(path)
    return path


@pytest.fixture
def client(template, tmp_path):
    return app_on_copy(template, tmp_path).test_client()


def test_the_secret_key_is_generated_into_the_instance_folder_once(tmp_path):
    first = web.create_app(
        {"INSTANCE_PATH": str(tmp_path), "SANDBOX_DB": str(tmp_path / "x.sqlite")}
    )
    again = web.create_app(
        {"INSTANCE_PATH": str(tmp_path), "SANDBOX_DB": str(tmp_path / "x.sqlite")}
    )
    key = (tmp_path / "secret_key").read_text().strip()
    assert first.config["SECRET_KEY"] == again.config["SECRET_KEY"] == key
    assert len(key) == 64 and (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_config_reads_defaults_then_instance_file_then_test_mapping(tmp_path, monkeypatch):
    monkeypatch.setenv("SANDBOX_DB", str(tmp_path / "from_env.sqlite"))
    (tmp_path / "config.py").write_text("POLL_SECONDS = 7\nBABEL_DEFAULT_LOCALE = 'en'\n")
    app = web.create_app({"INSTANCE_PATH": str(tmp_path), "POLL_SECONDS": 9})
    assert app.config["SANDBOX_DB"] == str(tmp_path / "from_env.sqlite")
    assert app.config["BABEL_DEFAULT_LOCALE"] == "en"  # instance file
    assert app.config["POLL_SECONDS"] == 9  # test mapping wins
    assert set(app.blueprints) == {
        "public",
        "participant",
        "facilitator",
        "api",
        "planner",
        "planner_history",
        "planner_study",
    }


def test_the_catalogue_is_compiled_into_the_instance_folder_not_the_source_tree(tmp_path):
    web.create_app({"INSTANCE_PATH": str(tmp_path), "SANDBOX_DB": str(tmp_path / "x.sqlite")})
    assert (tmp_path / "translations/en/LC_MESSAGES/messages.mo").exists()
    assert not list((WEB / "translations").rglob("*.mo"))


def test_every_page_is_marked_latihan_and_has_a_skip_link(client):
    for url in ("/", "/glosarium", "/peserta/gabung", "/fasilitator/masuk"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "LATIHAN / SIMULASI" in text(r)
        assert 'href="#isi"' in r.get_data(as_text=True) and 'id="isi"' in r.get_data(as_text=True)


def test_indonesian_by_default_and_english_at_a_click_remembered_in_a_cookie(client):
    assert "Glosarium" in text(client.get("/glosarium"))
    r = client.get("/glosarium?lang=en")
    assert "Glossary" in text(r) and 'lang="en"' in r.get_data(as_text=True)
    assert "lang=en" in r.headers["Set-Cookie"]
    assert "Glossary" in text(client.get("/glosarium"))  # the cookie carries the choice
    assert "Glosarium" in text(client.get("/glosarium?lang=id"))


def test_the_glossary_keeps_domain_terms_indonesian(client):
    page = text(client.get("/glosarium?lang=en"))
    assert "disposisi" in page and "tindak lanjut" in page
    assert "Sending a verified report to the OPD with authority" in page


def test_the_language_switch_keeps_the_other_query_arguments(client):
    html = client.get("/peserta/gabung?kode=ABC").get_data(as_text=True)
    assert re.search(r'href="/peserta/gabung\?kode=ABC&amp;lang=en"', html)


def test_no_external_urls_in_templates_or_static_files():
    for file in [*WEB.joinpath("templates").rglob("*.html"), *WEB.joinpath("static").rglob("*")]:
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", file.read_text()), file


def test_static_assets_are_served_locally(client):
    for name in ("style.css", "poll.js"):
        with client.get(f"/static/{name}") as r:
            assert r.status_code == 200


def test_unknown_pages_answer_404_in_the_users_language(client):
    r = client.get("/tidak-ada?lang=en")
    assert r.status_code == 404 and "Not found" in text(r)


def test_the_demo_is_made_once_and_its_password_lives_in_the_instance_folder(tmp_path):
    db = sb.open_db(tmp_path / "demo.sqlite")
    first = demo.ensure_demo(db, tmp_path / "instance", now=sb.wall_now())
    again = demo.ensure_demo(db, tmp_path / "instance", now=sb.wall_now())
    assert first == again
    name, password, code = first
    assert sb.authenticate(db, name, password)
    assert sb.workshop_by_code(db, code).scenario_ref == "kelas_bimtek"
    assert password in (tmp_path / "instance" / "demo.json").read_text()
    db.close()


def test_serve_prints_the_address_credentials_and_join_code(tmp_path, monkeypatch):
    served = {}
    config = {
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SANDBOX_DB": str(tmp_path / "serve.sqlite"),
    }
    monkeypatch.setattr("waitress.serve", lambda app, **kw: served.update(kw))
    monkeypatch.setattr("web.__main__.create_app", lambda: web.create_app(config))
    result = CliRunner().invoke(cli, ["serve", "--port", "5055", "--demo"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5055/" in result.output
    assert re.search(r"Kode latihan: [A-Z0-9]{6}", result.output) and "kata sandi:" in result.output
    assert served == {
        "host": "127.0.0.1",
        "port": 5055,
        "threads": 8,
        "connection_limit": 500,  # a room of 120 phones, not waitress' 100
        "max_request_body_size": 1024 * 1024,
    }
