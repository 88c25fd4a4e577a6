"""The form a tester answers a manager's question with: the finding, the question, a resend."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from backend.errors import DomainError, NotFound
from backend.http.errors import status_of, translated
from backend.http.flash import notice, redirect_with
from backend.http.forms import read_finding_form, text_fields
from backend.http.guards import role_in, signed_in_user
from backend.http.labels import N_
from backend.http.rendering import page
from backend.http.sessions import settings_of
from backend.services.follow_ups import FollowUp, follow_up, resend
from campaigns.vocabulary import FindingKind, Role


class FollowUpPages(Controller):
    """The edit form for a finding a manager asked about; mounted with the upload body limit,
    since a reply can add screenshots. Works without JavaScript."""

    path = "/findings/{finding_id:int}/edit"
    include_in_schema = False
    guards = (role_in(Role.tester),)

    @get("/")
    async def form(self, request: Request, finding_id: FromPath[int]) -> Template:
        """The finding as sent, the manager's question, and the fields to change."""
        user = signed_in_user(request)
        item = await follow_up(user, finding_id)
        return await _form_page(request, item, msgspec.structs.asdict(item))

    @post("/")
    async def send(self, request: Request, finding_id: FromPath[int]) -> Response:
        """Resend with any added screenshots and go home, or show the form again with what to
        fix and everything typed."""
        user = signed_in_user(request)
        item = await follow_up(user, finding_id)
        try:
            edit, images = await read_finding_form(request)
            note = str((await request.form()).get("note") or "")
            await resend(user, finding_id, edit, images, request.app.state.screenshots, note)
        except NotFound:
            raise
        except DomainError as error:
            typed = text_fields(await request.form())
            return await _form_page(request, item, typed, translated(error), status_of(error))
        return redirect_with(
            request, f"/me/findings/{finding_id}", notice(N_("Sent again, thank you"))
        )


async def _form_page(
    request: Request,
    item: FollowUp,
    form: dict[str, Any],
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    context = {
        "item": item,
        "form": form,
        "kinds": list(FindingKind),
        "error": error,
        "max_upload_bytes": settings_of(request).max_upload_bytes,
    }
    return await page(request, "follow_up.html", context, status_code)
