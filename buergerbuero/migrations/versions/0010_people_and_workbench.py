"""people and workbench: editor role, department memberships, one-time links, mail queue,
session idle time, and the inbox's columns and indexes on cases

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 15:00:00.000000
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

DONE = ('entschieden', 'abgeschlossen', 'abgelehnt')
INBOX_INDEXES = {
    'ix_cases_inbox_received': ['department_id', 'is_open', 'received_at', 'id'],
    'ix_cases_inbox_due': ['department_id', 'is_open', 'due_at', 'id', 'received_at'],
    'ix_cases_inbox_status': ['department_id', 'status', 'received_at', 'id', 'assignee_id'],
    'ix_cases_inbox_reply': ['department_id', 'reply_at', 'received_at'],
    'ix_cases_assignee': ['assignee_id', 'department_id', 'is_open', 'received_at', 'id'],
    'ix_cases_decided': ['department_id', 'decided_at'],
}


def upgrade() -> None:
    """Apply this revision; existing data is carried over (see each step)."""
    _tokens_and_mail()
    _memberships()
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True))
    _inbox_columns()


def _tokens_and_mail() -> None:
    op.create_table(
        'account_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.Enum('set_password', 'reset_password', 'confirm_email',
                                     'change_email', name='tokenpurpose', native_enum=False,
                                     length=32), nullable=False),
        sa.Column('new_email', sa.String(length=255), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_account_tokens_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_account_tokens_token_hash')),
    )
    op.create_index(op.f('ix_account_tokens_user_id'), 'account_tokens', ['user_id'])
    op.create_table(
        'mail_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=255), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('to_address', sa.String(length=255), nullable=False),
        sa.Column('locale', sa.String(length=255), nullable=False),
        sa.Column('subject', sa.Text(), nullable=False),
        sa.Column('body_text', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('status', sa.Enum('pending', 'sent', 'failed', name='mailstatus',
                                    native_enum=False, length=32), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_messages_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_messages')),
    )
    op.create_index(op.f('ix_mail_messages_user_id'), 'mail_messages', ['user_id'])
    op.create_index('ix_mail_messages_status_next', 'mail_messages', ['status', 'next_attempt_at'])


def _memberships() -> None:
    """users.department_id becomes a membership; existing accounts count as confirmed (they were
    never asked), and get notifications."""
    op.create_table(
        'staff_departments',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_staff_departments_department_id_departments'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_departments_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'department_id', name=op.f('pk_staff_departments')),
    )
    op.create_index(op.f('ix_staff_departments_department_id'), 'staff_departments', ['department_id'])
    op.execute("INSERT INTO staff_departments (user_id, department_id) "
               "SELECT id, department_id FROM users WHERE department_id IS NOT NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('notify_by_email', sa.Boolean(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('digest_subscribed', sa.Boolean(), server_default='0', nullable=False))
        batch_op.alter_column('password_hash', existing_type=sa.String(length=255), nullable=True)
        batch_op.drop_constraint('fk_users_department_id_departments', type_='foreignkey')
        batch_op.drop_column('department_id')
    op.execute("UPDATE users SET email_confirmed_at = created_at")


def _inbox_columns() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_open', sa.Boolean(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('applicant_name', sa.String(length=255), server_default='', nullable=False))
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('received_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reply_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(op.f('fk_cases_assignee_id_users'), 'users', ['assignee_id'], ['id'])
        batch_op.drop_index('ix_cases_department_id')
    done = ", ".join(f"'{s}'" for s in DONE)
    op.execute(f"UPDATE cases SET is_open = false, decided_at = updated_at WHERE status IN ({done})")
    op.execute("UPDATE cases SET applicant_name = "
               "(SELECT display_name FROM users WHERE users.id = cases.user_id)")
    # The inbox lists what was delivered to the case's current department: its last delivery.
    op.execute("UPDATE cases SET received_at = (SELECT max(p.received_at) FROM postfach_entries p "
               "JOIN outbox_messages o ON o.message_id = p.message_id WHERE p.case_id = cases.id "
               "AND p.department_id = cases.department_id AND o.kind IN ('submission', 'forward'))")
    for name, columns in INBOX_INDEXES.items():
        op.create_index(name, 'cases', columns)
    op.create_table(
        'case_search_terms',
        sa.Column('term', sa.String(length=64), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_search_terms_case_id_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_case_search_terms_department_id_departments')),
        sa.PrimaryKeyConstraint('term', 'case_id', name=op.f('pk_case_search_terms')),
    )
    op.create_index(op.f('ix_case_search_terms_case_id'), 'case_search_terms', ['case_id'])
    op.create_index('ix_case_search_terms_inbox', 'case_search_terms',
                    ['term', 'department_id', 'received_at', 'case_id'])
    _fill_search_terms()
    op.create_index('ix_postfach_entries_department_received', 'postfach_entries',
                    ['department_id', 'received_at'])
    op.create_index('ix_outbox_messages_department_status', 'outbox_messages',
                    ['department_id', 'status'])
    op.create_index('ix_outbox_messages_department_kind', 'outbox_messages',
                    ['department_id', 'kind', 'id'])
    op.create_index('ix_postfach_entries_unopened', 'postfach_entries',
                    ['department_id', 'opened_at', 'reminded_at'])


def _fill_search_terms() -> None:
    """The search words of every existing case (the rule of common.text.search_words, frozen
    here as it was when this revision was written)."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, applicant_name, department_id, received_at FROM cases")).all()
    terms = [{"term": word, "case_id": case_id, "department_id": department_id,
              "received_at": received_at}
             for case_id, name, department_id, received_at in rows for word in _words(name or "")]
    if terms:
        connection.execute(sa.text(
            "INSERT INTO case_search_terms (term, case_id, department_id, received_at) "
            "VALUES (:term, :case_id, :department_id, :received_at)"), terms)


def _words(text: str) -> list[str]:
    spelled = text.casefold().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    plain = "".join(c for c in unicodedata.normalize("NFKD", spelled) if not unicodedata.combining(c))
    return list(dict.fromkeys(word[:64] for word in re.findall(r"\w+", plain)))


def downgrade() -> None:
    """Revert this revision (a case worker keeps the first of their departments)."""
    op.drop_index('ix_postfach_entries_unopened', table_name='postfach_entries')
    op.drop_index('ix_outbox_messages_department_kind', table_name='outbox_messages')
    op.drop_index('ix_outbox_messages_department_status', table_name='outbox_messages')
    op.drop_index('ix_postfach_entries_department_received', table_name='postfach_entries')
    op.drop_index('ix_case_search_terms_inbox', table_name='case_search_terms')
    op.drop_index(op.f('ix_case_search_terms_case_id'), table_name='case_search_terms')
    op.drop_table('case_search_terms')
    for name in INBOX_INDEXES:
        op.drop_index(name, table_name='cases')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_department_id', ['department_id'])
        batch_op.drop_constraint(op.f('fk_cases_assignee_id_users'), type_='foreignkey')
        for column in ('decided_at', 'reply_at', 'received_at', 'assignee_id', 'applicant_name',
                       'is_open'):
            batch_op.drop_column(column)
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_column('last_seen_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('department_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_users_department_id_departments', 'departments',
                                    ['department_id'], ['id'])
        for column in ('digest_subscribed', 'notify_by_email', 'email_confirmed_at'):
            batch_op.drop_column(column)
    op.execute("UPDATE users SET department_id = (SELECT min(department_id) FROM "
               "staff_departments s WHERE s.user_id = users.id)")
    op.execute("UPDATE users SET password_hash = '!' WHERE password_hash IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('password_hash', existing_type=sa.String(length=255), nullable=False)
    op.drop_index(op.f('ix_staff_departments_department_id'), table_name='staff_departments')
    op.drop_table('staff_departments')
    op.drop_index('ix_mail_messages_status_next', table_name='mail_messages')
    op.drop_index(op.f('ix_mail_messages_user_id'), table_name='mail_messages')
    op.drop_table('mail_messages')
    op.drop_index(op.f('ix_account_tokens_user_id'), table_name='account_tokens')
    op.drop_table('account_tokens')
