"""The ``study`` command: many scenarios × variants × replications from one study file."""

from __future__ import annotations

import csv
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from scenarios import ScenarioError

from . import report
from .budget import TooLarge
from .cli_run import _cluster_option, _progress
from .cluster import ClusterError
from .runner import ReplicationFailed, WorkerLost
from .study import SUMMARY_KPIS, TABLE_COLUMNS, load_study, run_study, table_rows


def render_study(result: Mapping[str, Any]) -> str:
    """Per scenario and variant a few KPIs with the paired difference; then the ranking."""
    shown = dict.fromkeys((result["rank_by"], *SUMMARY_KPIS))
    rows = []
    for s in result["scenarios"]:
        for v in s["variants"]:
            cells = []
            for name in shown:
                cell = report.fmt_interval(name, v["kpi"].get(name))
                if v["difference"] is not None:
                    cell += "  Δ " + report.fmt_value(name, v["difference"][name]["mean"], True)
                cells.append(cell)
            rows.append((s["name"], v["name"], *cells))
    ranked = [
        (
            str(e["rank"]),
            e["variant"],
            report.fmt_value(result["rank_by"], e["mean"]),
            "–"
            if e["difference_mean"] is None
            else report.fmt_value(result["rank_by"], e["difference_mean"], True),
            f"{e['better_in']} / {e['worse_in']} / {e['scenarios']}",
        )
        for e in result["ranking"]
    ]
    head = (
        f"{result['title']}: {len(result['scenarios'])} scenarios × {len(result['variants'])} "
        f"variants × {result['replications']} replications (seed {result['seed']}); "
        f"baseline {result['baseline']!r}"
    )
    return "\n\n".join(
        [
            head,
            "Means [95% interval] and Δ = paired difference to the baseline",
            report.table(("scenario", "variant", *(report._unit(n) for n in shown)), rows, left=2),
            f"Ranking by {result['rank_by']} (mean over scenarios; better / worse in / of scenarios"
            " where the paired interval excludes 0)",
            report.table(("rank", "variant", "mean", "Δ mean", "better/worse/of"), ranked, left=2),
        ]
    )


def write_table(path: Path, result: Mapping[str, Any]) -> None:
    """The flat summary table as CSV (UTF-8 with a BOM, for spreadsheet programs)."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, TABLE_COLUMNS)
        writer.writeheader()
        for row in table_rows(result):
            writer.writerow(report.clean(row))


@click.command("study")
@click.argument("study_file", metavar="STUDY.yaml", type=click.Path(dir_okay=False))
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes (default: all cores; 1 = in this process).",
)
@click.option(
    "--cluster",
    callback=_cluster_option,
    metavar="local[:N]|tcp://HOST:PORT",
    help="Run on Dask: a local cluster of N worker processes, or the scheduler at this address.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: when stderr is a terminal).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the summary table (scenario, variant, KPI) to this CSV file.",
)
def study_cmd(
    study_file: str,
    workers: int | None,
    cluster: str | None,
    progress: bool | None,
    as_json: bool,
    csv_path: Path | None,
) -> None:
    """Run every scenario of STUDY.yaml under every variant, as one job, and print one summary
    table (each KPI with its interval and the paired difference to the baseline) and a ranking.

    Example: python -m simulator study kalbar.yaml --cluster local:2 --csv kalbar.csv
    """
    try:
        study = load_study(study_file)
        result = run_study(study, workers=workers, progress=_progress(progress), cluster=cluster)
    except ScenarioError as exc:
        click.echo(f"error: {len(exc.problems)} problem(s) in study {study_file!r}:", err=True)
        for p in exc.problems:
            click.echo(f"  {p}", err=True)
        sys.exit(2)
    except (ClusterError, TooLarge) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except (ReplicationFailed, WorkerLost) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if csv_path is not None:
        write_table(csv_path, result)
        click.echo(f"wrote {csv_path}", err=True)
    click.echo(report.to_json(result) if as_json else render_study(result))


COMMANDS = (study_cmd,)
