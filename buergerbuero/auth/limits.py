"""Rate limits of the pages that send a mail with a link (per address it goes to, per client)
and of the pages that check a logged-in account's password (per account, as login)."""

from __future__ import annotations

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from ..core.extensions import limiter


def _address_limit() -> str:
    return current_app.config["RATELIMIT_MAIL_ADDRESS"]


def _client_limit() -> str:
    return current_app.config["RATELIMIT_MAIL_CLIENT"]


def mail_address() -> str:
    """Return the address a mail would go to: the posted one, else the logged-in account's."""
    posted = (request.form.get("email") or request.form.get("new_email") or "").strip().lower()
    if not posted and current_user.is_authenticated:
        posted = current_user.email.lower()
    return "mail-to:" + posted[:254]


def mail_client() -> str:
    """Return the client's key (its address, as the login limits count it)."""
    return "mail-from:" + get_remote_address()


def mail_limits(view):
    """Limit a view's POSTs per recipient address and per client (429 with a German page)."""
    view = limiter.limit(_address_limit, key_func=mail_address, methods=["POST"])(view)
    return limiter.limit(_client_limit, key_func=mail_client, methods=["POST"])(view)


def _password_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _password_account() -> str:
    """Return the logged-in account's key: a stolen session guesses no faster than a login."""
    account = current_user.id if current_user.is_authenticated else "anonym"
    return f"password-of:{account}"


def wrong_password() -> None:
    """Mark this request's password check as failed, so the password limit counts it."""
    g.wrong_password = True


def _password_failed(_response) -> bool:
    """Count only requests whose password was wrong (a missing tick or typo elsewhere is free)."""
    return bool(g.get("wrong_password"))


def password_limits(view):
    """Limit a logged-in page's checks of the account's password as login is limited per
    account (RATELIMIT_LOGIN, wrong passwords only), with the same German 429 page."""
    return limiter.limit(_password_limit, key_func=_password_account, methods=["POST"],
                         deduct_when=_password_failed)(view)
