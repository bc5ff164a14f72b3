"""The fixed forms of the account area."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, StringField
from wtforms import validators as v

from ..core.webforms import GermanForm


class LoginForm(GermanForm):
    """E-mail and password."""

    email = EmailField(
        "E-Mail-Adresse",
        [v.DataRequired("Bitte geben Sie Ihre E-Mail-Adresse an.")],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Passwort",
        [v.InputRequired("Bitte geben Sie Ihr Passwort an.")],
        render_kw={"autocomplete": "current-password"},
    )


class RegisterForm(GermanForm):
    """A new resident account."""

    display_name = StringField(
        "Vor- und Nachname",
        [
            v.DataRequired("Bitte geben Sie Ihren Namen an."),
            v.Length(max=120, message="Bitte höchstens 120 Zeichen."),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        "E-Mail-Adresse",
        [
            v.DataRequired("Bitte geben Sie Ihre E-Mail-Adresse an."),
            v.Length(max=254, message="Eine E-Mail-Adresse hat höchstens 254 Zeichen."),
            v.Email("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.de."),
        ],
        render_kw={"autocomplete": "email"},
    )
    password = PasswordField(
        "Passwort",
        [
            v.InputRequired("Bitte wählen Sie ein Passwort."),
            v.Length(min=10, max=200, message="Das Passwort braucht mindestens 10 Zeichen."),
        ],
        description="Mindestens 10 Zeichen.",
        render_kw={"autocomplete": "new-password"},
    )
    password_repeat = PasswordField(
        "Passwort wiederholen",
        [
            v.InputRequired("Bitte wiederholen Sie das Passwort."),
            v.EqualTo("password", message="Die beiden Passwörter stimmen nicht überein."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
