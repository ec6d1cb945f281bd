"""Planner pages: compare SOPs, staffing and routing policies in the browser.

A planner (or a facilitator showing a room "what if") picks a built-in or uploaded scenario, fills
the variant form (:mod:`web.planner_form`), and starts a job. The job runs in the background
(:class:`sandbox.planner.PlannerWorker`, worker processes, never the request thread): the page
returns at once, shows progress while it runs and survives a reload or a server restart. Results
are stored; each has its charts (server-side SVG), CSV/JSON exports, one scenario file per
variant that ``python -m simulator run`` turns into the same numbers, and a printable one-page
summary. Jobs belong to the account that started them, like workshops.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

import sandbox as sb
from sandbox import planner as pl
from scenarios import ScenarioError, builtin_names, load_scenario, sla
from simulator import budget
from simulator.staffing import most_runs
from simulator.study import SUMMARY_KPIS

from . import display, planner_text, uploads
from . import facilitator as facilitator_pages
from . import planner_form as pf
from .auth import FACILITATOR, role_required
from .db import get_db

bp = Blueprint("planner", __name__, url_prefix="/perencana")
_START = threading.Lock()
MAX_UPLOADS = 20  # uploads this session remembers (the cookie holds ~4 KB; the newest are kept)

TOKEN = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
CHARTS = ("backlog", "sla_opd", "utilization", "ttfr")
STAFFING_CHARTS = ("utilization",)
KPI_ROWS = sla.KPI_NAMES  # the KPI table (scenarios.sla), in its order
# a table of bare numbers needs the unit in its row label (sentences carry it after the value)
UNIT_SUFFIXES: dict[str, Any] = {"hours": _l("jam kerja"), "days": _l("hari kerja")}


def kpi_label(name: str) -> str:
    """A KPI's row label in the page's language: the sandbox's label
    (:data:`sandbox.planner.text.KPI_LABELS`), capitalised, with its unit for hours and days."""
    text = planner_text.kpi_word(name)
    text = text[:1].upper() + text[1:]
    suffix = UNIT_SUFFIXES.get(pl.KPI_LABELS.get(name, ("", "", ""))[2])
    return f"{text} ({suffix})" if suffix else text


KPI_LABELS: dict[str, Any] = {name: LazyString(kpi_label, name) for name in KPI_ROWS}
TARGETS: dict[str, Any] = {name: KPI_LABELS[name] for name in sla.SLA_KPIS}
STAFFING_TITLES: dict[str, Any] = {
    "utilization": _l("Petugas: tebakan Erlang-C dan hasil simulasi per meja"),
}
STATUS: dict[str, Any] = {
    "queued": _l("menunggu giliran"),
    "running": _l("sedang berjalan"),
    "done": _l("sudah selesai"),
    "failed": _l("gagal"),
    "cancelled": _l("dibatalkan"),
}
KINDS: dict[str, Any] = {
    "compare": _l("Bandingkan varian"),
    "staffing": _l("Cari jumlah petugas"),
    "study": _l("Studi banyak kabupaten"),
}


# ------------------------------------------------------------------------------ helpers
def _own(job_id: int) -> pl.Job:
    """The facilitator's own job (another account's is a 404, as for workshops)."""
    try:
        job = pl.get_job(get_db(), job_id)
    except sb.NotFound:
        abort(404)
    if job.facilitator_id != g.facilitator_id:
        abort(404)
    return job


def _scenario_choice() -> tuple[str, str]:
    """(ref, label) of the scenario named in the query: a built-in or this session's upload."""
    name = request.values.get("skenario", "")
    if name:
        if name not in _builtins():
            abort(404)
        return name, name
    token = request.values.get("unggahan", "")
    known = _uploads()
    if not TOKEN.match(token) or token not in known:
        abort(404)
    path = uploads.folder() / f"{token}.yaml"
    if not path.exists():
        abort(404)
    return str(path), known[token]


def _uploads() -> dict[str, str]:
    """The uploaded scenario files this session may use, token -> file name, oldest first (a
    list of pairs in the cookie: the session serialiser sorts a dict's keys)."""
    stored = session.get("planner_uploads", [])
    pairs = stored.items() if isinstance(stored, dict) else stored  # a dict: an older session
    return {str(token): str(label) for token, label in pairs}


def _remember_upload(token: str, label: str) -> None:
    """Let this session use an uploaded scenario file: the newest :data:`MAX_UPLOADS` are kept,
    so the session cookie stays small however many files a planner uploads."""
    known = _uploads()
    if known.get(token) == label:
        return  # known already: leave the cookie alone
    known.pop(token, None)
    known[token] = label
    session["planner_uploads"] = [[t, name] for t, name in known.items()][-MAX_UPLOADS:]


def _builtins() -> list[str]:
    return [n for n in builtin_names() if n != "template"]


def _is_share(name: str) -> bool:
    """Figures that are shares of cases (shown in %, their differences in points)."""
    return name.endswith(("_sla_met", "_rate", "_share")) or name == "utilization"


def percent(x: float | None) -> str:
    """A share as a percentage the way the page speaks (decimal comma in Indonesian)."""
    return display.percent(x, 1)


def figure(name: str, x: float | None) -> str:
    """One KPI value with its unit."""
    if x is None or x != x:
        return "–"
    if name in ("arrivals", "backlog_end"):
        return display.decimal(x, 0)
    if _is_share(name):
        return percent(x)
    return display.decimal(x, 2 if abs(x) < 10 else 1)


def interval(name: str, iv: dict[str, float] | None) -> str:
    """``mean [low – high]`` of a KPI."""
    if not iv:
        return "–"
    low, high = iv.get("ci95_low"), iv.get("ci95_high")
    if low is None or high is None or low != low:
        return figure(name, iv.get("mean"))
    return f"{figure(name, iv.get('mean'))} [{figure(name, low)} – {figure(name, high)}]"


def difference(name: str, iv: dict[str, float] | None) -> str:
    """A paired difference with its interval, in points for shares."""
    if not iv or iv.get("mean") is None:
        return "–"
    scale, unit = (100, _(" poin")) if _is_share(name) else (1, "")

    def num(x: float) -> str:
        return display.signed(scale * x, 1)

    low, high = iv.get("ci95_low"), iv.get("ci95_high")
    text = num(iv["mean"]) + unit
    if low is not None and high is not None and low == low:
        text += f" [{num(low)}; {num(high)}]"
    return text


# ------------------------------------------------------------------------------ pages
@bp.route("/", methods=["GET", "POST"])
@role_required(FACILITATOR)
def index() -> Any:
    """Stored jobs, newest first, and the first step of a new one: which scenario."""
    problems, upload_name = [], None
    if request.method == "POST":
        upload = request.files.get("upload")
        if upload is not None and upload.filename:
            checked = uploads.check_upload(upload)
            upload_name = checked.name
            if checked.error:
                flash(checked.error, "error")
            elif checked.path is None:
                problems = checked.problems
            else:
                _remember_upload(checked.path.stem, checked.name)
                return redirect(url_for(".new", unggahan=checked.path.stem), 303)
        else:
            name = request.form.get("skenario", "")
            if name in _builtins():
                return redirect(url_for(".new", skenario=name), 303)
            flash(_("Pilih salah satu pilihan yang tersedia."), "error")
    jobs = pl.list_jobs(get_db(), g.facilitator_id)
    status = 422 if problems or request.method == "POST" else 200
    return (
        render_template(
            "planner/index.html",
            jobs=jobs,
            builtins=_builtins(),
            problems=problems,
            upload_name=upload_name,
            status_names=STATUS,
            kinds=KINDS,
        ),
        status,
    )


def _settings(form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Kind, replications, seed, days and the staffing target, with errors by field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    kind = form.get("kind", "compare")
    if kind not in KINDS:
        errors["kind"] = _("Pilih salah satu pilihan yang tersedia.")
    values["kind"] = kind
    for name, low, high in (("replications", 2, 200), ("seed", 0, 2**31 - 1), ("days", 7, 3660)):
        text = (form.get(name) or "").strip()
        if name == "days" and not text:
            values[name] = None
            continue
        try:
            values[name] = int(text)
        except ValueError:
            values[name] = None
        if values[name] is None or not low <= values[name] <= high:
            errors[name] = _(
                "Masukkan bilangan bulat dari %(low)s sampai %(high)s.", low=low, high=high
            )
    target_kpi = form.get("target_kpi", "followup_sla_met")
    values["target_kpi"] = target_kpi
    values["target"] = None
    if kind == "staffing":
        if target_kpi not in TARGETS:
            errors["target_kpi"] = _("Pilih salah satu pilihan yang tersedia.")
        try:
            target = float((form.get("target") or "").replace(",", "."))
        except ValueError:
            target = -1.0
        if not 1 <= target <= 99.9:
            errors["target"] = _("Masukkan angka dari %(low)s sampai %(high)s.", low=1, high=99.9)
        else:
            values["target"] = target / 100
    return values, errors


@bp.route("/baru", methods=["GET", "POST"])
@role_required(FACILITATOR)
def new() -> Any:
    """The variant form: one column per variant, rows from the scenario's field declarations."""
    ref, label = _scenario_choice()
    try:
        scenario = load_scenario(ref)
    except ScenarioError:
        abort(404)
    rows = pf.rows_for(scenario)
    days_default = scenario.simulation.days
    if request.method == "GET":
        values = pf.blank_form(scenario, rows)
        values.update(kind="compare", replications="10", seed="1", days="", target="90")
        source = request.args.get("dari", type=int)
        if source:
            values.update(_values_from(_own(source), rows))
        return render_template(
            "planner/new.html",
            **_form_context(scenario, label, rows, values, [], {}, days_default),
        )
    form = request.form
    settings, errors = _settings(form)
    warmup = scenario.simulation.warmup_days
    if "days" not in errors and settings["days"] is not None and settings["days"] <= warmup:
        errors["days"] = _(
            "Hari simulasi harus lebih dari masa pemanasan skenario (%(n)s hari).", n=warmup
        )
    columns = pf.read_columns(form, scenario, rows)
    if settings["kind"] == "staffing" and len(columns) > 1:
        errors["kind"] = _("Pencarian jumlah petugas memakai satu varian saja (kolom pertama).")
    if not errors and not any(c.errors for c in columns):
        _check_budget(scenario, settings, columns, errors)
    if not errors and not any(c.errors for c in columns):
        pf.check_with_loader(ref, columns, rows)
    if errors or any(c.errors or c.other for c in columns):
        return (
            render_template(
                "planner/new.html",
                **_form_context(scenario, label, rows, dict(form), columns, errors, days_default),
            ),
            422,
        )
    spec = pl.JobSpec(
        kind=settings["kind"],
        scenario_ref=ref,
        scenario_label=label,
        variants=tuple(pl.Variant(c.name, c.overrides) for c in columns),
        replications=settings["replications"],
        seed=settings["seed"],
        days=settings["days"],
        target_kpi=settings["target_kpi"] if settings["kind"] == "staffing" else None,
        target=settings["target"],
    )
    title = (form.get("title") or "").strip()[:120] or (
        f"{KINDS['staffing']}: {label}"
        if settings["kind"] == "staffing"
        else " · ".join(c.name for c in columns)
    )
    try:
        job_id = pl.submit(get_db(), g.facilitator_id, spec, title)
    except pl.PlannerError as exc:
        flash("; ".join(str(p) for p in exc.problems) or str(exc), "error")
        return (
            render_template(
                "planner/new.html",
                **_form_context(scenario, label, rows, dict(form), columns, errors, days_default),
            ),
            422,
        )
    flash(_("Simulasi dimasukkan ke antrean."), "ok")
    return redirect(url_for(".job", job_id=job_id), 303)


def _check_budget(
    scenario: Any, settings: dict[str, Any], columns: list[pf.Column], errors: dict[str, str]
) -> None:
    """Refuse a job too big for the laptop (e.g. 10^12 reports a year) before it is queued: the
    simulator's limits (:mod:`simulator.budget`), said in the user's language."""
    runs = settings["replications"]
    if settings["kind"] == "staffing":  # a search runs up to its budget of configurations
        runs = most_runs(runs)
    per_run = [
        budget.reports_per_run(scenario, settings["days"], c.overrides.get("load.reports_per_year"))
        for c in columns
    ]
    too_large = budget.oversize(per_run, runs)
    if too_large is not None:
        errors["replications"] = _(
            "Terlalu besar untuk laptop ini: sekitar %(n)s laporan per simulasi, %(t)s seluruhnya (batas %(a)s dan %(b)s). Kurangi laporan per tahun, lama simulasi atau ulangan.",
            n=f"{too_large.per_run:,.0f}",
            t=f"{too_large.total:,.0f}",
            a=f"{budget.MAX_REPORTS_PER_RUN:,}",
            b=f"{budget.MAX_REPORTS_PER_JOB:,}",
        )


def _values_from(job: pl.Job, rows: list[pf.Row]) -> dict[str, str]:
    """Form values that repeat an earlier job (to change one thing and run again)."""
    values: dict[str, str] = {
        "kind": job.spec.kind,
        "replications": str(job.spec.replications),
        "seed": str(job.spec.seed),
        "days": "" if job.spec.days is None else str(job.spec.days),
    }
    if job.spec.target is not None:
        values["target"] = f"{100 * job.spec.target:g}"
        values["target_kpi"] = job.spec.target_kpi or "followup_sla_met"
    kinds = {r.path: r.kind for r in rows}
    for i, variant in enumerate(job.spec.variants[: pf.MAX_VARIANTS]):
        values[f"v{i}:name"] = variant.name
        for path, value in variant.overrides.items():
            if path in kinds:
                values[pf.cell_name(i, path)] = pf.show(value, kinds[path])
        surges = variant.overrides.get("load.surges") or []
        if surges:
            last = surges[-1]
            values[pf.cell_name(i, "lonjakan.categories")] = ", ".join(last["categories"])
            for part in ("start", "end", "multiplier"):
                values[pf.cell_name(i, f"lonjakan.{part}")] = pf.show(last[part], "float")
    return values


def _form_context(
    scenario: Any,
    label: str,
    rows: list[pf.Row],
    values: dict[str, str],
    columns: list[pf.Column],
    errors: dict[str, str],
    days_default: int,
) -> dict[str, Any]:
    by_index = {c.index: c for c in columns}
    query = (
        {"skenario": request.values["skenario"]}
        if request.values.get("skenario")
        else {"unggahan": request.values.get("unggahan", "")}
    )
    return {
        "scenario": scenario,
        "label": label,
        "groups": pf.groups(rows),
        "units": len(pf.local_units(scenario)),
        "values": values,
        "columns": by_index,
        "indexes": range(pf.MAX_VARIANTS),
        "cell": pf.cell_name,
        "errors": errors,
        "kinds": KINDS,
        "targets": TARGETS,
        "days_default": days_default,
        "query": query,
        "failed": bool(errors) or any(c.errors or c.other for c in columns),
    }


@bp.route("/dari-latihan/<int:workshop_id>")
@role_required(FACILITATOR)
def from_workshop(workshop_id: int) -> Any:
    """ "What if" for a workshop's own scenario: the variant form of the scenario it runs on."""
    ws = facilitator_pages.own_workshop_as_stored(workshop_id)
    if ws.scenario_ref in _builtins():
        return redirect(url_for(".new", skenario=ws.scenario_ref), 303)
    path = Path(ws.scenario_ref)
    if path.parent.resolve() != uploads.folder().resolve() or not TOKEN.match(path.stem):
        abort(404)  # only files the trainer itself saved
    _remember_upload(path.stem, ws.title)
    return redirect(url_for(".new", unggahan=path.stem), 303)


@bp.route("/tugas/<int:job_id>")
@role_required(FACILITATOR)
def job(job_id: int) -> Any:
    """A job: its progress while it runs (the page refreshes itself), its results when done."""
    job = _own(job_id)
    context: dict[str, Any] = {
        "job": job,
        "status_names": STATUS,
        "kinds": KINDS,
        "refresh": job.status in ("queued", "running"),
    }
    if job.status == "done" and job.result is not None:
        context.update(_study_context(job) if job.kind == "study" else _result_context(job))
    context["rerun_url"] = _rerun_url(job)
    return render_template("planner/job.html", **context)


def _rerun_url(job: pl.Job) -> str:
    """The variant form filled with this job's settings (an upload stays usable in this session)."""
    if job.kind == "study":
        return url_for("planner_study.form", dari=job.id)
    ref = job.spec.scenario_ref
    if ref in _builtins():
        return url_for(".new", skenario=ref, dari=job.id)
    token = ref.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".yaml")
    _remember_upload(token, job.spec.scenario_label)
    return url_for(".new", unggahan=token, dari=job.id)


# the KPIs that get a plain-language sentence: all headline KPIs on the page, three on paper
SENTENCE_KPIS = (
    "followup_sla_met",
    "verification_sla_met",
    "completion_sla_met",
    "ttfr_working_hours",
    "misroute_rate",
    "backlog_end",
)
PRINTED_SENTENCE_KPIS = ("followup_sla_met", "ttfr_working_hours", "misroute_rate")


def _result_context(job: pl.Job, printed: bool = False) -> dict[str, Any]:
    result = job.result or {}
    staffing = job.spec.kind == "staffing"
    return {
        "result": result,
        "staffing": staffing,
        "kpi_rows": KPI_ROWS,
        "kpi_labels": KPI_LABELS,
        "targets": TARGETS,
        "charts": STAFFING_CHARTS if staffing else CHARTS,
        "chart_caption": (
            (lambda which: str(STAFFING_TITLES[which]))
            if staffing
            else (
                lambda which, variant=0: pl.chart_title(
                    which, planner_text.chart_text(), result, variant
                )
            )
        ),
        "sentences": [] if staffing else planner_text.sentences(result),
        "sentence_kpis": PRINTED_SENTENCE_KPIS if printed else SENTENCE_KPIS,
        "printed": printed,
        "interval": interval,
        "difference": difference,
        "figure": figure,
        "percent": percent,
    }


def _study_context(job: pl.Job) -> dict[str, Any]:
    """What the job page shows of a finished study: per row and variant a few KPIs with their
    paired difference, and the ranking (:mod:`simulator.study`)."""
    result = job.result or {}
    return {
        "result": result,
        "study_kpis": list(dict.fromkeys((result.get("rank_by"), *SUMMARY_KPIS))),
        "kpi_labels": KPI_LABELS,
        "interval": interval,
        "difference": difference,
        "figure": figure,
    }


@bp.route("/tugas/<int:job_id>/batal", methods=["POST"])
@role_required(FACILITATOR)
def cancel(job_id: int) -> Any:
    """Cancel a queued job at once, a running one within seconds."""
    job = _own(job_id)
    lease = current_app.config.get("PLANNER_LEASE_SECONDS", pl.LEASE_SECONDS)
    outcome = pl.cancel_job(get_db(), job.id, lease_seconds=lease)
    if outcome == "cancelled":
        flash(_("Simulasi dibatalkan."), "ok")
    elif outcome == "requested":
        flash(
            _(
                "Simulasi sedang dihentikan; berhenti dalam beberapa detik, kecuali selesai lebih dulu."
            ),
            "ok",
        )
    elif pl.get_job(get_db(), job.id).status == "cancelled":
        flash(_("Simulasi ini sudah dibatalkan sebelumnya."), "info")
    else:  # done or failed a moment ago: say so, never "cancelled"
        flash(_("Simulasi ini sudah selesai lebih dulu; tidak ada yang dihentikan."), "info")
    return redirect(url_for(".job", job_id=job.id), 303)


def _done(job_id: int) -> pl.Job:
    job = _own(job_id)
    if job.status != "done" or job.result is None:
        abort(404)
    return job


@bp.route("/tugas/<int:job_id>/grafik/<which>.svg")
@role_required(FACILITATOR)
def chart(job_id: int, which: str) -> Any:
    """One chart of a finished job, as SVG drawn on the server (no script, no CDN)."""
    job = _done(job_id)
    if job.kind == "study":
        abort(404)  # a study has its table and ranking, no charts
    allowed = STAFFING_CHARTS if job.spec.kind == "staffing" else (*CHARTS, "stages")
    variant = request.args.get("varian", 0, type=int)
    if which not in allowed or not 0 <= variant < len(job.spec.variants):
        abort(404)
    svg = pl.chart_svg(job.result, which, planner_text.chart_text(), variant)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/tugas/<int:job_id>/hasil.csv")
@role_required(FACILITATOR)
def result_csv(job_id: int) -> Any:
    """The result as CSV (UTF-8 with a BOM, so spreadsheet programs read the letters right)."""
    job = _done(job_id)
    return _download("\ufeff" + pl.result_csv(job.result), "text/csv", f"simulasi-{job.id}.csv")


@bp.route("/tugas/<int:job_id>/hasil.json")
@role_required(FACILITATOR)
def result_json(job_id: int) -> Any:
    """The whole stored result as JSON."""
    job = _done(job_id)
    return _download(pl.result_json(job.result), "application/json", f"simulasi-{job.id}.json")


@bp.route("/tugas/<int:job_id>/varian/<int:index>.yaml")
@role_required(FACILITATOR)
def variant_yaml(job_id: int, index: int) -> Any:
    """A variant as a scenario file that ``python -m simulator run`` turns into the same numbers."""
    job = _own(job_id)
    if job.kind == "study" or not 0 <= index < len(job.spec.variants):
        abort(404)  # a study's variants apply to many rows: its CSV and JSON say it all
    name = job.spec.variants[index].name
    filename = pl.variant_filename(job.spec, name)  # the file name its header's command uses
    return _download(pl.variant_yaml(job.spec, name, filename), "application/yaml", filename)


@bp.route("/tugas/<int:job_id>/cetak")
@role_required(FACILITATOR)
def printable(job_id: int) -> Any:
    """A one-page summary to print or save as PDF: setup, sentences, KPI table, charts."""
    job = _done(job_id)
    if job.kind == "study":
        abort(404)
    return render_template(
        "planner/print.html",
        job=job,
        kinds=KINDS,
        status_names=STATUS,
        **_result_context(job, printed=True),
    )


def start_worker(app: Any) -> Any:
    """Start this process's background worker once — and again if its thread has died; None when
    configured off. ``python -m web serve`` calls it at start (so jobs left queued or running by
    a stopped server resume at once), and so does :mod:`web.wsgi` for another WSGI server; a
    request never does. Jobs run on ``PLANNER_CLUSTER`` (a Dask cluster) when it is set."""
    if not app.config.get("PLANNER_WORKER", True):
        return None
    with _START:
        worker = app.extensions.get("planner_worker")
        if worker is None:
            worker = pl.PlannerWorker(
                app.config["SANDBOX_DB"],
                workers=app.config.get("PLANNER_PROCESSES"),
                heartbeat_seconds=app.config.get("PLANNER_HEARTBEAT_SECONDS", pl.HEARTBEAT_SECONDS),
                lease_seconds=app.config.get("PLANNER_LEASE_SECONDS", pl.LEASE_SECONDS),
                cluster=app.config.get("PLANNER_CLUSTER") or None,
            )
            app.extensions["planner_worker"] = worker
        if not worker.alive:
            worker.start()
    return worker
