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
from backend.tables.tallies import AnswerCount, FrictionCount, MoodCount, StageReach, StepCount

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
    AnswerCount,
    FrictionCount,
    MoodCount,
    StageReach,
    StepCount,
]

__all__ = [
    "ALL_TABLES",
    "Answer",
    "AnswerCount",
    "AuthToken",
    "Campaign",
    "CampaignLocale",
    "Finding",
    "FindingMessage",
    "FrictionCount",
    "MoodCount",
    "Organization",
    "Participation",
    "PendingSignup",
    "Question",
    "ReviewEvent",
    "Screenshot",
    "SignInFailure",
    "StageReach",
    "Step",
    "StepCount",
    "StepResult",
    "TesterDevice",
    "TesterProfile",
    "UseCase",
    "User",
]
