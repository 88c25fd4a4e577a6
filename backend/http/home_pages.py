"""The signed-in person's home page, one per role."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from backend.http.guards import signed_in_user
from backend.http.rendering import page
from backend.services.campaigns import campaign_summaries
from backend.services.follow_ups import follow_ups
from backend.services.profiles import load_profile
from backend.services.recruitment import invitations_of
from campaigns.vocabulary import Role


class HomePages(Controller):
    """Clients and managers see campaigns; testers their invitations and follow-ups."""

    include_in_schema = False

    @get("/")
    async def home(self, request: Request) -> Template:
        """The signed-in user's home page for its role."""
        user = signed_in_user(request)
        context: dict[str, Any] = {}
        if user.role in (Role.client, Role.manager):
            context["campaigns"] = await campaign_summaries(user)
        else:
            context["invitations"] = await invitations_of(user)
            context["has_profile"] = await load_profile(user.id) is not None
            context["follow_ups"] = await follow_ups(user)
        return await page(request, f"home_{user.role}.html", context)
