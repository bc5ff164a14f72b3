"""The fixed forms of the account area."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, RadioField, SelectChoice, StringField
from wtforms import validators as v

from common.i18n import _l

from ..core.webforms import GermanForm
from .passwords import StrongPassword

STRENGTH_HINT = _l("Mindestens 10 Zeichen, nicht leicht zu erraten: am besten mehrere "
                   "ungewöhnliche Wörter.")


def new_password(label: object) -> PasswordField:
    """Return the field of a password being chosen: long enough and hard to guess."""
    return PasswordField(label, [
        v.InputRequired(_l("Bitte wählen Sie ein Passwort.")),
        v.Length(min=10, max=200, message=_l("Das Passwort braucht mindestens 10 Zeichen.")),
        StrongPassword(),
    ], description=STRENGTH_HINT, render_kw={"autocomplete": "new-password"})


def repeated_password() -> PasswordField:
    """Return the field that repeats the chosen password."""
    return PasswordField(_l("Passwort wiederholen"), [
        v.InputRequired(_l("Bitte wiederholen Sie das Passwort.")),
        v.EqualTo("password", message=_l("Die beiden Passwörter stimmen nicht überein.")),
    ], render_kw={"autocomplete": "new-password"})


class LoginForm(GermanForm):
    """E-mail and password."""

    email = EmailField(
        _l("E-Mail-Adresse"),
        [v.DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse an."))],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Passwort"),
        [v.InputRequired(_l("Bitte geben Sie Ihr Passwort an."))],
        render_kw={"autocomplete": "current-password"},
    )


class RegisterForm(GermanForm):
    """A new resident account."""

    display_name = StringField(
        _l("Vor- und Nachname"),
        [
            v.DataRequired(_l("Bitte geben Sie Ihren Namen an.")),
            v.Length(max=120, message=_l("Bitte höchstens 120 Zeichen.")),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-Mail-Adresse"),
        [
            v.DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse an.")),
            v.Length(max=254, message=_l("Eine E-Mail-Adresse hat höchstens 254 Zeichen.")),
            v.Email(_l("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.de.")),
        ],
        render_kw={"autocomplete": "email"},
    )
    password = new_password(_l("Passwort"))
    password_repeat = repeated_password()


class NewPasswordForm(GermanForm):
    """A new password, typed twice (after a one-time link, or when changing it)."""

    password = new_password(_l("Neues Passwort"))
    password_repeat = repeated_password()

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        """Whose password it is: a strength check compares the password with their data."""


def email_field(label: object) -> EmailField:
    """Return a required e-mail address field with the platform's messages."""
    return EmailField(label, [
        v.DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse an.")),
        v.Length(max=254, message=_l("Eine E-Mail-Adresse hat höchstens 254 Zeichen.")),
        v.Email(_l("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.de.")),
    ], render_kw={"autocomplete": "email"})


def current_password_field(label: object) -> PasswordField:
    """Return a field asking for the password the account has now."""
    return PasswordField(label,
                         [v.InputRequired(_l("Bitte geben Sie Ihr aktuelles Passwort an."))],
                         render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(GermanForm):
    """The address a reset link goes to."""

    email = email_field(_l("E-Mail-Adresse"))


class ChangeEmailForm(GermanForm):
    """A new address, confirmed by a link sent there; the current password proves the person."""

    new_email = email_field(_l("Neue E-Mail-Adresse"))
    email_password = current_password_field(_l("Ihr Passwort zur Bestätigung"))


class ChangePasswordForm(NewPasswordForm):
    """The current password, then a new one typed twice."""

    current_password = current_password_field(_l("Aktuelles Passwort"))


ON_OFF = [SelectChoice("on", _l("Ein")), SelectChoice("off", _l("Aus"))]


class NotificationsForm(GermanForm):
    """What the account is told by e-mail; each choice is said explicitly (a form posted
    empty changes nothing)."""

    notify_by_email = RadioField(
        _l("E-Mail, wenn in meinem Postfach etwas auf mich wartet"), choices=ON_OFF,
        validators=[v.InputRequired(_l("Bitte wählen Sie „Ein“ oder „Aus“."))])
    digest_subscribed = RadioField(
        _l("Tägliche Übersicht neuer und überfälliger Vorgänge"), choices=ON_OFF,
        validators=[v.Optional()])
