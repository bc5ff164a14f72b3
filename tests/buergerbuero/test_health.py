"""The health endpoint tells load balancers whether the database and Redis answer."""

from __future__ import annotations

from .. import support


def test_health_reports_database_and_redis_ok(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.is_json
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "redis": "ok"}
    assert isinstance(body["outbox_waiting"], int)


def test_health_warns_but_stays_ready_when_redis_is_unreachable(app):
    with support.sibling_app(app, REDIS_URL="redis://127.0.0.1:1/0",
                             RATELIMIT_STORAGE_URI="memory://") as offline:
        response = offline.test_client().get("/api/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error")
    assert any(w.startswith("Redis nicht erreichbar") for w in body["warnings"])


def test_health_fails_with_503_when_the_database_is_unreachable(app):
    missing = "sqlite:////nonexistent/folder/db.sqlite3"
    with support.sibling_app(app, DATABASE_URL=missing) as broken:
        response = broken.test_client().get("/api/health")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error"
    assert body["checks"]["database"].startswith("error")
