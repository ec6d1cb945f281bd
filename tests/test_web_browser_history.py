"""The history pages in a real browser: a planner uploads a year's history, reads the fit and
the backtest, and goes on to the variant form on the fitted scenario.

Uses the serve-and-drive fixtures of tests/test_web_browser.py (waitress in a subprocess, Debian's
Chromium through Playwright). Screenshots go to ``$LAPOR_SCREENSHOTS`` when set — that is how
docs/screenshots/perencana-riwayat-*.png are made.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sandbox as sb
from scenarios import load_scenario
from simulator.cli_history import write_history
from simulator.experiment import run_replication
from tests.test_web_browser import PASSWORD, Camera, _context, browser, server, shots  # noqa: F401

pytestmark = pytest.mark.browser
TRUTH = Path(__file__).parent / "data" / "history_truth.yaml"


def test_a_planner_goes_from_a_history_file_to_the_variant_form(server, browser, shots, tmp_path):  # noqa: F811
    history = tmp_path / "riwayat.csv"
    sim = run_replication(load_scenario(TRUTH), 11, 0, record_events=True)
    rows = write_history(sim, history, "events")
    db = sb.open_db(server["db"])
    try:
        sb.create_facilitator(db, "perencana", PASSWORD, now=sb.wall_now())
    finally:
        db.conn.close()
    camera = Camera(shots)
    ctx = _context(browser, phone=False)
    page = ctx.new_page()
    page.goto(server["url"] + "/fasilitator/masuk")
    page.fill("input[name=name]", "perencana")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(server["url"] + "/perencana/")
    page.get_by_role("link", name="riwayat laporan kabupaten sendiri").click()
    page.select_option("#dasar", "kelas_bimtek")
    page.set_input_files("#riwayat", str(history))
    camera(page, "perencana-riwayat-unggah")
    page.get_by_role("button", name="Baca, fit dan uji balik").click()
    page.wait_for_url("**/perencana/riwayat/*", timeout=120_000)
    assert f"{rows} baris dibaca, {rows} dipakai, 0 ditolak." in page.inner_text("main")
    assert "Uji balik: riwayat dan model" in page.inner_text("main")
    camera(page, "perencana-riwayat-hasil")
    page.get_by_role("link", name="Bandingkan varian pada skenario hasil fit").click()
    assert "/perencana/baru?unggahan=" in page.url
    camera(page, "perencana-riwayat-isian")
    ctx.close()
