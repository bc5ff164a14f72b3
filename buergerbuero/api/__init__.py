"""Machine-readable endpoints (health, gateway status) for monitoring."""
