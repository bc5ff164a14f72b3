"""The documented defaults apply, even where Flask has its own: request size limit, cookie flags,
Secure cookies behind HTTPS; and instance config and environment still override them."""

from __future__ import annotations

import re
import socket
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from buergerbuero import create_app
from buergerbuero.instance_setup import DEMO_PASSWORD

from .. import support

MIB = 1024 * 1024


@contextmanager
def served(app):
    """Serve the app on a real socket (werkzeug's server in a thread); yield its port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(5)


def announce_large_post(port: int, path: str, length: int) -> tuple[bytes, bytes]:
    """Send a multipart POST announcing `length` bytes but only 64 KiB of them; return the
    answer's head and body. A server that read the whole body first would time out here."""
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: multipart/form-data; boundary=xyz\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(head.encode() + b"--xyz\r\n" + b"a" * 64 * 1024)
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += conn.recv(65536)
        head, _, body = answer.partition(b"\r\n\r\n")
        size = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        while len(body) < size:
            body += conn.recv(65536)
    return head, body


def test_anonymous_post_over_the_size_limit_gets_a_german_413_before_the_body_is_read(app):
    with served(app) as port:
        head, body = announce_large_post(port, "/konto/registrieren", 100 * MIB)
    assert head.startswith(b"HTTP/1.1 413"), head
    text = body.decode("utf-8")
    assert "Datei zu groß" in text
    assert "größer als erlaubt (16 MB)" in text


def test_json_client_over_the_size_limit_gets_a_german_413_as_json(client):
    response = client.post("/konto/anmelden", data=b"x" * (17 * MIB),
                           content_type="application/octet-stream",
                           headers={"Accept": "application/json"})
    assert response.status_code == 413
    body = response.get_json()
    assert body["status"] == 413
    assert "größer als erlaubt (16 MB)" in body["message"]


def test_a_post_within_the_size_limit_is_still_processed(client):
    response = support.post_form(client, "/konto/anmelden", {
        "email": "buergerin@example.org", "password": DEMO_PASSWORD, "notiz": "x" * 100_000})
    assert response.status_code == 302


def session_cookie(response) -> str:
    """Return the Set-Cookie header of the session cookie."""
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[0]


def attributes(cookie: str) -> set[str]:
    """Return a Set-Cookie header's attributes, lower-cased (e.g. {'httponly', 'samesite=lax'})."""
    return {part.strip().lower() for part in cookie.split(";")[1:]}


def test_session_cookie_is_httponly_and_samesite_lax(client):
    response = support.login(client, "buergerin@example.org", DEMO_PASSWORD)
    assert response.status_code == 302
    flags = attributes(session_cookie(response))
    assert {"httponly", "samesite=lax"} <= flags


def test_session_cookie_over_plain_http_is_not_secure_so_local_runs_keep_working(client):
    response = support.login(client, "buergerin@example.org", DEMO_PASSWORD)
    assert "secure" not in attributes(session_cookie(response))


def login_as_browser(client, **request):
    """Log the demo resident in as a browser does over HTTPS: with a same-origin Referer."""
    request["headers"] = {"Referer": "https://localhost/konto/anmelden",
                          **request.get("headers", {})}
    page = client.get("/konto/anmelden", **request)
    return client.post("/konto/anmelden", **request, data={
        "csrf_token": support.csrf_of(page.get_data(as_text=True)),
        "email": "buergerin@example.org", "password": DEMO_PASSWORD})


def test_session_cookie_over_https_is_secure(client):
    response = login_as_browser(client, base_url="https://localhost")
    assert response.status_code == 302
    assert "secure" in attributes(session_cookie(response))


def test_session_cookie_behind_a_trusted_https_proxy_is_secure(app):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    with support.sibling_app(app, TRUSTED_PROXIES=1) as proxied:
        response = login_as_browser(proxied.test_client(), headers=forwarded)
    assert response.status_code == 302
    assert {"secure", "httponly", "samesite=lax"} <= attributes(session_cookie(response))


def test_forwarded_https_from_an_untrusted_client_does_not_count(client):
    response = login_as_browser(client, headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 302
    assert "secure" not in attributes(session_cookie(response))


@pytest.fixture
def bare_instance(tmp_path, monkeypatch, app):
    """An empty instance folder and an environment that points the app at test services only."""
    monkeypatch.setenv("BUERGERBUERO_RATELIMIT_STORAGE_URI", "memory://")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/db.sqlite3")
    yield tmp_path
    support.rebind_limiter(app)


def test_instance_config_overrides_defaults_and_environment_overrides_instance(bare_instance,
                                                                              monkeypatch):
    (bare_instance / "config.py").write_text(
        "MAX_CONTENT_LENGTH = 1024\nSESSION_COOKIE_SAMESITE = 'Strict'\nSITE_NAME = 'A'\n")
    monkeypatch.setenv("BUERGERBUERO_SITE_NAME", "B")
    configured = create_app(instance_path=str(bare_instance))
    assert configured.config["MAX_CONTENT_LENGTH"] == 1024
    assert configured.config["SESSION_COOKIE_SAMESITE"] == "Strict"
    assert configured.config["SITE_NAME"] == "B"


def test_defaults_apply_without_any_instance_config(bare_instance):
    configured = create_app(instance_path=str(bare_instance))
    assert configured.config["MAX_CONTENT_LENGTH"] == 16 * MIB
    assert configured.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert configured.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    assert configured.config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True


def test_every_cookie_set_over_https_is_secure_not_only_the_session(app):
    with support.sibling_app(app) as sibling:
        @sibling.route("/test-cookie")
        def set_cookie():
            response = sibling.make_response("ok")
            response.set_cookie("remember_token", "x", httponly=True, samesite="Lax")
            return response

        response = sibling.test_client().get("/test-cookie", base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert attributes(cookie) >= {"secure", "httponly", "samesite=lax"}


def test_too_much_text_within_the_size_limit_gets_a_413_that_says_so(client):
    body = (b'--xyz\r\nContent-Disposition: form-data; name="notiz"\r\n\r\n'
            + b"x" * 600_000 + b"\r\n--xyz--\r\n")  # one text part over MAX_FORM_MEMORY_SIZE
    response = client.post("/konto/anmelden", data=body,
                           content_type="multipart/form-data; boundary=xyz")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "zu viel Text oder zu viele Felder" in page
    assert "16 MB" not in page
