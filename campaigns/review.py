"""Reviewing findings: what a manager may decide, and why a decision is refused."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

import msgspec

from campaigns.ids import RowId
from campaigns.vocabulary import ReviewState, Severity


class RejectReason(StrEnum):
    """Why a finding is rejected."""

    duplicate = "duplicate"
    not_reproducible = "not_reproducible"
    did_not_follow_instructions = "did_not_follow_instructions"
    out_of_scope = "out_of_scope"
    works_as_designed = "works_as_designed"


class ReviewDecision(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A manager's decision on one finding; any part may be left out."""

    review: Literal["accepted", "rejected", "duplicate", "needs_info"] | None = None
    reason: RejectReason | None = None
    duplicate_of: RowId | None = None
    severity: Severity | None = None
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""


def decision_problem(decision: ReviewDecision) -> str | None:
    """What makes the decision incoherent on its own, or None."""
    if decision.review is None and decision.severity is None:
        return (
            "Say what to change: a review (accepted, rejected, duplicate, needs_info) or a severity"
        )
    if decision.review == "rejected" and decision.reason is None:
        reasons = ", ".join(reason.value for reason in RejectReason)
        return f"A rejection needs a reason: one of {reasons}"
    if decision.review != "rejected" and decision.reason is not None:
        return "Only a rejection takes a reason"
    if decision.review == "duplicate" and decision.duplicate_of is None:
        return "Name the original finding in duplicate_of"
    if decision.review != "duplicate" and decision.duplicate_of is not None:
        return "duplicate_of goes with review: duplicate"
    if decision.review == "needs_info" and not decision.note.strip():
        return "Tell the tester what information is missing in note"
    return None


def duplicate_problem(
    finding_id: int, original_id: int, original_is_duplicate: bool, has_duplicates: bool
) -> str | None:
    """Why `finding_id` cannot be marked a duplicate of `original_id`, or None.

    Duplicates point straight at an original: no self-references and no chains.
    """
    if original_id == finding_id:
        return "A finding cannot be a duplicate of itself"
    if original_is_duplicate:
        return (
            f"Finding {original_id} is itself a duplicate; mark this one a duplicate of "
            "its original"
        )
    if has_duplicates:
        return (
            f"Finding {finding_id} has duplicates of its own; it cannot become a duplicate "
            "(mark those duplicates of the other finding first)"
        )
    return None


class IssueSide(msgspec.Struct, frozen=True):
    """A finding as grouping into issues sees it."""

    id: int
    locale: str
    review: str
    grouped_under: int | None
    leads_others: bool


class IssueProblem(StrEnum):
    """Why a finding cannot join an issue."""

    itself = "itself"
    not_accepted = "not_accepted"
    same_locale = "same_locale"
    lead_grouped = "lead_grouped"
    leads_others = "leads_others"


def issue_problem(finding: IssueSide, lead: IssueSide) -> IssueProblem | None:
    """Why `finding` cannot join the issue led by `lead`, or None.

    An issue is one lead and the findings grouped under it, each accepted and each in a
    locale of its own; no chains, so a lead is never itself grouped under another.
    """
    if finding.id == lead.id:
        return IssueProblem.itself
    if finding.review != ReviewState.accepted or lead.review != ReviewState.accepted:
        return IssueProblem.not_accepted
    if finding.locale == lead.locale:
        return IssueProblem.same_locale
    if lead.grouped_under is not None:
        return IssueProblem.lead_grouped
    if finding.leads_others:
        return IssueProblem.leads_others
    return None
