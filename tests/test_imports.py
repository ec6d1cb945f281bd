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
