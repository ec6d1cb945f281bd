"""Reply templates greet by the workshop's simulated clock, not by a fixed "Selamat pagi"."""

from __future__ import annotations

from datetime import datetime

from sandbox.reply_templates import TEMPLATES, fill, filled_all, salam

VALUES = {
    "nomor_kasus": "SIM-00001",
    "judul": "Jembatan rusak",
    "lokasi": "Lestari, Sukamaju",
    "opd": "Dinas PUPR",
    "nama_pelapor": "Ani",
}


def test_the_greeting_follows_the_hour():
    said = {h: salam(datetime(2025, 6, 10, h, 54)) for h in (7, 10, 11, 14, 15, 17, 18, 22)}
    assert said == {
        7: "Selamat pagi",
        10: "Selamat pagi",
        11: "Selamat siang",
        14: "Selamat siang",
        15: "Selamat sore",
        17: "Selamat sore",
        18: "Selamat malam",
        22: "Selamat malam",
    }


def test_a_template_filled_at_11_54_says_selamat_siang():
    assert fill("umum", VALUES, datetime(2025, 6, 10, 11, 54)).startswith("Selamat siang,")
    assert "Selamat pagi" not in fill("jadwal", VALUES, datetime(2025, 6, 10, 16, 0))


def test_the_rubric_knows_each_template_at_every_hour():
    pasted = {fill(k, VALUES, datetime(2025, 6, 10, h)) for k in TEMPLATES for h in range(24)}
    assert pasted <= set(filled_all(VALUES))
