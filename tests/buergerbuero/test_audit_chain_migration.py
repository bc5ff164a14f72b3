"""The audit chain's migration links the events already there, in id order, by the same rule
that `flask audit verify` checks."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from buergerbuero import create_app
from buergerbuero.core import migrate
from buergerbuero.core.extensions import db
from buergerbuero.privacy.audit_verify import verify_chain

from .. import support

BEFORE_THE_CHAIN = "0015"

LEGACY_EVENTS = [
    "INSERT INTO audit_events (id, at, actor_id, action, object_type, object_id, case_id, "
    f"details) VALUES ({n}, '2026-11-0{n} 10:00:00.123456', NULL, 'login', 'User', '{n}', NULL, "
    f"'{details}')"
    for n, details in ((1, "{}"), (2, '{"grund": "Umzug nach Köln", "n": [1, 2.5]}'),
                       (3, '{"b": 1, "a": {"z": null}}'))
]


def test_the_migration_chains_existing_events_so_that_verify_is_green(tmp_path):
    with support.fresh_database(str(tmp_path)) as url:
        app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url},
                         instance_path=str(tmp_path))
        migrate.upgrade(app, BEFORE_THE_CHAIN)
        engine = create_engine(url)
        with engine.begin() as connection:
            for statement in LEGACY_EVENTS:
                connection.execute(text(statement))
        migrate.upgrade(app)
        with engine.connect() as connection:
            seqs = connection.execute(text(
                "SELECT id, chain_seq FROM audit_events ORDER BY id")).all()
            head = connection.execute(text("SELECT seq FROM audit_chain_head")).scalar_one()
        assert [tuple(row) for row in seqs] == [(1, 1), (2, 2), (3, 3)] and head == 3
        with app.app_context():
            verdict = verify_chain(db.session)
            db.session.close()
        # Every link holds; the month-old events are not sealed yet (the relay's first round
        # or `flask audit seal` seals them), which verify names as the only problem.
        assert verdict.ok or verdict.problem.kind == "seal_none", verdict.problem.message()
        assert verdict.events == 3
        engine.dispose()
        with app.app_context():
            db.engine.dispose()
