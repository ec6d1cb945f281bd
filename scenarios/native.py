"""The simulator's compiled speed-up: which modules are compiled, how, and the guard that never
lets an out-of-date build run.

The modules in :data:`MODULES` are plain, type-annotated Python. ``make`` (through
``python -m scenarios native build``) also compiles them to C extensions with mypyc, next to
their sources; a run then takes about two thirds of the time (docs/model.md, "Run time"). The
results are the same to the last digit: the compiled code is the same program
(tests/test_native.py compares a run both ways).

A compiled module is used only while *every* compiled module matches its source, checked at
import against the hashes the build recorded. The compiled modules call one another directly,
so after editing any of them all come from source until the next build — an edit is never
hidden behind an old build, and no mix of old and new code runs. ``LAPOR_PURE_PYTHON=1`` asks for
the sources whatever was built; without a C compiler the build is skipped and the sources run.

This module is imported first by the ``scenarios`` and ``simulator`` packages; it must not be
compiled itself, and imports only the standard library.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

#: compiled together, in this order (they call each other natively)
MODULES: tuple[str, ...] = (
    "scenarios.calendar",
    "scenarios.routing",
    "simulator.agenda",
    "simulator.arrivals",
    "simulator.desk",
    "simulator.dists",
    "simulator.generator",
    "simulator.model",
    "simulator.rng",
)
ROOT = Path(__file__).resolve().parent.parent
PURE_ENV = "LAPOR_PURE_PYTHON"
MYPY_FLAGS = ("--ignore-missing-imports", "--follow-imports=silent")
SHARED_KEY = "shared library"  # mypyc puts the group's common code in one top-level module


def source_of(module: str, root: Path = ROOT) -> Path:
    return root.joinpath(*module.split(".")).with_suffix(".py")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(modules: Sequence[str] = MODULES, root: Path = ROOT) -> dict[str, str]:
    """Each compiled module's source hash, plus the interpreter the build is for."""
    prints = {m: _digest(source_of(m, root)) for m in modules}
    prints["python"] = sys.implementation.cache_tag or ""
    return prints


def manifest_of(root: Path = ROOT) -> Path:
    """The build record: each compiled module's source hash, the interpreter, the shared library."""
    return root / "build" / "native-manifest.json"


def _compiled_files(module: str, root: Path) -> list[Path]:
    """Where a compiled build of ``module`` would be (one name per extension suffix)."""
    source = source_of(module, root)
    stem = module.rsplit(".", 1)[-1]
    return [source.with_name(stem + suffix) for suffix in importlib.machinery.EXTENSION_SUFFIXES]


def status(modules: Sequence[str] = MODULES, root: Path = ROOT,
           environ: Mapping[str, str] | None = None) -> tuple[bool, str]:
    """Whether the compiled modules may be used, and why (or why not), in plain words."""
    usable, why, _ = _check(modules, root, os.environ if environ is None else environ)
    return usable, why


def _check(modules: Sequence[str], root: Path, environ: Mapping[str, str]) -> tuple[bool, str, str]:
    """:func:`status`, plus the file name of the build's shared library when usable."""
    manifest = manifest_of(root)
    if environ.get(PURE_ENV, "") not in ("", "0"):
        return False, f"{PURE_ENV} is set: running the Python sources", ""
    if not manifest.exists():
        return False, "not compiled (run `make` or `python -m scenarios native build`)", ""
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False, f"unreadable build record {manifest}: running the Python sources", ""
    missing = [m for m in modules if not any(f.exists() for f in _compiled_files(m, root))]
    if missing:
        return False, f"compiled module missing for {', '.join(missing)}: running the Python sources", ""
    try:
        current = fingerprint(modules, root)
    except OSError as exc:
        return False, f"cannot read a source ({exc}): running the Python sources", ""
    shared = recorded.pop(SHARED_KEY, None)
    if not isinstance(shared, str) or not (root / shared).exists():
        return False, "the compiled modules' shared library is missing: running the Python sources", ""
    changed = sorted(k for k in set(current) | set(recorded) if current.get(k) != recorded.get(k))
    if changed:
        return False, (f"sources changed since the last build ({', '.join(changed)}): running the "
                       "Python sources until `make` builds again"), ""
    return True, f"compiled ({len(modules)} modules, mypyc)", shared


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Loads the listed modules from their ``.py`` files, passing over any compiled build."""

    def __init__(self, modules: Sequence[str], root: Path) -> None:
        self.modules, self.root = frozenset(modules), root

    def find_spec(self, fullname: str, path: object = None, target: object = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.modules:
            return None
        return importlib.util.spec_from_file_location(fullname, source_of(fullname, self.root))


def _load_shared(name: str, root: Path = ROOT) -> None:
    """Import the build's shared library by its file: it sits in the project folder, which is
    not on ``sys.path`` when the installed commands run from elsewhere."""
    module = name.split(".", 1)[0]
    if module not in sys.modules:
        spec = importlib.util.spec_from_file_location(module, root / name)
        assert spec is not None and spec.loader is not None
        shared = importlib.util.module_from_spec(spec)
        sys.modules[module] = shared
        spec.loader.exec_module(shared)


ACTIVE, REASON, _shared = _check(MODULES, ROOT, os.environ)
if ACTIVE:
    try:
        _load_shared(_shared)
    except (ImportError, OSError) as exc:
        ACTIVE, REASON = False, f"the compiled build does not load ({exc}): running the Python sources"
if not ACTIVE and not any(isinstance(f, _SourceFirst) for f in sys.meta_path):
    sys.meta_path.insert(0, _SourceFirst(MODULES, ROOT))


def compiled_in_use() -> bool:
    """Whether the modules imported in this process are the compiled ones."""
    loaded = [sys.modules.get(m) for m in MODULES]
    return all(m is not None and not str(getattr(m, "__file__", "")).endswith(".py") for m in loaded)


def build(root: Path = ROOT) -> int:
    """Compile the modules with mypyc in place and record their hashes; 0 when done or already
    up to date, else mypyc's exit status (the sources keep working either way)."""
    usable, _, _ = _check(MODULES, root, {})
    if usable:
        print("native: compiled modules are up to date")
        return 0
    manifest = manifest_of(root)
    manifest.unlink(missing_ok=True)  # an interrupted build must not look finished
    before = fingerprint(root=root)
    for old in root.glob("*__mypyc.*"):  # earlier builds' shared libraries
        old.unlink()
    for module in MODULES:  # new files, not rewritten ones: a running server keeps its old copy
        for old in _compiled_files(module, root):
            old.unlink(missing_ok=True)
    files = [str(source_of(m, root).relative_to(root)) for m in MODULES]
    print(f"native: compiling {len(files)} modules with mypyc (about a minute) …", flush=True)
    done = subprocess.run(  # noqa: S603 - our own interpreter and files
        [sys.executable, "-m", "mypyc", *MYPY_FLAGS, *files],
        cwd=root, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        print(f"native: compiling failed, the simulator runs from the Python sources "
              f"(slower, same results):\n{tail}", file=sys.stderr)
        return done.returncode
    if fingerprint(root=root) != before:
        print("native: sources changed during the build; run it again", file=sys.stderr)
        return 1
    shared = sorted(p.name for p in root.glob("*__mypyc.*") if p.suffix != ".c")
    if len(shared) != 1:
        print(f"native: expected one shared library from mypyc, found {shared}", file=sys.stderr)
        return 1
    manifest.parent.mkdir(exist_ok=True)
    manifest.write_text(json.dumps({**before, SHARED_KEY: shared[0]}, indent=1) + "\n", encoding="utf-8")
    print("native: compiled")
    return 0
