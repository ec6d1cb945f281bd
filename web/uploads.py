"""A facilitator's own scenario file: saved under the instance folder, validated before any workshop.

The upload must be UTF-8 YAML within the limits every scenario file has (size, nesting, aliases:
:mod:`scenarios.yamlsrc`, the same for ``python -m scenarios check``); ``extends:`` may name a
built-in scenario only (never a path on the server). Every problem the loader finds is returned with the uploaded file's
own name, so the page never shows a server path.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from scenarios import Problem, ScenarioError, load_scenario
from scenarios.loader import BUILTIN_DIR
from scenarios.yamlsrc import MAX_BYTES, SourceLimitError, YamlSyntaxError, parse_yaml


@dataclass(frozen=True)
class Checked:
    """The outcome of an upload: the saved path (None on failure), its original name and problems."""

    path: Path | None
    name: str
    problems: list[Problem]
    error: str | None = None  # a problem with the file itself (too large, not text)


def folder() -> Path:
    """Where uploaded scenarios are kept: ``<instance>/scenarios``."""
    where = Path(current_app.instance_path) / "scenarios"
    where.mkdir(parents=True, exist_ok=True)
    return where


def _bad_extends(text: str, name: str) -> list[Problem]:
    """An ``extends:`` that is not a built-in scenario name (a path could read any server file)."""
    try:
        raw = parse_yaml(text, name)
    except SourceLimitError as exc:  # too deep or too many aliases: stop here, nothing is saved
        return [Problem(name, "", exc.line, exc.message)]
    except YamlSyntaxError:
        return []  # the loader reports the syntax error with its line
    parent = raw.get("extends") if isinstance(raw, dict) else None
    builtins = {p.stem for p in BUILTIN_DIR.glob("*.yaml")}
    if parent is None or (isinstance(parent, str) and parent in builtins):
        return []
    return [
        Problem(
            name,
            "extends",
            None,
            f"an uploaded scenario may only extend a built-in scenario: {', '.join(sorted(builtins))}",
        )
    ]


def _shown(problem: Problem, saved: Path, name: str) -> Problem:
    """The problem with the server path replaced by the uploaded name (a built-in by its file name)."""
    file = name if Path(problem.file).resolve() == saved.resolve() else Path(problem.file).name
    return Problem(file, problem.path, problem.line, problem.message)


def check_upload(storage: Any) -> Checked:
    """Save and validate an uploaded scenario; on any failure nothing is left on disk."""
    name = Path((storage.filename or "").replace("\\", "/")).name or "skenario.yaml"
    data = storage.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return Checked(
            None,
            name,
            [],
            _("Berkas skenario terlalu besar (maks. %(kb)s KB).", kb=MAX_BYTES // 1024),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Checked(None, name, [], _("Berkas skenario harus berupa teks YAML (UTF-8)."))
    if not text.strip():
        return Checked(None, name, [], _("Berkas skenario kosong."))
    problems = _bad_extends(text, name)
    if problems:
        return Checked(None, name, problems)
    saved = folder() / f"{secrets.token_hex(12)}.yaml"
    saved.write_text(text, encoding="utf-8")
    try:
        load_scenario(saved)
    except ScenarioError as exc:
        saved.unlink(missing_ok=True)
        return Checked(None, name, [_shown(p, saved, name) for p in exc.problems])
    except (OSError, ValueError) as exc:
        saved.unlink(missing_ok=True)
        return Checked(None, name, [Problem(name, "", None, str(exc))])
    return Checked(saved, name, [])
