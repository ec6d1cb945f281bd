"""The trainer for a WSGI server other than ``python -m web serve``: ``waitress-serve
web.wsgi:app`` or ``gunicorn web.wsgi:app``.

Importing it builds the app and starts the planner's background worker once for this process,
as ``serve`` does — a request never starts it.
"""

from __future__ import annotations

from . import create_app
from .planner import start_worker

app = create_app()
start_worker(app)
