"""Passwords: a strength check with zxcvbn (German messages), and login checks that cost the
same scrypt work whether or not the address has an account."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash
from wtforms.validators import ValidationError
from zxcvbn import zxcvbn

from common.i18n import _l

from ..models import User

MIN_SCORE = 3
"""zxcvbn's score from 0 to 4; 3 means "safely unguessable" for an attacker online."""
CHECKED_LENGTH = 100
"""zxcvbn's work grows with the length; what lies beyond this adds strength anyway."""

# An address without an account (or a password) is checked against this, so the answer
# takes as long as for a known address. Its password is random and thrown away.
DUMMY_HASH = generate_password_hash("no-login-without-an-account", method="scrypt")

TOO_WEAK = _l("Dieses Passwort ist zu leicht zu erraten.")
HINT = _l("Tipp: Nehmen Sie mehrere ungewöhnliche Wörter, etwa einen kurzen Satz, den nur Sie "
          "kennen, und nicht Ihren Namen oder Ihre E-Mail-Adresse.")

# zxcvbn explains in English; these are its warnings, said in German.
WARNINGS = {
    "This is a top-10 common password.": _l("Es gehört zu den häufigsten Passwörtern."),
    "This is a top-100 common password.": _l("Es gehört zu den häufigsten Passwörtern."),
    "This is a very common password.": _l("Es wird sehr häufig verwendet."),
    "This is similar to a commonly used password.":
        _l("Es ähnelt einem häufig verwendeten Passwort."),
    "A word by itself is easy to guess.": _l("Ein einzelnes Wort ist leicht zu erraten."),
    "Names and surnames by themselves are easy to guess.":
        _l("Namen allein sind leicht zu erraten."),
    "Common names and surnames are easy to guess.":
        _l("Häufige Vor- und Nachnamen sind leicht zu erraten."),
    "Straight rows of keys are easy to guess.":
        _l("Tastenreihen wie „qwertz“ sind leicht zu erraten."),
    "Short keyboard patterns are easy to guess.":
        _l("Kurze Tastaturmuster sind leicht zu erraten."),
    'Repeats like "aaa" are easy to guess.':
        _l("Wiederholungen wie „aaa“ sind leicht zu erraten."),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        _l("Wiederholte Zeichenfolgen sind kaum schwerer zu erraten als eine."),
    'Sequences like "abc" or "6543" are easy to guess.':
        _l("Folgen wie „abc“ oder „6543“ sind leicht zu erraten."),
    "Recent years are easy to guess.": _l("Jahreszahlen sind leicht zu erraten."),
    "Dates are often easy to guess.": _l("Daten wie Geburtstage sind leicht zu erraten."),
}


def personal_words(*values: str | None) -> list[str]:
    """Return the words of a person's name and address, for zxcvbn to treat as guessable."""
    words: list[str] = []
    for value in values:
        if value:
            words.append(value.lower())
            words.extend(w for w in re.split(r"[\W_]+", value.lower()) if len(w) > 2)
    return words


def weakness(password: str, user_inputs: list[str]) -> str | None:
    """Return a German reason why the password is too guessable, or None if it is strong."""
    result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=user_inputs)
    if result["score"] >= MIN_SCORE:
        return None
    warning = WARNINGS.get(result["feedback"].get("warning") or "")
    return " ".join(str(part) for part in (TOO_WEAK, warning, HINT) if part)


class StrongPassword:
    """WTForms validator: refuse guessable passwords; the person's data comes from the form
    (`display_name`, `email` fields, or the form's `user`)."""

    def __call__(self, form: Any, field: Any) -> None:
        user = getattr(form, "user", None)
        name = getattr(form, "display_name", None)
        email = getattr(form, "email", None)
        words = personal_words(
            user.display_name if user else None, user.email if user else None,
            name.data if name is not None else None, email.data if email is not None else None)
        if len(field.data or "") < 10:
            return  # the length check says what is wrong; one message at a time
        reason = weakness(field.data, words)
        if reason:
            raise ValidationError(reason)


def hash_password(password: str) -> str:
    """Return a salted scrypt hash of the password."""
    return generate_password_hash(password, method="scrypt")


def verify(user: User | None, password: str) -> bool:
    """Tell whether the account may log in with the password, with one scrypt check always:
    unknown, disabled and password-less accounts cost as much as known ones."""
    stored = user.password_hash if user is not None and user.password_hash else None
    matches = check_password_hash(stored or DUMMY_HASH, password)
    return matches and stored is not None and user.active
