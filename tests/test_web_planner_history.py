"""The planner's history pages: upload a history, see its rows' fate, the fit and the backtest,
then compare variants on the fitted scenario."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from scenarios import load_scenario
from simulator.experiment import run_replication
from simulator.history_sim import history_rows
from simulator.history_write import write_events
from web.testing import OTHER_FACILITATOR, login, text

PAGE = "/perencana/riwayat/"
FAULTS = Path(__file__).parent / "data" / "history_faults.csv"


def upload(
    client, data: bytes, name: str = "riwayat.csv", base: str = "kelas_bimtek", columns: str = ""
):
    return client.post(
        PAGE,
        data={"dasar": base, "riwayat": (io.BytesIO(data), name), "kolom": columns},
        content_type="multipart/form-data",
    )


@pytest.fixture(scope="module")
def sixty_days() -> bytes:
    """Sixty simulated days of kelas_bimtek as an event log."""
    s = load_scenario("kelas_bimtek", {"simulation.days": 60})
    buf = io.StringIO()
    write_events(history_rows(run_replication(s, 5, 0, record_events=True)), buf)
    return buf.getvalue().encode("utf-8")


def test_the_history_page_is_for_facilitators_only(app):
    assert app.test_client().get(PAGE).status_code == 302


def test_a_faulty_history_shows_each_rejected_row_with_its_reason(fasil):
    r = upload(fasil, FAULTS.read_bytes())
    assert r.status_code == 303
    page = fasil.get(r.headers["Location"])
    assert page.status_code == 200
    shown = text(page)
    assert "13 baris dibaca, 8 dipakai, 5 ditolak." in shown
    assert "unknown unit 'Dinas Pariwisata'" in shown and "duplicate of row 4" in shown
    assert "Excel date serial 45692.375" in shown


def test_a_fitted_history_leads_to_its_backtest_chart_and_the_variant_form(app, fasil, sixty_days):
    r = upload(fasil, sixty_days)
    assert r.status_code == 303
    token = r.headers["Location"].rstrip("/").rsplit("/", 1)[1]
    page = fasil.get(r.headers["Location"])
    shown = text(page)
    assert "Uji balik: riwayat dan model" in shown and "ukuran di dalam selang model" in shown
    assert "load.reports_per_year" in shown
    chart = fasil.get(f"{PAGE}{token}/grafik.svg")
    assert chart.status_code == 200 and b"<script" not in chart.data
    yaml = fasil.get(f"{PAGE}{token}/skenario.yaml")
    assert yaml.data.decode().count("# fit:") >= 5
    form = fasil.get(f"/perencana/baru?unggahan={token}")
    assert form.status_code == 200  # the variant form takes the fitted scenario like an upload
    other = app.test_client()
    login(other, OTHER_FACILITATOR)
    assert other.get(f"{PAGE}{token}").status_code == 404


def test_wrong_files_are_refused_in_the_users_language(fasil):
    r = upload(fasil, b"nama,alamat\nBudi,Jalan\n")
    assert r.status_code == 422
    assert "tidak dapat dibaca sebagai riwayat" in text(r)
    assert "missing column" in text(r)
    r = upload(fasil, b"%PDF", name="riwayat.pdf")
    assert r.status_code == 422 and "harus CSV atau .xlsx" in text(r)
    r = fasil.post(PAGE, data={"dasar": "kelas_bimtek"}, content_type="multipart/form-data")
    assert r.status_code == 422 and "Pilih berkas riwayat" in text(r)
    assert re.search(r"Pilih salah satu", text(upload(fasil, b"x", base="tidak_ada")))


def test_a_per_report_table_with_other_headers_is_read_through_the_column_mapping(fasil):
    """Can a planner whose export says 'Tgl Masuk' map it instead of editing the file?"""
    table = (
        b"No,Tgl Masuk,Kanal,Kategori,Jenis Laporan,Instansi Tujuan,Tanggal Disposisi,"
        b"Tanggal Tanggapan,Tanggal Tindak Lanjut,Tanggal Selesai,Status\n"
        b"A1,03/02/2025 08:00,web,pupr,pengaduan,PUPR,03/02/2025 10:00,03/02/2025 13:00,"
        b"05/02/2025 09:00,19/02/2025 16:00,Selesai\n"
        b"A2,04/02/2025 09:00,sms,lhk,pengaduan,Dinas Lingkungan Hidup,,,,,Ditunda (menunggu pelapor)\n"
    )
    r = upload(fasil, table, columns="id=No\nreceived=Tgl Masuk")
    assert r.status_code == 303
    shown = text(fasil.get(r.headers["Location"]))
    assert "2 baris dibaca, 2 dipakai, 0 ditolak." in shown
    r = upload(fasil, table, columns="tanggal=Tgl Masuk")
    assert r.status_code == 422 and "Pemetaan kolom" in text(r)
