"""Errors of the gateway."""


class GatewayError(Exception):
    """Base of every error the gateway raises."""


class QueueUnavailable(GatewayError):
    """Redis could not take the job; the outbox relay will enqueue it later."""


class TransportError(GatewayError):
    """A transport could not deliver; the message will be retried."""


class PermanentDeliveryError(TransportError):
    """Retrying cannot help (unknown recipient, message too large)."""
