"""Review API: a campaign's findings and managers' decisions on them."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, patch, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.http.guards import role_in, signed_in_user
from backend.services.finding_list import FindingFilters, ReviewRow, list_findings
from backend.services.finding_order import FindingSort
from backend.services.issues import IssueView, group_finding
from backend.services.review import ReviewEventView, review_finding, review_trail
from campaigns.review import ReviewDecision
from campaigns.vocabulary import FindingKind, ReviewState, Role, Severity, Stage


class IssueChoice(msgspec.Struct, forbid_unknown_fields=True):
    """The lead finding to group under, or null to leave the issue."""

    issue_of: int | None


class ReviewController(Controller):
    """Managers review; the campaign's client reads. Testers get 403, strangers 404."""

    path = "/api/v1"
    tags = ("review",)
    guards = (role_in(Role.manager, Role.client),)

    @get("/campaigns/{campaign_id:int}/findings")
    async def findings(
        self,
        request: Request,
        campaign_id: FromPath[int],
        stage: FromQuery[Stage | None] = None,
        locale: FromQuery[str | None] = None,
        severity: FromQuery[Severity | None] = None,
        kind: FromQuery[FindingKind | None] = None,
        review: FromQuery[ReviewState | None] = None,
        use_case: FromQuery[str | None] = None,
        sort: FromQuery[FindingSort] = FindingSort.newest,
        before: Annotated[int | None, QueryParameter(ge=1)] = None,
        limit: Annotated[int | None, QueryParameter(ge=1, le=500)] = None,
    ) -> list[ReviewRow]:
        """The campaign's findings, filtered, in the `sort` order (newest first unless told);
        page with `limit` and `before` (the last id of the previous page)."""
        filters = FindingFilters(
            stage=stage,
            locale=locale,
            severity=severity,
            kind=kind,
            review=review,
            use_case=use_case,
            sort=sort,
            before=before,
        )
        return await list_findings(signed_in_user(request), campaign_id, filters, limit)

    @patch("/findings/{finding_id:int}", guards=[role_in(Role.manager)])
    async def decide(
        self, request: Request, finding_id: FromPath[int], data: JSONBody[ReviewDecision]
    ) -> list[ReviewEventView]:
        """Accept, reject with a reason, ask for information, mark a duplicate, or change
        the severity (the tester's original stays). Returns the review trail."""
        user = signed_in_user(request)
        await review_finding(user, finding_id, data)
        return await review_trail(user, finding_id)

    @put("/findings/{finding_id:int}/issue", guards=[role_in(Role.manager)])
    async def group(
        self, request: Request, finding_id: FromPath[int], data: JSONBody[IssueChoice]
    ) -> IssueView | None:
        """Group an accepted finding under an accepted finding of another locale as one
        issue (`issue_of`), or take it out (`null`); the issue as it then stands."""
        return await group_finding(signed_in_user(request), finding_id, data.issue_of)

    @get("/findings/{finding_id:int}/reviews")
    async def trail(self, request: Request, finding_id: FromPath[int]) -> list[ReviewEventView]:
        """Every review action on the finding, oldest first."""
        return await review_trail(signed_in_user(request), finding_id)
