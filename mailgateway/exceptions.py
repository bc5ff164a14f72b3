"""Errors of the gateway; each keeps its German message id and parameters (see reasons.py)."""

from __future__ import annotations

from typing import Any


class GatewayError(Exception):
    """Base of every error the gateway raises.

    Raise it with a marked message and its parameters, ``TransportError(_l("… %(host)s …"),
    host=h)``: ``str(exc)`` is the German text; what is stored keeps the id and parameters,
    so that a reader sees the reason in their own language (``reasons.describe_failure``).
    """

    def __init__(self, message: Any = "", **params: Any) -> None:
        self.marked = is_lazy(message)
        """Raised with a marked message (stored as id and parameters), not with plain text."""
        self.msgid = message_id(message)
        # Numbers stay numbers (JSON keeps them), so a %(n)d of the message formats.
        self.params = {name: value if isinstance(value, int | float) and not isinstance(
            value, bool) else message_id(value) for name, value in params.items()}
        self.translated = sorted(name for name, value in params.items() if is_lazy(value))
        """The parameters that are message ids themselves (a marked reason), translated too."""
        super().__init__(german(self.msgid, self.params))


class QueueUnavailable(GatewayError):
    """Redis could not take the job; the outbox relay will enqueue it later."""


class TransportError(GatewayError):
    """A transport could not deliver; the message will be retried."""


class PermanentDeliveryError(TransportError):
    """Retrying cannot help (unknown recipient, message too large)."""


def is_lazy(message: Any) -> bool:
    """Say whether a value is a marked lazy message (`_l`), whose id flask-babel keeps."""
    args = getattr(message, "_args", None)
    return bool(args) and isinstance(args[0], str) and callable(getattr(message, "_func", None))


def message_id(message: Any) -> str:
    """Return the German message id of a lazy string (`_l`), or the text of anything else."""
    return message._args[0] if is_lazy(message) else str(message)


def german(msgid: str, params: dict[str, Any]) -> str:
    """Return the German text of a message id with its parameters filled in."""
    if not params:
        return msgid
    try:
        return msgid % params
    except (KeyError, TypeError, ValueError):
        return f"{msgid} {params}"
