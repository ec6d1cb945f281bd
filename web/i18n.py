"""Bahasa Indonesia first, English at a click: Flask-Babel with the catalogue in web/translations.

Message ids are Indonesian; ``translations/en/LC_MESSAGES/messages.po`` holds the English. The
``.mo`` is compiled from the ``.po`` into the instance folder at start-up, so no binary lives in
git. The language comes from ``?lang=`` (remembered in a cookie), then the cookie, then Indonesian.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, request
from flask.wrappers import Response
from flask_babel import Babel, get_locale

SOURCE = Path(__file__).parent / "translations"
COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


def compile_catalogues(source: Path, target: Path) -> Path:
    """Compile every ``.po`` under ``source`` to a ``.mo`` under ``target`` when missing or stale."""
    for po in source.glob("*/LC_MESSAGES/*.po"):
        mo = target / po.relative_to(source).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as f:
            catalogue = read_po(f)
        with mo.open("wb") as f:
            write_mo(f, catalogue)
    return target


def select_locale() -> str:
    """The language of this request: ?lang=, else the cookie, else Indonesian."""
    languages = current_app.config["LANGUAGES"]
    for choice in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if choice in languages:
            return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def lang() -> str:
    """The current language code ('id' or 'en')."""
    return str(get_locale() or "id")


def lang_url(code: str) -> str:
    """This page again in language ``code`` (other query arguments kept)."""
    args = {k: v for k, v in request.args.lists() if k not in ("lang", "fragment")}
    return f"{request.path}?{urlencode({**args, 'lang': code}, doseq=True)}"


def remember_choice(response: Response) -> Response:
    """Keep a ?lang= choice in a cookie so the next page speaks the same language."""
    choice = request.args.get("lang")
    if choice in current_app.config["LANGUAGES"] and request.cookies.get(COOKIE) != choice:
        response.set_cookie(
            COOKIE,
            choice,
            max_age=ONE_YEAR,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure or bool(current_app.config["SESSION_COOKIE_SECURE"]),
        )
    return response


def init_app(app: Flask) -> None:
    """Compile the catalogue, install Babel and the language helpers for templates."""
    compiled = compile_catalogues(SOURCE, Path(app.instance_path) / "translations")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    Babel(app, locale_selector=select_locale)
    app.after_request(remember_choice)
    app.jinja_env.globals.update(lang=lang, lang_url=lang_url)
