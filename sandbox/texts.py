"""What bots and scripted citizens write (Bahasa Indonesia; every text is synthetic)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from .rubric import MONTHS


def tanggal(d: date | datetime) -> str:
    """A date the Indonesian way: 12 Juni 2025."""
    return f"{d.day} {MONTHS[d.month - 1].capitalize()} {d.year}"


def bot_initial_response(opd_name: str) -> str:
    """The OPD bot's initial response after accepting a disposition."""
    return (
        f"Terima kasih atas laporan Bapak/Ibu. Laporan telah kami terima di {opd_name} dan sedang "
        "kami koordinasikan dengan bidang teknis terkait."
    )


def bot_followup(opd_name: str, case: dict[str, Any], points: Sequence[str], when: datetime) -> str:
    """A serviceable tindak lanjut from an OPD bot, built from the case's answer points."""
    steps = (
        "; ".join(p.rstrip(".") for p in points[:3])
        or "pemeriksaan lapangan dan penanganan sesuai kewenangan"
    )
    due = tanggal(when + timedelta(days=14))
    return (
        f"Yth. Bapak/Ibu pelapor, terima kasih atas laporan mengenai {case['report_title'] or 'hal ini'} di Desa "
        f"{case['desa']}, Kecamatan {case['kecamatan']}. {opd_name} telah menindaklanjuti dengan langkah: {steps}. "
        f"Penanganan ditargetkan selesai paling lambat {due}. Perkembangan dapat dipantau melalui kanal "
        "SP4N-LAPOR! atau loket pengaduan kantor kami pada jam kerja."
    )


def bot_message_answer(desk_name: str, case: dict[str, Any]) -> str:
    """A bot's answer to a reporter's message on a case (e.g. an angry follow-up after closing)."""
    return (
        f"Yth. Bapak/Ibu pelapor, terima kasih atas pesannya dan mohon maaf atas ketidaknyamanannya. "
        f"{desk_name} akan memeriksa kembali penanganan {case['report_title'] or 'laporan ini'} di Desa "
        f"{case['desa']}, Kecamatan {case['kecamatan']} dan menyampaikan hasilnya melalui kanal "
        "SP4N-LAPOR! dalam lima hari kerja."
    )


def citizen_completion(case: dict[str, Any]) -> str:
    """The reporter's answer to a tunda: each missing element, now given."""
    asked = case.get("missing") or "[]"
    parts = {
        "lokasi": f"lokasinya di Desa {case['desa']}, Kecamatan {case['kecamatan']}",
        "waktu": f"kejadiannya sejak {tanggal(date.fromisoformat(case['occurred']))}",
        "rincian": f"rinciannya: {case['report_title'] or 'seperti laporan saya'}, sampai sekarang belum ada perbaikan",
    }
    given = [text for key, text in parts.items() if key in asked] or [parts["rincian"]]
    return "Baik, saya lengkapi: " + "; ".join(given) + ". Terima kasih."


_DISSATISFIED = (
    "Maaf, sampai hari ini belum ada perubahan di lapangan. Mohon ditindaklanjuti dengan serius.",
    "Jawabannya belum menjawab masalah saya. Kapan petugas benar-benar datang ke lokasi?",
    "Terima kasih jawabannya, tapi kondisinya masih sama saja. Mohon dicek ulang.",
)
_ANGRY = (
    "Sudah berhari-hari tidak ada kejelasan! Kalau tidak segera ditangani saya akan lapor ke Ombudsman.",
    "Laporan saya dianggap angin lalu. Warga sudah geram, ini akan kami viralkan kalau tidak ada tindakan.",
)


def citizen_dissatisfied(rng: random.Random) -> str:
    """A dissatisfied reply to a follow-up."""
    return rng.choice(_DISSATISFIED)


def citizen_angry(rng: random.Random) -> str:
    """An angry follow-up injected by the facilitator."""
    return rng.choice(_ANGRY)
