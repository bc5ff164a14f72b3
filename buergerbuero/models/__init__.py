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
from .cases import Case, CaseStatus, Message, ReferenceCounter, Submission
from .plates import PlateReservation
from .services import DefinitionStatus, Draft, ServiceDefinition, VersionState
from .uploads import Upload
from .users import LoginSession, Role, SessionUser, User

__all__ = [
    "AuditEvent", "Base", "Case", "CaseStatus", "DefinitionStatus", "Department", "Draft",
    "LoginSession", "Message", "OutboxMessage", "OutboxStatus", "PlateReservation",
    "PostfachEntry", "Receipt", "ReceiptKind", "ReferenceCounter", "Role", "ServiceDefinition",
    "SessionUser", "SignedDocument", "Submission", "Upload", "User", "VersionState",
]
