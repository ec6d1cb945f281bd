"""The sandbox imports scenarios and simulator, never the web layer."""

from __future__ import annotations

import subprocess
import sys


def test_sandbox_loads_no_flask_or_web():
    code = (
        "import sys, importlib, pkgutil, sandbox\n"
        "for m in pkgutil.iter_modules(sandbox.__path__):\n"
        "    if m.name != '__main__': importlib.import_module('sandbox.' + m.name)\n"
        "print(','.join(m for m in ('flask', 'werkzeug', 'jinja2', 'web') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
