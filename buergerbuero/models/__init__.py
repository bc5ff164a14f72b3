"""All tables of the platform, importable from one place (Alembic reads `Base.metadata`)."""

from common.db import Base
from mailgateway.models import (
    Department,
    OutboxMessage,
    OutboxStatus,
    PostfachEntry,
    Receipt,
    ReceiptKind,
    SignedDocument,
)

from .audit import AuditEvent
from .cases import DONE, Case, CaseSearchTerm, CaseStatus, Message, ReferenceCounter, Submission
from .mail import MailMessage, MailStatus
from .plates import PlateReservation
from .services import DefinitionStatus, Draft, ServiceDefinition, VersionState
from .tokens import AccountToken, TokenPurpose
from .uploads import Upload
from .users import STAFF_ROLES, LoginSession, Role, SessionUser, User, staff_departments

__all__ = [
    "DONE", "STAFF_ROLES", "AccountToken", "AuditEvent", "Base", "Case", "CaseSearchTerm",
    "CaseStatus", "DefinitionStatus", "Department", "Draft", "LoginSession", "MailMessage",
    "MailStatus", "Message", "OutboxMessage", "OutboxStatus", "PlateReservation",
    "PostfachEntry", "Receipt", "ReceiptKind", "ReferenceCounter", "Role", "ServiceDefinition",
    "SessionUser", "SignedDocument", "Submission", "TokenPurpose", "Upload", "User",
    "VersionState", "staff_departments",
]
