"""The compiled speed-up (scenarios/native.py): used only when every compiled module matches its
source, and giving the very same results as the Python sources."""

from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios import native

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("pkg.alpha", "pkg.beta")
SO = ".cpython-311-x86_64-linux-gnu.so"


def _tree(tmp_path: Path, *, built: bool = True, record: bool = True) -> Path:
    """A fake project: two sources, optionally their compiled files and the build record."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for name in ("alpha", "beta"):
        (pkg / f"{name}.py").write_text(f"X = '{name}'\n", encoding="utf-8")
        if built:
            (pkg / f"{name}{SO}").write_bytes(b"\x7fELF")
    shared = "abc__mypyc" + SO
    if built:
        (tmp_path / shared).write_bytes(b"\x7fELF")
    if record:
        (tmp_path / "build").mkdir()
        record_ = {**native.fingerprint(MODULES, tmp_path), native.SHARED_KEY: shared}
        (tmp_path / "build" / "native-manifest.json").write_text(json.dumps(record_), encoding="utf-8")
    return tmp_path


def _status(root: Path, environ: dict[str, str] | None = None) -> tuple[bool, str]:
    return native.status(MODULES, root, environ=environ or {})


@pytest.mark.skipif(SO not in importlib.machinery.EXTENSION_SUFFIXES,
                    reason="the fake compiled files are named for CPython 3.11 on x86_64 Linux")
class TestWhenCompiledModulesMayLoad:
    def test_a_fresh_build_is_used(self, tmp_path):
        assert _status(_tree(tmp_path)) == (True, "compiled (2 modules, mypyc)")

    def test_an_edited_source_sends_every_module_back_to_source_and_says_which(self, tmp_path):
        root = _tree(tmp_path)
        (root / "pkg" / "beta.py").write_text("X = 'edited'\n", encoding="utf-8")
        usable, why = _status(root)
        assert not usable
        assert "pkg.beta" in why and "pkg.alpha" not in why

    def test_no_build_record_means_sources(self, tmp_path):
        usable, why = _status(_tree(tmp_path, record=False))
        assert not usable and "not compiled" in why

    def test_a_missing_compiled_file_means_sources(self, tmp_path):
        root = _tree(tmp_path)
        (root / "pkg" / f"alpha{SO}").unlink()
        usable, why = _status(root)
        assert not usable and "pkg.alpha" in why

    def test_a_build_for_another_interpreter_means_sources(self, tmp_path):
        root = _tree(tmp_path)
        manifest = root / "build" / "native-manifest.json"
        record = json.loads(manifest.read_text(encoding="utf-8"))
        manifest.write_text(json.dumps({**record, "python": "cpython-399"}), encoding="utf-8")
        usable, why = _status(root)
        assert not usable and "python" in why

    def test_a_missing_shared_library_means_sources(self, tmp_path):
        root = _tree(tmp_path)
        (root / ("abc__mypyc" + SO)).unlink()
        usable, why = _status(root)
        assert not usable and "shared library" in why

    def test_a_broken_build_record_means_sources(self, tmp_path):
        root = _tree(tmp_path)
        (root / "build" / "native-manifest.json").write_text("{not json", encoding="utf-8")
        assert _status(root)[0] is False

    @pytest.mark.parametrize("value, usable", [("1", False), ("yes", False), ("0", True), ("", True)])
    def test_the_environment_can_ask_for_the_sources(self, tmp_path, value, usable):
        assert _status(_tree(tmp_path), {native.PURE_ENV: value})[0] is usable


def test_this_process_runs_what_the_guard_decided():
    import simulator.model  # noqa: F401 - loads every compiled module's group

    assert native.compiled_in_use() is native.ACTIVE


@pytest.mark.skipif(not os.environ.get("CI"), reason="only CI promises a C compiler")
def test_ci_runs_the_compiled_simulator():
    """`make test` builds first; a type error that stops mypyc must not pass unnoticed."""
    assert native.ACTIVE, native.REASON


def _run(tmp_path: Path, name: str, pure: bool, *args: str) -> dict[str, str]:
    out = tmp_path / name
    env = {**os.environ, native.PURE_ENV: "1" if pure else "0"}
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "simulator", "run", *args, "--workers", "1", "--no-progress",
         "--json", "--csv", str(out), "--events", str(out / "events.csv")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
    return {"stdout": done.stdout, **files}


@pytest.mark.slow
@pytest.mark.skipif(not native.ACTIVE, reason=f"no compiled build to compare: {native.REASON}")
@pytest.mark.parametrize("args", [
    ("sanggau", "--replications", "2", "--days", "90", "--seed", "7"),
    ("sanggau", "--replications", "1", "--days", "60", "--policy", "keyword",
     "--set", "sop.verification=decentralised", "--set", "sop.approval.enabled=true"),
    ("kelas_bimtek", "--replications", "2", "--set", "simulation.backlog_cases=40",
     "--policy", "least-loaded"),
    ("teori_mmc", "--replications", "1", "--days", "20"),
], ids=["sanggau", "sanggau-keyword-decentralised", "kelas-backlog", "textbook"])
def test_compiled_and_source_runs_agree_to_the_last_digit(tmp_path, args):
    """KPIs, per-case records, daily backlog and the event log: byte for byte."""
    compiled = _run(tmp_path, "compiled", False, *args)
    source = _run(tmp_path, "source", True, *args)
    assert set(compiled) >= {"stdout", "cases.csv", "daily.csv", "events.csv", "kpi.csv", "opd.csv"}
    for name in compiled:
        assert compiled[name] == source[name], name
