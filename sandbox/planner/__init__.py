"""The planner's engine under the browser pages: compare SOPs, staffing and routing policies as
background jobs, and read the results as sentences, charts and files.

- :mod:`sandbox.planner.spec` — :class:`Variant`, :class:`JobSpec`, :func:`check_spec`
- :mod:`sandbox.planner.jobs` — the queue (:func:`submit`, :func:`cancel_job`, :func:`list_jobs`)
- :mod:`sandbox.planner.run` — :func:`run_job`: one job, claimed, watched and finished
- :mod:`sandbox.planner.lease` — who runs a job, its heartbeat, and when its worker is gone
- :mod:`sandbox.planner.worker` — :class:`PlannerWorker`, the background thread of a web process
- :mod:`sandbox.planner.text` — :func:`sentences` in Indonesian and English
- :mod:`sandbox.planner.charts` — :func:`chart_svg` (pygal, offline SVG)
- :mod:`sandbox.planner.export` — :func:`result_csv`, :func:`result_json`, :func:`variant_yaml`

See docs/sandbox.md, section "Planner jobs".
"""

from __future__ import annotations

from .charts import CHARTS, ChartText, chart_svg, chart_title
from .export import command_for, result_csv, result_json, variant_filename, variant_yaml
from .jobs import STATUSES, Job, cancel_job, get_job, list_jobs, submit
from .lease import HEARTBEAT_SECONDS, LEASE_SECONDS
from .run import run_job
from .spec import (
    KINDS,
    MAX_REPLICATIONS,
    MAX_VARIANTS,
    MIN_REPLICATIONS,
    STAFFING_KPIS,
    JobSpec,
    PlannerError,
    Variant,
    check_spec,
    load_variants,
    study_of,
    study_spec,
)
from .text import HEADLINE_KPIS, KPI_LABELS, Judgement, decimals_for, judge, judgements
from .worker import PlannerWorker, next_queued, requeue_orphans

__all__ = [
    "CHARTS",
    "HEADLINE_KPIS",
    "HEARTBEAT_SECONDS",
    "KINDS",
    "KPI_LABELS",
    "LEASE_SECONDS",
    "MAX_REPLICATIONS",
    "MAX_VARIANTS",
    "MIN_REPLICATIONS",
    "STAFFING_KPIS",
    "STATUSES",
    "ChartText",
    "Job",
    "Judgement",
    "JobSpec",
    "PlannerError",
    "PlannerWorker",
    "Variant",
    "cancel_job",
    "chart_svg",
    "chart_title",
    "check_spec",
    "command_for",
    "decimals_for",
    "get_job",
    "judge",
    "judgements",
    "list_jobs",
    "load_variants",
    "next_queued",
    "requeue_orphans",
    "result_csv",
    "result_json",
    "run_job",
    "study_of",
    "study_spec",
    "submit",
    "variant_filename",
    "variant_yaml",
]
