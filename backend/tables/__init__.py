"""Piccolo tables for the whole domain of DESIGN.md.

Multi-column uniqueness (one result per participation and step, one answer per question,
one quota per locale, ...) is enforced by unique indexes in the "composite indexes"
migration, because SQLite cannot add table constraints after creation.
"""

from backend.tables.accounts import (
    AuthToken,
    Organization,
    PendingSignup,
    SignInFailure,
    TesterDevice,
    TesterProfile,
    User,
)
from backend.tables.campaigns import Campaign, CampaignLocale, Question, Step, UseCase
from backend.tables.findings import Finding, FindingMessage, ReviewEvent, Screenshot
from backend.tables.outbox import OutboxMessage
from backend.tables.participations import Answer, Participation, StepResult
from backend.tables.shares import ReportShare

ALL_TABLES = [
    Organization,
    User,
    AuthToken,
    TesterProfile,
    TesterDevice,
    Campaign,
    CampaignLocale,
    UseCase,
    Step,
    Question,
    Participation,
    StepResult,
    Answer,
    Finding,
    FindingMessage,
    Screenshot,
    ReviewEvent,
    SignInFailure,
    ReportShare,
    OutboxMessage,
    PendingSignup,
]

__all__ = [
    "ALL_TABLES",
    "Answer",
    "AuthToken",
    "Campaign",
    "CampaignLocale",
    "Finding",
    "FindingMessage",
    "Organization",
    "Participation",
    "PendingSignup",
    "Question",
    "ReviewEvent",
    "Screenshot",
    "SignInFailure",
    "Step",
    "StepResult",
    "TesterDevice",
    "TesterProfile",
    "UseCase",
    "User",
]
