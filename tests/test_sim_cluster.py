"""Replications on a Dask cluster: the same numbers as the process pool, failures named, Dask
optional."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys

import pytest
from click.testing import CliRunner

from scenarios import load_scenario
from simulator import cluster as cl
from simulator.cli import main
from simulator.experiment import _jobs, compare
from simulator.runner import ReplicationFailed, Runner, Task

distributed = pytest.importorskip("distributed")  # requirements-dev.txt installs the extra

DAYS = 20
SMALL = ["--days", str(DAYS), "-r", "3", "--seed", "5", "--no-progress", "--json"]


def same(a, b) -> bool:
    """Equal results, counting NaN (a KPI with no case) as equal to NaN."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def scheduler():
    """A scheduler with two worker processes, reached by its tcp:// address like a remote one."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def kelas():
    return load_scenario("kelas_bimtek")


# ------------------------------------------------------------------------------ same numbers
def test_compare_on_a_local_cluster_of_two_gives_the_json_of_the_process_pool():
    """Does it matter to the numbers where the replications ran?"""
    variant = [
        "--variant",
        "dua verifikator:sop.verifiers=2",
        "--variant",
        "kw:routing.policy=keyword",
    ]
    pool = invoke("compare", "kelas_bimtek", *SMALL, "--workers", "2", *variant)
    dask = invoke("compare", "kelas_bimtek", *SMALL, "--cluster", "local:2", *variant)
    assert pool.exit_code == 0, pool.output
    assert dask.exit_code == 0, dask.output
    assert dask.stdout == pool.stdout


def test_an_existing_scheduler_runs_compare_with_the_same_results(scheduler, kelas):
    variants = {"dua": load_scenario("kelas_bimtek", {"sop.verifiers": 2})}
    here = compare(kelas, variants, 3, 7, days=DAYS, workers=1)
    there = compare(kelas, variants, 3, 7, days=DAYS, cluster=scheduler.scheduler_address)
    assert same(there, here)


def test_results_stream_back_one_by_one_with_the_progress_count(scheduler, kelas):
    seen = []
    runner = cl.ClusterRunner(
        scheduler.scheduler_address, on_result=lambda d, t: seen.append((d, t))
    )
    with runner:
        out = runner.run(_jobs(kelas, 4, 1, None, DAYS))
    assert [r.replication for r in out] == [0, 1, 2, 3]  # in task order, whatever finished first
    finished = [d for d, _ in dict.fromkeys(seen)]
    assert finished[-1] == 4 and all(t == 4 for _, t in seen)
    assert sorted(set(finished)) == [0, 1, 2, 3, 4][5 - len(set(finished)) :]


def test_a_lost_worker_has_its_tasks_run_again_elsewhere(kelas):
    """What happens when a worker process is killed (out of memory, say) in the middle of a run?"""
    tasks = _jobs(kelas, 8, 2, None, 60)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.CRITICAL
    ) as cluster:
        # One client at a time in this process: a second live client's futures may wait on the
        # first one's event loop ("bound to a different event loop"), as seen under load.
        with distributed.Client(cluster) as client:
            pids = list(client.run(os.getpid).values())
        killed = []

        def kill_a_worker(done, total):
            if not killed:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(done)

        with cl.ClusterRunner(cluster.scheduler_address, on_result=kill_a_worker) as runner:
            out = runner.run(tasks)
    expected = Runner(1).run(tasks)
    assert killed and killed[0] < len(tasks)
    assert [r.kpi for r in out] == [r.kpi for r in expected]


# ------------------------------------------------------------------------------ failures
def test_a_failing_task_is_named_on_the_cluster_and_on_the_pool(scheduler, kelas):
    bad = [
        Task(kelas, 0, 1, None, DAYS, "baik"),
        Task(kelas, 1, 1, "no-such-policy", DAYS, "rusak"),
    ]
    named = r"replication 1 .*variant 'rusak' failed"
    with (
        pytest.raises(ReplicationFailed, match=named),
        cl.ClusterRunner(scheduler.scheduler_address) as runner,
    ):
        runner.run(bad)
    with pytest.raises(ReplicationFailed, match=named), Runner(2, processes=True) as pool:
        pool.run(bad)


def test_a_failed_replication_exits_non_zero_with_the_task_and_no_traceback(monkeypatch):
    def boom(task):
        raise RuntimeError("desk PUPR has no calendar")

    monkeypatch.setattr("simulator.runner.run_task", boom)
    result = invoke("run", "kelas_bimtek", "--days", "20", "-r", "2", "--workers", "1")
    assert result.exit_code == 1
    assert "replication 0 (seed 1) of scenario 'kelas_bimtek'" in result.output
    assert "desk PUPR has no calendar" in result.output and "Traceback" not in result.output


# ------------------------------------------------------------------------------ asking for one
@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("local", ("local", None)),
        ("local:3", ("local", 3)),
        ("tcp://10.0.0.5:8786", ("tcp://10.0.0.5:8786", None)),
    ],
)
def test_cluster_addresses(text, parsed):
    assert cl.parse_cluster(text) == parsed


@pytest.mark.parametrize("text", ["locale", "local:0", "local:x", "10.0.0.5:8786", "tcp://host"])
def test_a_wrong_cluster_is_a_usage_error_before_anything_runs(text):
    result = invoke("run", "kelas_bimtek", "--cluster", text)
    assert (
        result.exit_code == 2 and "--cluster" in result.output and "Traceback" not in result.output
    )


def test_without_dask_the_cluster_option_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(cl.ClusterError, match="requirements-cluster.txt"):
        cl.ClusterRunner("local:2")
    result = invoke(
        "compare", "kelas_bimtek", "--cluster", "local:2", "--variant", "v:sop.verifiers=2"
    )
    assert result.exit_code == 2
    assert "pip install -r requirements-cluster.txt" in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(cl.ClusterRunner, "connect_timeout", "1s")
    result = invoke(
        "run", "kelas_bimtek", "--days", "20", "-r", "2", "--cluster", "tcp://127.0.0.1:9"
    )
    assert result.exit_code == 2 and "cannot reach the Dask scheduler" in result.output


def test_a_study_on_the_cluster_gives_the_table_of_the_process_pool(scheduler, tmp_path):
    from simulator.study import load_study, run_study

    path = tmp_path / "kecil.yaml"
    path.write_text(
        "scenarios:\n  extends: kelas_bimtek\n  table:\n"
        "    - {name: a, load.reports_per_year: 300}\n    - {name: b, sop.verifiers: 2}\n"
        f"variants: {{now: {{}}, tiga: {{sop.verifiers: 3}}}}\nreplications: 2\ndays: {DAYS}\n",
        encoding="utf-8",
    )
    study = load_study(path)
    assert same(run_study(study, cluster=scheduler.scheduler_address), run_study(study, workers=2))
