"""Issues across locales: accepted findings of different locales that describe the same
problem, grouped under a lead finding. Each keeps counting in its own locale's friction; the
report's top list ranks issues."""

from __future__ import annotations

import msgspec

from backend.auth.identity import CurrentUser
from backend.clock import now
from backend.db.engine import locked, writing_transaction
from backend.errors import Conflict, NotFound
from backend.services.access import visible_campaign
from backend.services.finding_list import CANDIDATES, DuplicateCandidate, candidate_views
from backend.tables import Finding, ReviewEvent
from campaigns.review import IssueProblem, IssueSide, issue_problem
from campaigns.vocabulary import ReviewState


class IssueMember(msgspec.Struct):
    """A finding of an issue, as the review detail lists it."""

    id: int
    title: str
    locale: str


class IssueView(msgspec.Struct):
    """The issue a finding belongs to: its lead and every finding in it, lead first."""

    lead: int
    members: list[IssueMember]


async def group_into_issue(
    user: CurrentUser, campaign_id: int, finding_id: int, lead_id: int | None
) -> None:
    """Group the finding under the lead's issue, or take it out of its issue (no lead)."""
    await visible_campaign(user, campaign_id)
    async with writing_transaction():
        rows = await locked(
            Finding.select(Finding.id, Finding.locale, Finding.review, Finding.issue_of).where(
                Finding.id.is_in([finding_id, lead_id or -1]) & (Finding.campaign == campaign_id)
            )
        )
        found = {row["id"]: row for row in rows}
        if finding_id not in found:
            raise NotFound("finding.not_found", "No finding {finding_id}", finding_id=finding_id)
        finding = found[finding_id]
        if lead_id is not None:
            if lead_id not in found:
                raise NotFound(
                    "issue.no_lead",
                    "No finding {lead} in this campaign to group under",
                    lead=lead_id,
                )
            leads_others = await Finding.exists().where(Finding.issue_of == finding_id)
            _refuse(
                issue_problem(_side(finding, leads_others), _side(found[lead_id], False)),
                lead_id,
            )
        await Finding.update({Finding.issue_of: lead_id, Finding.updated_at: now()}).where(
            Finding.id == finding_id
        )
        await ReviewEvent.insert(
            ReviewEvent(
                finding=finding_id,
                actor=user.id,
                action="issue" if lead_id else "issue_left",
                from_review=finding["review"],
                to_review=finding["review"],
                reason=f"#{lead_id}" if lead_id else "",
                created_at=now(),
            )
        )


async def group_finding(
    user: CurrentUser, finding_id: int, lead_id: int | None
) -> IssueView | None:
    """`group_into_issue` for a finding named by its id alone (the JSON API); its issue after."""
    row = await Finding.select(Finding.campaign).where(Finding.id == finding_id).first()
    if row is None:
        raise NotFound("finding.not_found", "No finding {finding_id}", finding_id=finding_id)
    await group_into_issue(user, row["campaign"], finding_id, lead_id)
    return await issue_of(finding_id)


def _side(row: dict, leads_others: bool) -> IssueSide:
    return IssueSide(
        id=row["id"],
        locale=row["locale"],
        review=row["review"],
        grouped_under=row["issue_of"],
        leads_others=leads_others,
    )


def _refuse(problem: IssueProblem | None, lead: int) -> None:
    """Say, in words the catalogs translate, why the finding cannot join the issue."""
    if problem is IssueProblem.itself:
        raise Conflict("issue.itself", "A finding cannot be grouped under itself")
    if problem is IssueProblem.not_accepted:
        raise Conflict(
            "issue.not_accepted", "Only accepted findings are grouped into issues: accept both"
        )
    if problem is IssueProblem.same_locale:
        raise Conflict(
            "issue.same_locale",
            "Finding {lead} is in the same locale: mark one a duplicate of the other instead",
            lead=lead,
        )
    if problem is IssueProblem.lead_grouped:
        raise Conflict(
            "issue.lead_grouped",
            "Finding {lead} is itself grouped under another; choose that issue's lead",
            lead=lead,
        )
    if problem is IssueProblem.leads_others:
        raise Conflict(
            "issue.leads_others",
            "This finding leads an issue of its own; take its findings out of it first",
        )


async def issue_of(finding_id: int) -> IssueView | None:
    """The issue the finding leads or belongs to; None when it stands alone."""
    row = await Finding.select(Finding.issue_of).where(Finding.id == finding_id).first()
    if row is None:
        return None
    lead = row["issue_of"] or finding_id
    members = await (
        Finding.select(Finding.id, Finding.title, Finding.locale)
        .where((Finding.id == lead) | (Finding.issue_of == lead))
        .order_by(Finding.id)
    )
    if len(members) < 2:
        return None
    ordered = sorted(members, key=lambda member: member["id"] != lead)
    return IssueView(lead=lead, members=[IssueMember(**member) for member in ordered])


async def issue_candidates(campaign_id: int, finding_id: int) -> list[DuplicateCandidate]:
    """Accepted findings of other locales that could lead this one's issue: those on the same
    step first, then the same stage (titles differ by language, so no title similarity)."""
    finding = (
        await Finding.select(Finding.step, Finding.stage, Finding.locale)
        .where((Finding.id == finding_id) & (Finding.campaign == campaign_id))
        .first()
    )
    if finding is None:
        return []
    rows = await (
        Finding.select(Finding.id, Finding.title, Finding.stage, Finding.locale, Finding.step)
        .where(
            (Finding.campaign == campaign_id)
            & (Finding.review == ReviewState.accepted)
            & (Finding.locale != finding["locale"])
            & Finding.issue_of.is_null()
            & (Finding.stage == finding["stage"])
        )
        .order_by(Finding.id)
    )
    rows = sorted(rows, key=lambda row: row["step"] != finding["step"])[:CANDIDATES]
    return await candidate_views(
        campaign_id, [(1.0 if row["step"] == finding["step"] else 0.5, row) for row in rows]
    )
