"""All tables of the platform, importable from one place (Alembic reads `Base.metadata`)."""

from common.db import Base
from mailgateway.models import (
    Department,
    OutboxMessage,
    OutboxStatus,
    PostfachEntry,
    Receipt,
    ReceiptKind,
    ResidentBoxEntry,
    SignedDocument,
)

from .audit import AuditEvent
from .cases import (
    CLOSED,
    DONE,
    Case,
    CaseSearchTerm,
    CaseStatus,
    Message,
    ReferenceCounter,
    Submission,
)
from .conversation import CaseQuery, Decision, DecisionOutcome, DecisionState
from .legal_pages import LegalPageVersion
from .mail import MailMessage, MailStatus
from .plates import PlateReservation
from .services import DefinitionStatus, Draft, ServiceDefinition, VersionState
from .tokens import AccountToken, TokenPurpose
from .uploads import Upload
from .users import STAFF_ROLES, LoginSession, Role, SessionUser, User, staff_departments

__all__ = [
    "CLOSED", "DONE", "STAFF_ROLES", "AccountToken", "AuditEvent", "Base", "Case", "CaseQuery",
    "CaseSearchTerm", "CaseStatus", "Decision", "DecisionOutcome", "DecisionState",
    "DefinitionStatus", "Department", "Draft", "LegalPageVersion", "LoginSession", "MailMessage",
    "MailStatus", "Message", "OutboxMessage", "OutboxStatus", "PlateReservation",
    "PostfachEntry", "Receipt", "ReceiptKind", "ReferenceCounter", "ResidentBoxEntry", "Role",
    "ServiceDefinition", "SessionUser", "SignedDocument", "Submission", "TokenPurpose", "Upload",
    "User",
    "VersionState", "staff_departments",
]
