"""Pages for everyone: the start page, the glossary and the error pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from . import security
from .auth import load_user

bp = Blueprint("public", __name__)

GLOSSARY = (
    (
        "SP4N-LAPOR!",
        _l(
            "Sistem Pengelolaan Pengaduan Pelayanan Publik Nasional – Layanan Aspirasi dan Pengaduan Online Rakyat"
        ),
    ),
    ("verifikator", _l("Admin instansi yang menelaah, memverifikasi dan mendisposisikan laporan")),
    ("penghubung", _l("Admin/pejabat penghubung OPD yang menerima disposisi dan menindaklanjuti")),
    ("disposisi", _l("Penerusan laporan terverifikasi kepada OPD yang berwenang")),
    ("tunda", _l("Menahan laporan dan meminta pelapor melengkapi (lokasi, waktu, rincian)")),
    ("bukan wewenang", _l("Meneruskan laporan ke instansi tingkat lain yang berwenang")),
    (
        "arsipkan",
        _l("Mengarsipkan laporan yang tidak jelas, spam atau bukan soal pelayanan publik"),
    ),
    ("tindak lanjut", _l("Jawaban OPD kepada pelapor tentang penanganan yang dilakukan")),
    (
        "anonim / rahasia",
        _l("Identitas pelapor disembunyikan dari publik / dari instansi terlapor"),
    ),
    ("HK (hari kerja)", _l("Batas waktu dihitung dalam hari dan jam kerja kalender skenario")),
)


@bp.route("/")
def home() -> str:
    """Show the start page: join as a participant or log in as the facilitator."""
    load_user()
    return render_template("public/home.html")


@bp.route("/glosarium")
def glossary() -> str:
    """Show the glossary of domain terms (they stay Indonesian; explanations are translated)."""
    load_user()
    return render_template("public/glossary.html", terms=GLOSSARY)


def _error(status: int, title: str, text: str) -> tuple[str, int]:
    load_user()
    return render_template("public/error.html", title=title, text=text), status


@bp.app_errorhandler(CSRFError)
def csrf_failed(_exc: Any) -> tuple[str, int]:
    """Refuse a form sent without a valid CSRF token."""
    return _error(
        400,
        _("Formulir kedaluwarsa"),
        _(
            "Formulir tidak dapat diproses (token keamanan tidak valid). Muat ulang halaman lalu coba lagi."
        ),
    )


@bp.app_errorhandler(403)
def forbidden(_exc: Any) -> tuple[str, int]:
    """Refuse a page that the user's role may not see."""
    return _error(403, _("Tidak diizinkan"), _("Peran Anda tidak boleh membuka halaman ini."))


@bp.app_errorhandler(413)
def too_large(_exc: Any) -> Any:
    """Refuse a request larger than the caller may send (JSON for the API)."""
    signed_in = security.signed_in()
    limit = current_app.config[
        "MAX_CONTENT_LENGTH" if signed_in else "ANONYMOUS_MAX_CONTENT_LENGTH"
    ]
    text = _("Kiriman terlalu besar (maks. %(kb)s KB).", kb=(limit or 0) // 1024)
    if request.path.startswith("/api/"):
        return jsonify(error={"code": "too_large", "message": text}), 413
    return _error(413, _("Kiriman terlalu besar"), text)


@bp.app_errorhandler(404)
def not_found(_exc: Any) -> tuple[str, int]:
    """Say that a page or case does not exist (or is not visible to the user)."""
    return _error(
        404,
        _("Tidak ditemukan"),
        _("Halaman atau kasus ini tidak ada atau tidak terlihat oleh Anda."),
    )
