"""Recording managers' decisions on findings, with their trail, and what waits for review."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.auth.identity import CurrentUser
from backend.clock import now
from backend.db.engine import locked, writing_transaction
from backend.errors import Conflict, Invalid, NotFound
from backend.services.access import visible_campaign
from backend.services.conversations import add_message
from backend.services.outbox import queue_mail, recipients, site_link
from backend.tables import Finding, ReviewEvent
from campaigns.review import ReviewDecision, decision_problem, duplicate_problem
from campaigns.vocabulary import ReviewState, Role


async def review_finding(user: CurrentUser, finding_id: int, decision: ReviewDecision) -> None:
    """Apply a manager's decision and keep it in the finding's review trail."""
    if problem := decision_problem(decision):
        raise Invalid("review.incoherent", problem)
    async with writing_transaction():
        finding = await locked(_decided().where(Finding.id == finding_id)).first()
        if finding is None:
            raise NotFound("finding.not_found", "No finding {finding_id}", finding_id=finding_id)
        await visible_campaign(user, finding["campaign"])
        if decision.review == ReviewState.duplicate:
            await _check_duplicate(finding, decision.duplicate_of)
        await _apply(user, finding, decision)


# Bulk decisions need no other finding to check against, unlike "duplicate" or a question.
BULK_REVIEWS = (ReviewState.accepted, ReviewState.rejected)


async def review_findings(
    user: CurrentUser, campaign_id: int, finding_ids: list[int], decision: ReviewDecision
) -> int:
    """Accept or reject several findings of one campaign, all or none; how many."""
    if decision.review not in BULK_REVIEWS:
        raise Invalid("review.bulk_kind", "Only accepting or rejecting applies to a selection")
    if problem := decision_problem(decision):
        raise Invalid("review.incoherent", problem)
    if not finding_ids:
        raise Invalid("review.none_selected", "Select the findings to decide on first")
    await visible_campaign(user, campaign_id)
    async with writing_transaction():
        findings = await locked(
            _decided().where(Finding.id.is_in(finding_ids) & (Finding.campaign == campaign_id))
        )
        if missing := sorted(set(finding_ids) - {f["id"] for f in findings}):
            raise NotFound(
                "review.bulk_not_found",
                "Nothing was changed: no finding {ids} in this campaign",
                ids=", ".join(f"#{finding_id}" for finding_id in missing),
            )
        for finding in findings:
            await _apply(user, finding, decision)
    return len(findings)


def _decided() -> Any:
    """A fresh select of what a decision reads (Piccolo queries grow with each `where`)."""
    return Finding.select(Finding.id, Finding.campaign, Finding.review, Finding.severity)


async def _apply(user: CurrentUser, finding: dict[str, Any], decision: ReviewDecision) -> None:
    """Write the decision on the (locked) finding and its entry in the review trail."""
    values: dict[Any, Any] = {Finding.updated_at: now()}
    if decision.review is not None:
        values[Finding.review] = decision.review
        values[Finding.review_reason] = decision.reason
        values[Finding.duplicate_of] = decision.duplicate_of
    if decision.severity is not None:
        values[Finding.severity] = decision.severity
    await Finding.update(values).where(Finding.id == finding["id"])
    await ReviewEvent.insert(
        ReviewEvent(
            finding=finding["id"],
            actor=user.id,
            action=decision.review or "severity",
            from_review=finding["review"],
            to_review=decision.review or finding["review"],
            from_severity=finding["severity"],
            to_severity=decision.severity or finding["severity"],
            reason=decision.reason or decision.note,
            created_at=now(),
        )
    )
    if decision.review == ReviewState.needs_info:
        await add_message(finding, user, decision.note, asks=True)
    await _tell_the_tester(finding["id"], decision)


async def _tell_the_tester(finding_id: int, decision: ReviewDecision) -> None:
    """Queue an e-mail to the finding's tester about a question or a decision, in the same
    transaction, unless they turned such e-mail off."""
    if decision.review is None:
        return
    row = await (
        Finding.select(
            Finding.title,
            Finding.participation.tester.as_alias("tester"),
            Finding.participation.id.as_alias("participation"),
            Finding.campaign.name.as_alias("campaign"),
        )
        .where(Finding.id == finding_id)
        .first()
    )
    person = (await recipients([row["tester"]])).get(row["tester"])
    if person is None or not person.updates:
        return
    common = {"title": row["title"], "campaign": row["campaign"]}
    if decision.review == ReviewState.needs_info:
        await queue_mail(
            person,
            "question",
            question=decision.note,
            link=site_link(f"/me/findings/{finding_id}"),
            **common,
        )
    else:
        await queue_mail(
            person,
            "decision",
            review=decision.review,
            reason=decision.reason,
            link=site_link(f"/journeys/{row['participation']}"),
            **common,
        )


async def _check_duplicate(finding: dict[str, Any], original_id: int) -> None:
    original = (
        await Finding.select(Finding.id, Finding.duplicate_of)
        .where((Finding.id == original_id) & (Finding.campaign == finding["campaign"]))
        .first()
    )
    if original is None:
        raise Invalid(
            "review.no_original",
            "No finding {original_id} in this campaign to point to",
            original_id=original_id,
        )
    has_duplicates = await Finding.exists().where(Finding.duplicate_of == finding["id"])
    if problem := duplicate_problem(
        finding["id"], original_id, original["duplicate_of"] is not None, has_duplicates
    ):
        raise Conflict("review.duplicate_refused", problem)


class ReviewEventView(msgspec.Struct):
    """One entry of a finding's review trail."""

    action: str
    actor: str | None
    from_review: str
    to_review: str
    from_severity: str | None
    to_severity: str | None
    reason: str
    created_at: dt.datetime


async def review_trail(user: CurrentUser, finding_id: int) -> list[ReviewEventView]:
    """Who did what to the finding, and when, oldest first. A tester who acted (resending
    the finding) appears under the pseudonym to everyone but managers."""
    finding = await Finding.select(Finding.campaign).where(Finding.id == finding_id).first()
    if finding is None:
        raise NotFound("finding.not_found", "No finding {finding_id}", finding_id=finding_id)
    await visible_campaign(user, finding["campaign"])
    return (await review_trails(user, [finding_id]))[finding_id]


async def review_trails(
    user: CurrentUser, finding_ids: list[int]
) -> dict[int, list[ReviewEventView]]:
    """The review trails of findings whose campaign the caller already may see, in one query
    each for the pseudonyms and the events."""
    pseudonyms = {
        row["id"]: row["pseudonym"]
        for row in await Finding.select(
            Finding.id, Finding.participation.pseudonym.as_alias("pseudonym")
        ).where(Finding.id.is_in([*finding_ids, -1]))
    }
    rows = (
        await ReviewEvent.select(
            ReviewEvent.finding,
            ReviewEvent.action,
            ReviewEvent.actor.name.as_alias("actor"),
            ReviewEvent.actor.role.as_alias("actor_role"),
            ReviewEvent.from_review,
            ReviewEvent.to_review,
            ReviewEvent.from_severity,
            ReviewEvent.to_severity,
            ReviewEvent.reason,
            ReviewEvent.created_at,
        )
        .where(ReviewEvent.finding.is_in([*finding_ids, -1]))
        .order_by(ReviewEvent.id)
    )
    trails: dict[int, list[ReviewEventView]] = {finding_id: [] for finding_id in finding_ids}
    for row in rows:
        trails[row["finding"]].append(
            ReviewEventView(
                **{k: v for k, v in row.items() if k not in ("actor_role", "finding")}
                | {"actor": _actor_as_seen_by(user, row, pseudonyms[row["finding"]])}
            )
        )
    return trails


def _actor_as_seen_by(user: CurrentUser, row: dict[str, Any], pseudonym: str) -> str | None:
    if row["actor_role"] == Role.tester and user.role is not Role.manager:
        return pseudonym
    return row["actor"]


class QueueRow(msgspec.Struct):
    """One campaign's findings waiting on a manager: new, and sent back with a question."""

    campaign_id: int
    campaign: str
    new: int
    needs_info: int


async def review_queue(user: CurrentUser) -> list[QueueRow]:
    """The campaigns the user may see that have findings to review, most waiting first."""
    waiting = (ReviewState.new, ReviewState.needs_info)
    query = (
        Finding.select(
            Finding.campaign.id.as_alias("campaign_id"),
            Finding.campaign.name.as_alias("campaign"),
            Finding.review,
            Count(alias="n"),
        )
        .where(Finding.review.is_in(list(waiting)))
        .group_by(Finding.campaign.id, Finding.campaign.name, Finding.review)
    )
    if user.role is not Role.manager:
        query = query.where(Finding.campaign.organization == user.organization_id)
    rows: dict[int, QueueRow] = {}
    for row in await query:
        entry = rows.setdefault(
            row["campaign_id"], QueueRow(row["campaign_id"], row["campaign"], 0, 0)
        )
        setattr(entry, row["review"], row["n"])
    return sorted(rows.values(), key=lambda r: (-r.new, -r.needs_info, r.campaign))
