"""E-mails to people: one-time links and notifications that something waits in the Postfach.

A mail is rendered in its recipient's language and stored in the transaction of what it tells
of (`mails.queue_mail`); an rq job sends it through SMTP after the commit, with retries.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("notifications", __name__)
