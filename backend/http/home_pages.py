"""The signed-in person's home page, one per role."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from backend.http.guards import role_in, signed_in_user
from backend.http.rendering import page
from backend.services.campaigns import campaign_summaries
from backend.services.conversations import unanswered
from backend.services.follow_ups import follow_ups
from backend.services.profiles import load_profile
from backend.services.recruitment import invitations_of
from backend.services.review import review_queue
from campaigns.vocabulary import ParticipationState, Role

_JOURNEY_STATES = (
    ParticipationState.accepted,
    ParticipationState.in_progress,
    ParticipationState.submitted,
    ParticipationState.approved,
    ParticipationState.rejected,
)


class HomePages(Controller):
    """Clients and managers see campaigns; testers their invitations and follow-ups; each
    role's other lists (journeys, findings to review) beside them."""

    include_in_schema = False

    @get("/")
    async def home(self, request: Request) -> Template:
        """The signed-in user's home page for its role."""
        user = signed_in_user(request)
        context: dict[str, Any] = {}
        if user.role in (Role.client, Role.manager):
            context["campaigns"] = await campaign_summaries(user)
        else:
            invitations = await invitations_of(user)
            context["invitations"] = [i for i in invitations if i.state not in _JOURNEY_STATES]
            context["journeys"] = sum(i.state in _JOURNEY_STATES for i in invitations)
            context["has_profile"] = await load_profile(user.id) is not None
            context["follow_ups"] = await follow_ups(user)
            context["unanswered"] = await unanswered(user)
        return await page(request, f"home_{user.role}.html", context)

    @get("/journeys", guards=[role_in(Role.tester)])
    async def journeys(self, request: Request) -> Template:
        """The tester's accepted journeys: those to carry on, and those sent."""
        invitations = await invitations_of(signed_in_user(request))
        context = {"journeys": [i for i in invitations if i.state in _JOURNEY_STATES]}
        return await page(request, "journeys.html", context)

    @get("/findings", guards=[role_in(Role.manager)])
    async def to_review(self, request: Request) -> Template:
        """Every campaign with findings waiting for a decision or an answer."""
        return await page(
            request, "review_queue.html", {"queue": await review_queue(signed_in_user(request))}
        )
