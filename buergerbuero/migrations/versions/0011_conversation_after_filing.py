"""conversation after filing: Rückfragen, Bescheide, the resident's box, files carried by
messages, consent to announcement by retrieval, outbox rows to residents

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 17:30:44.177255
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import common.db

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision; nothing existing changes (new tables, nullable or defaulted columns)."""
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('issued_case_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('entwurf', 'freigabe', 'erlassen', name='decisionstate', native_enum=False, length=32), nullable=False),
    sa.Column('outcome', sa.Enum('bewilligung', 'teilbewilligung', 'ablehnung', name='decisionoutcome', native_enum=False, length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('remedy', sa.Text(), nullable=False),
    sa.Column('recipient', sa.Text(), nullable=False),
    sa.Column('fee_cents', sa.Integer(), nullable=True),
    sa.Column('drafted_by_id', sa.Integer(), nullable=False),
    sa.Column('drafted_at', common.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('needs_approval', sa.Boolean(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('issued_at', common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('dated', sa.Date(), nullable=True),
    sa.Column('message_id', sa.String(length=255), nullable=True),
    sa.Column('by_retrieval', sa.Boolean(), nullable=False),
    sa.Column('notified_at', common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('notice_mail_id', sa.Integer(), nullable=True),
    sa.Column('retrieved_at', common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('provision_ended_at', common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('posted_on', sa.Date(), nullable=True),
    sa.Column('posted_by_id', sa.Integer(), nullable=True),
    sa.Column('announced_on', sa.Date(), nullable=True),
    sa.Column('remedy_ends_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_decisions_approved_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_decisions_case_id_cases')),
    sa.ForeignKeyConstraint(['drafted_by_id'], ['users.id'], name=op.f('fk_decisions_drafted_by_id_users')),
    sa.ForeignKeyConstraint(['issued_case_id'], ['cases.id'], name=op.f('fk_decisions_issued_case_id_cases')),
    sa.ForeignKeyConstraint(['posted_by_id'], ['users.id'], name=op.f('fk_decisions_posted_by_id_users')),
    sa.ForeignKeyConstraint(['notice_mail_id'], ['mail_messages.id'], name=op.f('fk_decisions_notice_mail_id_mail_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('issued_case_id', name=op.f('uq_decisions_issued_case_id')),
    sa.UniqueConstraint('message_id', name=op.f('uq_decisions_message_id'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_case_id'), ['case_id'], unique=False)

    op.create_table('resident_box_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('envelope', sa.LargeBinary(), nullable=False),
    sa.Column('envelope_sha256', sa.String(length=255), nullable=False),
    sa.Column('received_at', common.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('opened_at', common.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_resident_box_entries_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_box_entries')),
    sa.UniqueConstraint('message_id', name=op.f('uq_resident_box_entries_message_id'))
    )
    with op.batch_alter_table('resident_box_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_box_entries_case_id'), ['case_id'], unique=False)

    op.create_table('case_queries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('answer_by', sa.Date(), nullable=False),
    sa.Column('asked_at', common.db.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=True),
    sa.Column('answered_at', common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('reminded_at', common.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['answer_id'], ['messages.id'], name=op.f('fk_case_queries_answer_id_messages')),
    sa.ForeignKeyConstraint(['asked_by_id'], ['users.id'], name=op.f('fk_case_queries_asked_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_queries_case_id_cases')),
    sa.ForeignKeyConstraint(['question_id'], ['messages.id'], name=op.f('fk_case_queries_question_id_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_queries'))
    )
    with op.batch_alter_table('case_queries', schema=None) as batch_op:
        batch_op.create_index('ix_case_queries_case_open', ['case_id', 'answered_at'], unique=False)
        batch_op.create_index('ix_case_queries_due', ['answered_at', 'answer_by', 'reminded_at'], unique=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retrieval_consent_at', common.db.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('to_resident', sa.Boolean(), server_default='0', nullable=False))

    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_uploads_message_id'), ['message_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_uploads_message_id_messages'), 'messages', ['message_id'], ['id'])



def downgrade() -> None:
    """Revert this revision (what the new tables held is dropped with them)."""
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_uploads_message_id_messages'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_uploads_message_id'))
        batch_op.drop_column('message_id')

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('to_resident')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('retrieval_consent_at')

    with op.batch_alter_table('case_queries', schema=None) as batch_op:
        batch_op.drop_index('ix_case_queries_due')
        batch_op.drop_index('ix_case_queries_case_open')

    op.drop_table('case_queries')
    with op.batch_alter_table('resident_box_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_box_entries_case_id'))

    op.drop_table('resident_box_entries')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_case_id'))

    op.drop_table('decisions')
