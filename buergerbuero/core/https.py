"""HTTPS awareness: believe only the configured reverse proxies, and mark every cookie Secure on
a request that came over HTTPS (session, remember-me, any other)."""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from werkzeug.middleware.proxy_fix import ProxyFix


class HttpsSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, whose cookies are Secure whenever the request is."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Return True when configured so, or when this request came over HTTPS."""
        return super().get_cookie_secure(app) or request.is_secure

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Save the session, then secure the cookies the after-request hooks set before it."""
        super().save_session(app, session, response)
        if request.is_secure:
            secure_cookies(response)


def secure_cookies(response: Response) -> None:
    """Add the Secure attribute to every Set-Cookie header that lacks it."""
    cookies = response.headers.getlist("Set-Cookie")
    if not cookies:
        return
    response.headers.setlist("Set-Cookie", [
        cookie if has_secure(cookie) else f"{cookie}; Secure" for cookie in cookies])


def has_secure(cookie: str) -> bool:
    """Tell whether a Set-Cookie value carries the Secure attribute."""
    return any(part.strip().lower() == "secure" for part in cookie.split(";")[1:])


def init_app(app: Flask) -> None:
    """Trust TRUSTED_PROXIES hops of X-Forwarded-* headers and install the session interface."""
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_port=hops)
    app.session_interface = HttpsSessionInterface()
