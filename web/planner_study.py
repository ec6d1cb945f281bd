"""Planner page for a study: many kabupaten generated from one built-in scenario, each under the
same variants, as one background job (:mod:`simulator.study`).

The study is written as text in the study-file format of ``python -m simulator study`` — only
``extends:`` a built-in and an inline table, since a page reads no files of the server. It runs
like any planner job: on the worker processes of this laptop, or on the Dask cluster the
``PLANNER_CLUSTER`` setting names. Its result is shown by the job page (one table, a ranking).
"""

from __future__ import annotations

from typing import Any

import yaml
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from sandbox import planner as pl
from scenarios import ScenarioError
from simulator.study import study_from_text

from . import planner
from .auth import FACILITATOR, role_required
from .db import get_db

bp = Blueprint("planner_study", __name__, url_prefix="/perencana/studi")
LABEL = "studi.yaml"  # how messages name the text of the form

EXAMPLE = """\
title: Tiga kabupaten, dua SOP
scenarios:
  extends: sanggau
  table:
    - {name: Kabupaten A, load.reports_per_year: 240, sop.verifiers: 1}
    - {name: Kabupaten B, load.reports_per_year: 400, sop.verifiers: 2}
    - {name: Kabupaten C, load.reports_per_year: 600, sop.verifiers: 2, opds.PUPR.officers: 2}
variants:
  SOP sekarang: {}
  Routing kata kunci: {routing.policy: keyword}
replications: 10
seed: 1
rank_by: followup_sla_met
"""


def _text_of(job: pl.Job) -> str:
    """A finished study job written back as the form's text (to change one thing and rerun)."""
    spec = job.spec
    data: dict[str, Any] = {
        "title": job.title,
        "scenarios": {
            "extends": spec.scenario_ref,
            "table": [{"name": name, **overrides} for name, overrides in spec.table],
        },
        "variants": {v.name: dict(v.overrides) for v in spec.variants},
        "replications": spec.replications,
        "seed": spec.seed,
        "rank_by": spec.rank_by,
    }
    if spec.days is not None:
        data["days"] = spec.days
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


@bp.route("/", methods=["GET", "POST"])
@role_required(FACILITATOR)
def form() -> Any:
    """A study written as text: rows of kabupaten from one built-in scenario, up to four variants."""
    problems: list[Any] = []
    if request.method == "GET":
        source = request.args.get("dari", type=int)
        job = planner._own(source) if source else None
        text = _text_of(job) if job is not None and job.kind == "study" else EXAMPLE
        return render_template("planner/study.html", text=text, problems=problems)
    text = request.form.get("studi", "")
    try:
        study = study_from_text(text, LABEL)
        spec = pl.study_spec(study)
        job_id = pl.submit(get_db(), g.facilitator_id, spec, study.title[:120])
    except (ScenarioError, pl.PlannerError) as exc:
        problems = exc.problems
    else:
        flash(_("Simulasi dimasukkan ke antrean."), "ok")
        return redirect(url_for("planner.job", job_id=job_id), 303)
    return render_template("planner/study.html", text=text, problems=problems), 422
