"""The tester pool for managers: filters, each tester's record, and inviting one by hand."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Template

from backend.errors import DomainError, Invalid, NotFound
from backend.http.flash import notice, redirect_with, refusal
from backend.http.forms import local_path
from backend.http.guards import role_in
from backend.http.labels import N_
from backend.http.rendering import page
from backend.services.recruitment import invite_tester, open_campaigns
from backend.services.tester_pool import Activity, PoolFilters, pool_facets, tester_pool
from campaigns.vocabulary import Role

# Testers per page: a screenful on a wide screen, still quick on a phone.
PAGE_SIZE = 50
FILTERS = ("country", "locale", "device", "activity")


class TesterPages(Controller):
    """Managers only: clients never see who the testers are."""

    path = "/testers"
    include_in_schema = False
    guards = (role_in(Role.manager),)

    @get("/")
    async def pool(self, request: Request) -> Template:
        """The testers matching the filters, with a form to invite each to a campaign."""
        chosen = {
            name: value
            for name, value in request.query_params.items()
            if value and name in (*FILTERS, "after")
        }
        try:
            filters = msgspec.convert(chosen, PoolFilters, strict=False)
        except msgspec.ValidationError:
            filters, chosen = PoolFilters(), {}
        testers, matching = await tester_pool(filters, PAGE_SIZE + 1)
        kept = {name: value for name, value in chosen.items() if name != "after"}
        here = "/testers" + (f"?{urlencode(chosen)}" if chosen else "")
        context = {
            "testers": testers[:PAGE_SIZE],
            "matching": matching,
            "facets": await pool_facets(),
            "activities": list(Activity),
            "chosen": chosen,
            "here": here,
            "campaigns": await open_campaigns(),
            "first_page": "/testers" + (f"?{urlencode(kept)}" if kept else "")
            if "after" in chosen
            else None,
            "next_page": f"/testers?{urlencode({**kept, 'after': testers[PAGE_SIZE - 1].id})}"
            if len(testers) > PAGE_SIZE
            else None,
        }
        return await page(request, "testers.html", context)

    @post("/{tester_id:int}/invite")
    async def invite(
        self, request: Request, tester_id: FromPath[int], data: URLEncodedBody[dict[str, Any]]
    ) -> Response:
        """Invite the tester to the chosen campaign, then say so on the pool page."""
        back = local_path(data.get("next"))
        if not back.startswith("/testers"):
            back = "/testers"
        back = f"{back}#tester-{tester_id}"
        try:
            campaign = str(data.get("campaign", ""))
            if not campaign.isdigit():
                raise Invalid("invite.no_campaign", "Choose the campaign to invite to")
            name = await invite_tester(int(campaign), tester_id)
        except NotFound:
            raise
        except DomainError as error:
            # Shown on the tester's row, like the message after an invitation.
            told = refusal(error)
            told = msgspec.structs.replace(told, params={**told.params, "tester_id": tester_id})
            return redirect_with(request, back, told)
        message = notice(N_("Invited to {campaign}"), campaign=name, tester_id=tester_id)
        return redirect_with(request, back, message)
