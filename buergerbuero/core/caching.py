"""No browser or proxy keeps a copy of our pages: case pages, answers with an IBAN, documents and
forms with CSRF tokens must not outlive the session in a cache. Static assets stay cacheable."""

from __future__ import annotations

from flask import Flask, Response, request


def no_store(response: Response) -> Response:
    """Forbid storing every response but static assets and deliberately cacheable ones."""
    control = response.cache_control
    if is_static_asset() or (caches_deliberately(response) and not control.no_store):
        return response
    if not control.no_store:
        response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"  # for HTTP/1.0 caches
    return response


def is_static_asset() -> bool:
    """Tell whether the request is for a file of the app's or a blueprint's static folder."""
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith(".static")


def caches_deliberately(response: Response) -> bool:
    """Tell whether the view chose to allow caching (public, private, max-age).

    A bare `no-cache` is what send_file sets by default, not a choice, so it is overridden.
    """
    control = response.cache_control
    return bool(control.public or control.private or control.max_age is not None
                or control.s_maxage is not None)


def init_app(app: Flask) -> None:
    """Register the caching policy for every response."""
    app.after_request(no_store)
