"""A tester's invitations: list, accept, decline."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath

from backend.http.guards import role_in, signed_in_user
from backend.services.recruitment import InvitationView, accept, decline, invitations_of
from campaigns.vocabulary import Role


class InvitationController(Controller):
    """Only the invited tester sees or answers an invitation; anyone else gets 404."""

    path = "/api/v1"
    tags = ("invitations",)
    guards = (role_in(Role.tester),)

    @get("/me/invitations")
    async def list_invitations(self, request: Request) -> list[InvitationView]:
        """Invitations and participations, newest first."""
        return await invitations_of(signed_in_user(request))

    @post("/invitations/{participation_id:int}/accept", status_code=200)
    async def accept_invitation(
        self, request: Request, participation_id: FromPath[int]
    ) -> list[InvitationView]:
        """Take the place; 409 if the locale's quota is already full."""
        user = signed_in_user(request)
        await accept(user, participation_id)
        return await invitations_of(user)

    @post("/invitations/{participation_id:int}/decline", status_code=200)
    async def decline_invitation(
        self, request: Request, participation_id: FromPath[int]
    ) -> list[InvitationView]:
        """Say no; the place goes to the next matching tester."""
        user = signed_in_user(request)
        await decline(user, participation_id)
        return await invitations_of(user)
