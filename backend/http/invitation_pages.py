"""A tester answers an invitation from the home page, with a plain form post."""

from __future__ import annotations

from litestar import Controller, Request, Response, post
from litestar.params import FromPath

from backend.errors import DomainError, NotFound
from backend.http.flash import notice, redirect_with, refusal
from backend.http.guards import role_in, signed_in_user
from backend.http.labels import N_
from backend.services.recruitment import accept, decline
from campaigns.vocabulary import Role


class InvitationPages(Controller):
    """Accept goes to the journey, decline back home; a refusal is shown on the home page."""

    include_in_schema = False
    guards = (role_in(Role.tester),)

    @post("/invitations/{participation_id:int}/{answer:str}")
    async def answer_invitation(
        self, request: Request, participation_id: FromPath[int], answer: FromPath[str]
    ) -> Response:
        """Accept or decline, then show the result."""
        user = signed_in_user(request)
        action = {"accept": accept, "decline": decline}.get(answer)
        if action is None:
            raise NotFound("invitation.unknown_answer", "Unknown answer {answer!r}", answer=answer)
        try:
            await action(user, participation_id)
        except NotFound:
            raise
        except DomainError as error:
            return redirect_with(request, "/", refusal(error))
        if answer == "accept":
            return redirect_with(
                request,
                f"/journeys/{participation_id}",
                notice(N_("Welcome aboard: here is your journey")),
            )
        return redirect_with(
            request, "/", notice(N_("Invitation declined; thank you for saying so"))
        )
