"""Findings a manager asked about: the tester reads the question, edits and resends.

A resent finding goes back to `new` for review; the trail keeps the question and the resend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import msgspec

from backend.auth.identity import CurrentUser
from backend.clock import now
from backend.db.engine import locked
from backend.errors import Conflict, NotFound
from backend.screenshots.images import CleanImage
from backend.screenshots.store import FileStore
from backend.services.conversations import add_message, conversation_finding
from backend.services.findings import (
    FindingView,
    attach_screenshots,
    finding_view,
    screenshots_by_finding,
    transaction_with_files,
)
from backend.tables import Finding, FindingMessage, ReviewEvent
from campaigns.findings import FindingInput
from campaigns.vocabulary import ReviewState


class FollowUp(msgspec.Struct):
    """A finding of the tester's that needs more information, with the manager's question."""

    id: int
    campaign: str
    title: str
    kind: str
    severity: str
    emotion: int
    description: str
    steps_to_reproduce: str
    expected_result: str
    actual_result: str
    question: str
    asked_at: dt.datetime | None
    # How many screenshots the report already has; a reply may add up to the limit.
    screenshots: int = 0


async def follow_ups(user: CurrentUser) -> list[FollowUp]:
    """The tester's findings in `needs_info`, oldest question first."""
    rows = await (
        Finding.select(
            Finding.id,
            Finding.campaign.name.as_alias("campaign"),
            Finding.title,
            Finding.kind,
            Finding.reported_severity.as_alias("severity"),
            Finding.emotion,
            Finding.description,
            Finding.steps_to_reproduce,
            Finding.expected_result,
            Finding.actual_result,
        )
        .where(
            (Finding.participation.tester == user.id) & (Finding.review == ReviewState.needs_info)
        )
        .order_by(Finding.id)
    )
    ids = [row["id"] for row in rows]
    questions = await _latest_questions(ids)
    shots = await screenshots_by_finding(ids)
    found = []
    for row in rows:
        question, asked_at = questions.get(row["id"], ("", None))
        found.append(
            FollowUp(
                **row,
                question=question,
                asked_at=asked_at,
                screenshots=len(shots.get(row["id"], [])),
            )
        )
    return found


async def follow_up(user: CurrentUser, finding_id: int) -> FollowUp:
    """One of the tester's findings that needs more information; 404 otherwise."""
    for item in await follow_ups(user):
        if item.id == finding_id:
            return item
    raise NotFound(
        "follow_up.not_found",
        "No finding {finding_id} waiting for your answer",
        finding_id=finding_id,
    )


async def _latest_questions(ids: list[int]) -> dict[int, tuple[str, dt.datetime | None]]:
    asked: dict[int, tuple[str, dt.datetime | None]] = {}
    asking = FindingMessage.finding.is_in([*ids, -1]) & (FindingMessage.asks == True)  # noqa: E712
    for row in await (
        FindingMessage.select(
            FindingMessage.finding, FindingMessage.body, FindingMessage.created_at
        )
        .where(asking)
        .order_by(FindingMessage.id)
    ):
        asked[row["finding"]] = (row["body"], row["created_at"])
    return asked


async def resend(
    user: CurrentUser,
    finding_id: int,
    edit: FindingInput,
    images: Sequence[CleanImage] = (),
    store: FileStore | None = None,
    note: str = "",
) -> FindingView:
    """Store the tester's edit, with any screenshots it adds and a `note` for the managers,
    and put the finding back in the review queue: all of it, or nothing. The resend is a
    message of the finding's conversation."""
    async with transaction_with_files(store) as written:
        finding = await locked(
            Finding.select(
                Finding.id, Finding.review, Finding.severity, Finding.reported_severity
            ).where((Finding.id == finding_id) & (Finding.participation.tester == user.id))
        ).first()
        if finding is None:
            raise NotFound(
                "finding.not_yours", "No finding {finding_id} of yours", finding_id=finding_id
            )
        if finding["review"] != ReviewState.needs_info:
            raise Conflict(
                "finding.not_editable",
                "This finding is {review}: you can edit a finding only when a manager asks "
                "you for more information",
                review=finding["review"],
            )
        values: dict[Any, Any] = {
            getattr(Finding, name): value for name, value in msgspec.structs.asdict(edit).items()
        }
        values[Finding.reported_severity] = edit.severity
        # A severity a manager has already changed stays; the tester's view is kept beside it.
        if finding["severity"] != finding["reported_severity"]:
            values[Finding.severity] = finding["severity"]
        values[Finding.review] = ReviewState.new
        values[Finding.updated_at] = now()
        await Finding.update(values).where(Finding.id == finding_id)
        await ReviewEvent.insert(
            ReviewEvent(
                finding=finding_id,
                actor=user.id,
                action="resent",
                from_review=ReviewState.needs_info,
                to_review=ReviewState.new,
                from_severity=finding["severity"],
                to_severity=values.get(Finding.severity, edit.severity),
                created_at=now(),
            )
        )
        message_id = await add_message(
            await conversation_finding(user, finding_id), user, note.strip(), resent=True
        )
        await attach_screenshots(finding_id, user, images, store, written, message_id)
    return await finding_view(finding_id)
