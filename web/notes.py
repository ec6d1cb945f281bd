"""The engine's notes (:mod:`sandbox.notes`) in the user's language: the one place they become words.

A note's Indonesian text is its gettext message id (context ``kode``, like the domain's labels in
:mod:`web.display`); its numbers are formatted by Babel; scenario data written in both languages
gives the half of the user's language.
"""

from __future__ import annotations

from flask import Flask

from sandbox.errors import SandboxError
from sandbox.notes import Note, render
from sandbox.records import ScoreItem

from .display import code_label, mistakes, number
from .i18n import lang


def note_text(n: Note | None) -> str:
    """A note in words in the user's language (a dash for none)."""
    if n is None:
        return "–"
    return render(n, lang(), translate=code_label, number=number)


def item_note(item: ScoreItem) -> str:
    """What a score item says: its note, or else the mistake it counts."""
    return note_text(item.note) if item.note is not None else mistakes(item.mistakes)


def init_app(app: Flask) -> None:
    """The filters ``note`` (a note) and ``item_note`` (a score item's note) for templates."""
    app.jinja_env.filters.update(note=note_text, item_note=item_note)
    app.jinja_env.globals.update(note_text=note_text, item_note=item_note)


def message(exc: SandboxError) -> str:
    """A sandbox error (a code and its parameters) in the user's language, worded by the
    catalogue like every note of the engine."""
    return note_text(exc.note)
