"""A tester answers an invitation from the home page, with a plain form post."""

from __future__ import annotations

from litestar import Controller, Request, Response, post
from litestar.params import FromPath
from litestar.response import Redirect

from backend.errors import DomainError, NotFound
from backend.http.errors import translated
from backend.http.guards import role_in, signed_in_user
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
            return Redirect(f"/?notice={translated(error)}")
        if answer == "accept":
            return Redirect(f"/journeys/{participation_id}")
        return Redirect("/")
