"""Serving a room safely: HTTPS behind a proxy, request sizes, response headers, throttles.

- **Behind a proxy** (``PROXY_COUNT`` > 0, or ``web serve --proxies N``): the X-Forwarded-For/
  -Proto/-Host headers of that many proxies are trusted (werkzeug's ProxyFix), so the client's
  address and HTTPS are known. The session cookie then gets the ``Secure`` flag on every HTTPS
  request (``SESSION_COOKIE_SECURE = True`` forces it).
- **Request size**: ``MAX_CONTENT_LENGTH`` for signed-in people (a scenario upload),
  ``ANONYMOUS_MAX_CONTENT_LENGTH`` for everyone else (the join and login forms, API calls); a
  larger request is answered 413 before its body is read.
- **Headers** on every response: no MIME sniffing, no framing (X-Frame-Options and CSP
  ``frame-ancestors``), the referrer only to the trainer itself.
- **Throttles** (:mod:`sandbox.throttle`): the limits can be changed with ``THROTTLE``, a mapping
  of a limit's kind to ``(attempts, window_seconds)``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from flask.wrappers import Response
from werkzeug.middleware.proxy_fix import ProxyFix

import sandbox as sb

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
FRAME_ANCESTORS = "frame-ancestors 'none'"


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie, marked ``Secure`` whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        if app.config["SESSION_COOKIE_SECURE"]:
            return True
        return has_request_context() and request.is_secure


def trust_proxies(app: Flask, count: int) -> None:
    """Trust the X-Forwarded-* headers of ``count`` reverse proxies in front of the trainer."""
    app.config["PROXY_COUNT"] = count
    inner = app.wsgi_app
    while isinstance(inner, ProxyFix):  # set again: replace, never stack
        inner = inner.app
    app.wsgi_app = (  # type: ignore[method-assign]
        ProxyFix(inner, x_for=count, x_proto=count, x_host=count, x_port=count, x_prefix=count)
        if count > 0
        else inner
    )


def forwarded_without_trust() -> bool:
    """Whether the request passed a proxy the trainer was not told to trust (its address is then
    the proxy's, not the client's: never take it for the laptop itself)."""
    if current_app.config["PROXY_COUNT"]:
        return False
    return any(h in request.headers for h in ("X-Forwarded-For", "Forwarded", "X-Real-Ip"))


def signed_in() -> bool:
    """Whether the request carries a session of a facilitator or participant (not yet checked
    against the database: enough to pick a size limit)."""
    return session.get("role") is not None


def limit_request_size() -> None:
    """Answer 413 at once when the declared body is larger than the caller may send."""
    config = current_app.config
    limit = config["MAX_CONTENT_LENGTH"] if signed_in() else config["ANONYMOUS_MAX_CONTENT_LENGTH"]
    if limit is None:
        return
    request.max_content_length = limit  # a body without Content-Length is cut off at the limit
    if request.content_length is not None and request.content_length > limit:
        abort(413)


def add_headers(response: Response) -> Response:
    """The security headers every response carries."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        response.headers["Content-Security-Policy"] = FRAME_ANCESTORS
    elif "frame-ancestors" not in csp:
        response.headers["Content-Security-Policy"] = f"{csp}; {FRAME_ANCESTORS}"
    return response


def limit(kind: str) -> sb.Limit:
    """A throttle limit, as configured (``THROTTLE``) or by default."""
    default = sb.THROTTLE_LIMITS[kind]
    attempts, window = current_app.config["THROTTLE"].get(
        kind, (default.attempts, default.window_seconds)
    )
    return sb.Limit(kind, int(attempts), float(window))


def client_address() -> str:
    """The caller's address (the proxy's client once proxies are trusted)."""
    return request.remote_addr or "?"


def init_app(app: Flask) -> None:
    """Install the proxy fix, the cookie interface, the size limit and the headers."""
    trust_proxies(app, int(app.config["PROXY_COUNT"] or 0))
    app.session_interface = SessionCookies()
    app.before_request(limit_request_size)
    app.after_request(add_headers)


def retry_after(response: Any, exc: sb.Throttled) -> Any:
    """A throttled answer with its Retry-After header."""
    response.headers["Retry-After"] = str(exc.retry_after)
    return response
