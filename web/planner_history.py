"""Planner pages for a kabupaten's own history: upload it, see the fit and the backtest, then
compare variants on the fitted scenario as on a built-in one.

The history is read against a built-in base scenario (:mod:`simulator.history`); every rejected
row is listed with its number and reason. The fit (:mod:`simulator.fit`, coordination calibrated
by a few short runs) and a backtest with five replications run in the request: a year of a
kabupaten's reports takes a few seconds. Larger histories are refused with a pointer to the
command line, which has no such limit. The fitted scenario is saved as an uploaded scenario of
this session (it ``extends:`` the built-in base, as uploads must), so the variant form takes it
like any upload.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from scenarios import load_scenario
from simulator.backtest import backtest
from simulator.backtest_chart import backtest_svg
from simulator.fit import fit_history
from simulator.fit_calibrate import calibrate
from simulator.fit_report import fitted_yaml
from simulator.history import MAX_UPLOAD_BYTES, TABLE_COLUMNS, HistoryError, read_history

from . import planner, uploads
from .auth import FACILITATOR, role_required
from .display import short_date

bp = Blueprint("planner_history", __name__, url_prefix="/perencana/riwayat")
MAX_REPORTS = 5000  # the page fits and backtests in the request: about a few seconds a year
SUFFIXES = (".csv", ".xlsx")
REPLICATIONS = 5
KPI_LABELS: dict[str, Any] = {  # the backtest's KPIs (simulator.backtest.KPI_UNITS)
    "arrivals": _l("Laporan masuk"),
    "verification_sla_met": _l("Verifikasi tepat waktu"),
    "followup_sla_met": _l("Tindak lanjut tepat waktu"),
    "ttfr_p50": _l("Tanggapan pertama, median (jam kerja)"),
    "ttfr_p90": _l("Tanggapan pertama, persentil 90 (jam kerja)"),
    "resolution_p50": _l("Penyelesaian, median (hari kerja)"),
    "resolution_p90": _l("Penyelesaian, persentil 90 (hari kerja)"),
    "backlog_mean": _l("Tunggakan rata-rata akhir minggu"),
    "backlog_end": _l("Tunggakan di akhir periode"),
}


def _result_path(token: str) -> Path:
    return uploads.folder() / f"{token}.riwayat.json"


def _own_result(token: str) -> dict[str, Any]:
    """A fit this session made (another session's token is a 404, as for uploads)."""
    if not planner.TOKEN.match(token) or token not in planner._uploads():
        abort(404)
    path = _result_path(token)
    if not path.exists():
        abort(404)
    return json.loads(path.read_text(encoding="utf-8"))


def _form(status: int = 200, **context: Any) -> Any:
    return (
        render_template(
            "planner/history.html",
            builtins=planner._builtins(),
            defaults=TABLE_COLUMNS,
            mapping=request.form.get("kolom", ""),
            **context,
        ),
        status,
    )


def _columns(text: str) -> dict[str, str] | None:
    """The column mapping typed in the form (``field=Header`` per line), or None if a line is
    not of that form or names no known field."""
    out = {}
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        name, sep, header = line.partition("=")
        if not sep or name.strip() not in TABLE_COLUMNS or not header.strip():
            return None
        out[name.strip()] = header.strip()
    return out


@bp.route("/", methods=["GET", "POST"])
@role_required(FACILITATOR)
def upload() -> Any:
    """Upload a history, fit a scenario from it and backtest the fit."""
    if request.method == "GET":
        return _form()
    base = request.form.get("dasar", "")
    storage = request.files.get("riwayat")
    if base not in planner._builtins():
        flash(_("Pilih salah satu pilihan yang tersedia."), "error")
        return _form(422)
    if storage is None or not storage.filename:
        flash(_("Pilih berkas riwayat (CSV atau .xlsx)."), "error")
        return _form(422, base=base)
    name = Path(storage.filename.replace("\\", "/")).name
    if not name.lower().endswith(SUFFIXES):
        flash(_("Berkas riwayat harus CSV atau .xlsx."), "error")
        return _form(422, base=base)
    data = storage.stream.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        flash(
            _("Berkas riwayat terlalu besar (maks. %(mb)s MB).", mb=MAX_UPLOAD_BYTES // 2**20),
            "error",
        )
        return _form(422, base=base)
    columns = _columns(request.form.get("kolom", ""))
    if columns is None:
        flash(
            _("Pemetaan kolom: tiap baris berbentuk isian=Judul Kolom, dengan isian dari daftar."),
            "error",
        )
        return _form(422, base=base)
    scenario = load_scenario(base)
    try:
        history = read_history(name, scenario, data=data, columns=columns)
    except HistoryError as exc:
        return _form(422, base=base, refused=str(exc), name=name)
    if len(history.cases) > MAX_REPORTS:
        flash(
            _(
                "Riwayat ini memuat %(n)s laporan; halaman ini menerima sampai %(max)s. Pakai perintah python -m simulator fit di terminal.",
                n=len(history.cases),
                max=MAX_REPORTS,
            ),
            "error",
        )
        return _form(422, base=base)
    fit = fit_history(history, scenario, base)
    log = calibrate(fit, rounds=2, replications=2)
    token = secrets.token_hex(12)
    path = uploads.folder() / f"{token}.yaml"
    path.write_text(fitted_yaml(fit, path, name=f"{base}_fit"), encoding="utf-8")
    fitted = load_scenario(path)
    result = {
        "name": name,
        "base": base,
        "fit": fit.as_dict(),
        "calibration": log,
        "backtest": backtest(fitted, history, replications=REPLICATIONS, seed=1),
    }
    _result_path(token).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    planner._remember_upload(token, f"{name} (fit {base})")
    return redirect(url_for(".result", token=token), 303)


@bp.route("/<token>")
@role_required(FACILITATOR)
def result(token: str) -> Any:
    """The fit report and the backtest of an uploaded history."""
    r = _own_result(token)
    labels = {
        row["kpi"]: KPI_LABELS.get(row["kpi"])
        or _("Beban %(opd)s (disposisi)", opd=row["kpi"].removeprefix("load "))
        for row in r["backtest"]["kpis"]
    }
    return render_template("planner/history_result.html", token=token, r=r, labels=labels)


@bp.route("/<token>/grafik.svg")
@role_required(FACILITATOR)
def chart(token: str) -> Any:
    """Weekly arrivals and backlog, history against the model, as SVG (no script, no CDN)."""
    words = {
        "title": _("Per minggu: riwayat dan model (rata-rata, selang prediksi 95%)"),
        "arr_h": _("laporan masuk — riwayat"),
        "arr_m": _("laporan masuk — model"),
        "blg_h": _("tunggakan — riwayat"),
        "blg_m": _("tunggakan — model"),
        "band": _("batas selang model"),
    }
    svg = backtest_svg(_own_result(token)["backtest"], words, day=short_date)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.route("/<token>/skenario.yaml")
@role_required(FACILITATOR)
def scenario_file(token: str) -> Any:
    """The fitted scenario file (it extends the built-in base)."""
    r = _own_result(token)
    body = (uploads.folder() / f"{token}.yaml").read_text(encoding="utf-8")
    response = Response(body, mimetype="text/yaml")
    response.headers["Content-Disposition"] = f'attachment; filename="{r["base"]}_fit.yaml"'
    return response
