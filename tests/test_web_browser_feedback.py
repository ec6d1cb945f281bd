"""After the session, in a real browser: a participant's inbox, score and feedback sheet on a phone
(375 × 812: the header stays within 120 px), the facilitator's feedback sheet, a certificate and
the exports page — on the seeded workshop of tests/test_web_page_scan.py. With
``$LAPOR_SCREENSHOTS`` set, the screenshots go there (docs/screenshots/20-25)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

import sandbox as sb
from tests.test_web_browser import CHROMIUM, CHROMIUM_FLAGS, _need_browser
from tests.test_web_page_scan import template  # noqa: F401 - the seeded workshop, a fixture
from web import create_app

pytestmark = pytest.mark.browser
PHONE_HEADER_MAX_PX = 120  # banner + navigation at 375 × 812 (issue 13: it was ~270)


@pytest.fixture(scope="module")
def site(template, tmp_path_factory):  # noqa: F811 - the fixture imported above
    """The workshop served by waitress on a loopback port, the facilitator with a full name."""
    import waitress

    _need_browser()
    where = tmp_path_factory.mktemp("site")
    path = where / "sandbox.sqlite"
    shutil.copyfile(template[0], path)
    db = sb.open_db(path)
    sb.set_display_name(db, template[1]["ws"]["facilitator_id"], "Dra. Siti Aminah, M.Si.")
    db.close()
    app = create_app(
        {"INSTANCE_PATH": str(where / "instance"), "SANDBOX_DB": str(path), "POLL_SECONDS": 1}
    )
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield {"url": f"http://127.0.0.1:{server.effective_port}", "app": app, "db": path}
    finally:
        server.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    target = os.environ.get("LAPOR_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def participant_cookie(app, p) -> str:
    """A session cookie of participant ``p`` (as joining would have given them)."""
    client = app.test_client()
    with client.session_transaction() as s:
        s.update(role="participant", participant_id=p.id, workshop_id=p.workshop_id, token=p.token)
    return client.get_cookie("session").value


def test_after_the_session_in_real_browsers(site, template, shots):  # noqa: F811
    sync_playwright = _need_browser()
    base, seed, ani = site["url"], template[1], template[2]["ani"]
    w = seed["ws"]["id"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            phone = browser.new_context(viewport={"width": 375, "height": 812})
            phone.add_cookies(
                [{"name": "session", "value": participant_cookie(site["app"], ani), "url": base}]
            )
            page = phone.new_page()
            for lang in ("en", "id"):
                page.goto(f"{base}/peserta/?lang={lang}")
                header = page.evaluate(
                    "document.querySelector('header.top').getBoundingClientRect().bottom"
                )
                assert header <= PHONE_HEADER_MAX_PX, (lang, header)
                assert page.evaluate("document.documentElement.scrollWidth") <= 375
            new = int(page.title()[1 : page.title().index(")")])
            assert new > 0 and "Kotak masuk" in page.title()
            db = sb.open_db(site["db"])  # the case opened on another device: the poll tells
            first = (
                page.locator("li.case-item.is-new a").first.get_attribute("href").rsplit("/", 1)[1]
            )
            sb.mark_opened(db, ani.workshop_id, ani.id, first, now=sb.wall_now())
            db.close()
            page.wait_for_function(f"document.title.startsWith('({new - 1}) Kotak masuk')")
            assert page.locator("li.case-item.is-new").count() == new - 1
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(f"{base}/peserta/?tenggat=hari_ini")
            page.screenshot(path=str(shots / "20-peserta-kotak-masuk-saringan.png"))
            page.goto(f"{base}/peserta/skor")
            page.screenshot(path=str(shots / "21-peserta-skor.png"))
            page.goto(f"{base}/peserta/umpan-balik")
            assert page.locator("article.sheet section.skill").count() == 5
            page.screenshot(path=str(shots / "22-peserta-lembar-umpan-balik.png"), full_page=True)

            desk = browser.new_context(viewport={"width": 1280, "height": 900})
            console = desk.new_page()
            console.goto(f"{base}/fasilitator/masuk")
            console.fill("#name", "fasilitator")
            console.fill("#password", seed["password"])
            console.locator("main form button[type=submit]").click()
            console.goto(f"{base}/fasilitator/latihan/{w}/umpan-balik-peserta?peserta={ani.id}")
            assert "Yang perlu dilatih" in console.locator("article.sheet").inner_text()
            console.screenshot(
                path=str(shots / "23-fasilitator-lembar-umpan-balik.png"), full_page=True
            )
            console.goto(f"{base}/fasilitator/latihan/{w}/sertifikat?peserta={ani.id}")
            certificate = console.locator("article.certificate").inner_text()
            assert "Dra. Siti Aminah, M.Si." in certificate and "%" in certificate
            console.screenshot(path=str(shots / "24-fasilitator-sertifikat.png"))
            console.goto(f"{base}/fasilitator/latihan/{w}/ekspor")
            assert console.locator("a[href$='.xlsx']").count() == 3
            console.screenshot(path=str(shots / "25-fasilitator-ekspor.png"))
        finally:
            browser.close()
