"""Is Redis fit to hold the queue? Warn when it may evict keys or keeps nothing on disk.

Our outbox table is the source of truth, so neither loses a message; but a Redis that drops jobs
makes every delivery wait for the relay, which operators should know about.
"""

from __future__ import annotations

from redis import Redis
from redis.exceptions import RedisError, ResponseError

from common.i18n import _


def redis_warnings(connection: Redis) -> list[str]:
    """Return warnings about eviction and persistence in the reader's language (empty if none)."""
    try:
        info = connection.info("persistence")
        memory = connection.info("memory")
    except RedisError as exc:
        return [_("Redis nicht erreichbar: %(error)s", error=exc)]
    warnings = []
    policy = memory.get("maxmemory_policy", "noeviction")
    if policy != "noeviction":
        warnings.append(_("Redis verdrängt Schlüssel bei Speichermangel (maxmemory-policy "
                          "%(policy)s); empfohlen ist noeviction.", policy=policy))
    if not info.get("aof_enabled") and not rdb_saving(connection):
        warnings.append(_("Redis speichert nichts auf der Platte (weder AOF noch RDB); nach "
                          "einem Neustart stellt der Relay die Warteschlange aus der Datenbank "
                          "wieder her."))
    return warnings


def rdb_saving(connection: Redis) -> bool:
    """Tell whether RDB snapshots are configured (unknown, e.g. CONFIG disabled: assume yes)."""
    try:
        return bool(connection.config_get("save").get("save", "").strip())
    except ResponseError:
        return True
