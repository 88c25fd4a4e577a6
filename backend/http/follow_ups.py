"""Testers answer a manager's question on a finding: the list and the resend (JSON)."""

from __future__ import annotations

from litestar import Controller, Request, get, put
from litestar.params import FromPath, JSONBody

from backend.http.guards import role_in, signed_in_user
from backend.services.findings import FindingView
from backend.services.follow_ups import FollowUp, follow_ups, resend
from campaigns.findings import FindingInput
from campaigns.vocabulary import Role


class FollowUpController(Controller):
    """JSON for the tester's own findings that need more information."""

    path = "/api/v1"
    tags = ("findings",)
    guards = (role_in(Role.tester),)

    @get("/me/follow-ups")
    async def waiting(self, request: Request) -> list[FollowUp]:
        """The tester's findings a manager asked about, with the question."""
        return await follow_ups(signed_in_user(request))

    @put("/me/findings/{finding_id:int}")
    async def resend(
        self, request: Request, finding_id: FromPath[int], data: JSONBody[FindingInput]
    ) -> FindingView:
        """Replace the finding's text and send it back for review (only in needs_info)."""
        return await resend(signed_in_user(request), finding_id, data)
