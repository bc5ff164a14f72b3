"""E-mails to people: one-time links and notifications that something waits in the Postfach.

A mail is rendered in its recipient's language and stored in the transaction of what it tells
of (`mails.queue_mail`); after the commit an rq job (`jobs.send_mail`, on the MAIL_QUEUE that
the gateway worker also works) sends it through SMTP, with retries; the relay round enqueues
what was missed and sends the case workers' daily digest.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("notifications", __name__)
"""The development page of caught mails, under /entwicklung (404 unless MAIL_CATCHER_DIR)."""


def init_app(app: Flask) -> None:
    """Set the mail settings' defaults; register sending, events, relay round, CLI and page."""
    import mailgateway

    from . import views  # noqa: F401 - the routes of bp
    from .commands import notifications_cli
    from .events import init_events
    from .jobs import listen_for_commits
    from .relay import init_relay

    app.config.setdefault("MAIL_SMTP_HOST", "127.0.0.1")
    app.config.setdefault("MAIL_SMTP_PORT", 25)
    app.config.setdefault("MAIL_SMTP_STARTTLS", False)
    app.config.setdefault("MAIL_SMTP_USERNAME", "")
    app.config.setdefault("MAIL_SMTP_PASSWORD", "")
    app.config.setdefault("MAIL_SMTP_TIMEOUT", 30)
    app.config.setdefault("MAIL_FROM", "buergerbuero@localhost")
    app.config.setdefault("MAIL_QUEUE", "mail")
    app.config.setdefault("MAIL_JOB_TIMEOUT", 60)
    app.config.setdefault("MAIL_MAX_ATTEMPTS", 6)
    app.config.setdefault("MAIL_BACKOFF_SECONDS", 60)
    app.config.setdefault("MAIL_RELAY_GRACE_SECONDS", 30)
    app.config.setdefault("MAIL_DIGEST_HOUR", 7)
    app.config.setdefault("MAIL_CATCHER_DIR", "")  # set by `make run` only: the dev page
    mailgateway.state_of(app).worker_queues.append(app.config["MAIL_QUEUE"])
    listen_for_commits()
    init_events(app)
    init_relay(app)
    app.cli.add_command(notifications_cli)
    app.register_blueprint(bp, url_prefix="/entwicklung")
