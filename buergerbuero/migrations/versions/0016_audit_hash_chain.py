"""audit hash chain: each audit event's position, details digest, predecessor's and own hash;
the chain head, the signed seals and the verify runs; existing events chained in id order

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 01:30:00.000000
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import sqlalchemy as sa
from alembic import op

import common.db

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

GENESIS = "0" * 64
BATCH = 1000


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('details_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_events_chain_seq'), ['chain_seq'])
    head = op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    op.create_table('audit_seals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('sealed_at', common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('record', sa.Text(), nullable=False),
    sa.Column('signature', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_seals')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_seals_seq'))
    )
    op.create_table('audit_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.Column('redacted', sa.Integer(), nullable=False),
    sa.Column('seals', sa.Integer(), nullable=False),
    sa.Column('problem', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checks'))
    )
    with op.batch_alter_table('audit_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_checks_at'), ['at'], unique=False)
    seq, last = backfill(op.get_bind())
    op.bulk_insert(head, [{"id": 1, "seq": seq, "hash": last}])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('audit_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_checks_at'))
    op.drop_table('audit_checks')
    op.drop_table('audit_seals')
    op.drop_table('audit_chain_head')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_events_chain_seq'), type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('details_sha256')
        batch_op.drop_column('chain_seq')


# The chain's rule as of this revision (buergerbuero/privacy/audit_chain.py, copied so that the
# migration keeps working whatever the module becomes).
events = sa.table(
    'audit_events', sa.column('id', sa.Integer), sa.column('at', common.db.UTCDateTime()),
    sa.column('actor_id', sa.Integer), sa.column('action', sa.String),
    sa.column('object_type', sa.String), sa.column('object_id', sa.String),
    sa.column('case_id', sa.Integer), sa.column('details', sa.JSON),
    sa.column('chain_seq', sa.Integer), sa.column('details_sha256', sa.String),
    sa.column('prev_hash', sa.String), sa.column('hash', sa.String))


def backfill(bind: sa.Connection) -> tuple[int, str]:
    """Chain the events there are, in id order, batch by batch; return the head."""
    seq, prev, after = 0, GENESIS, 0
    while True:
        rows = bind.execute(sa.select(events).where(events.c.id > after)
                            .order_by(events.c.id).limit(BATCH)).all()
        for row in rows:
            seq += 1
            digest = _digest(row.details)
            content = {"seq": seq, "id": row.id, "at": _iso(row.at), "actor_id": row.actor_id,
                       "action": row.action, "object_type": row.object_type,
                       "object_id": row.object_id, "case_id": row.case_id,
                       "details_sha256": digest}
            own = hashlib.sha256((prev + "\n" + _canonical(content)).encode("utf-8")).hexdigest()
            bind.execute(events.update().where(events.c.id == row.id).values(
                chain_seq=seq, details_sha256=digest, prev_hash=prev, hash=own))
            prev = own
        if len(rows) < BATCH:
            return seq, prev
        after = rows[-1].id


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _digest(details: object) -> str:
    stored = json.loads(json.dumps({} if details is None else details))
    return hashlib.sha256(_canonical(stored).encode("utf-8")).hexdigest()


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
