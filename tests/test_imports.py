"""Imports point one way: scenarios <- simulator <- sandbox <- web."""

from __future__ import annotations

import subprocess
import sys

import pytest

FORBIDDEN = {
    "scenarios": ["simpy", "flask", "sqlite3", "sqlite_utils", "simulator", "sandbox", "web"],
    "simulator": ["flask", "sqlite3", "sqlite_utils", "sandbox", "web"],
    "sandbox": ["flask", "web"],
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_load_forbidden_modules(package):
    code = (
        f"import sys, {package}, {package}.cli; import importlib, pkgutil\n"
        f"for m in pkgutil.iter_modules({package}.__path__):\n"
        f"    if m.name != '__main__': importlib.import_module('{package}.' + m.name)\n"
        f"bad = [m for m in {FORBIDDEN[package]!r} if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{package} loaded {out.stdout.strip()}"


def test_every_module_runs_from_its_python_source_and_no_import_hook_is_installed():
    """Does importing our packages load each one from its .py file, with no finder of our own?"""
    ours = ("scenarios", "simulator", "sandbox", "web")
    code = (
        "import sys, importlib, pkgutil\n"
        f"ours = {ours!r}\n"
        "for package in ours:\n"
        "    root = importlib.import_module(package)\n"
        "    for m in pkgutil.walk_packages(root.__path__, package + '.'):\n"
        "        if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "for finder in sys.meta_path:\n"
        "    if type(finder).__module__.split('.')[0] in ours: print('import hook', finder)\n"
        "for name, module in sorted(sys.modules.items()):\n"
        "    if name.split('.')[0] in ours and not (module.__file__ or '').endswith('.py'):\n"
        "        print('not a source:', module.__file__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"not the sources: {out.stdout.strip()}"
