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

from .audit import HEAD_ID, AuditChainHead, AuditCheck, AuditEvent, AuditSeal
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
from .council import AgendaItem, Committee, CouncilDocument, Meeting
from .legal_pages import LegalPageVersion
from .mail import MailMessage, MailStatus
from .news import NewsAttachment, NewsItem, NewsKind, NewsState
from .plates import PlateReservation
from .privacy import ArchiveDecision, ArchiveOffer, CaseStatistic, PendingFileRemoval
from .services import DefinitionStatus, Draft, ServiceDefinition, VersionState
from .sprechstunde import (
    Appointment,
    AppointmentStatus,
    ConsultationException,
    ConsultationHours,
    ConsultationRule,
)
from .tokens import AccountToken, TokenPurpose
from .uploads import Upload
from .users import STAFF_ROLES, LoginSession, Role, SessionUser, User, staff_departments

__all__ = [
    "AccountToken", "AgendaItem", "Appointment", "AppointmentStatus", "ArchiveDecision",
    "ArchiveOffer", "AuditChainHead", "AuditCheck", "AuditEvent", "AuditSeal", "Base",
    "CLOSED", "Case", "CaseQuery", "CaseSearchTerm", "CaseStatistic", "CaseStatus",
    "Committee", "HEAD_ID",
    "ConsultationException", "ConsultationHours", "ConsultationRule", "CouncilDocument",
    "DONE", "Decision", "DecisionOutcome", "DecisionState", "DefinitionStatus", "Department",
    "Draft", "LegalPageVersion", "LoginSession", "MailMessage", "MailStatus", "Meeting", "Message",
    "NewsAttachment", "NewsItem", "NewsKind", "NewsState", "OutboxMessage", "OutboxStatus",
    "PendingFileRemoval", "PlateReservation", "PostfachEntry", "Receipt", "ReceiptKind",
    "ReferenceCounter", "ResidentBoxEntry", "Role", "STAFF_ROLES", "ServiceDefinition",
    "SessionUser",
    "SignedDocument", "Submission", "TokenPurpose", "Upload", "User", "VersionState",
    "staff_departments",
]
