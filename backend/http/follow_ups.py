"""Testers answer a manager's question on a finding: the list, the edit form, the resend."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.params import FromPath, JSONBody, URLEncodedBody
from litestar.response import Redirect, Template

from backend.errors import DomainError, Invalid, NotFound
from backend.http.errors import status_of
from backend.http.forms import describe_validation_error, read_form
from backend.http.guards import role_in, signed_in_user
from backend.services.findings import FindingView
from backend.services.follow_ups import FollowUp, follow_up, follow_ups, resend
from backend.services.people import load_me
from campaigns.findings import FindingInput
from campaigns.vocabulary import FindingKind, Role, Severity


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


class FollowUpPages(Controller):
    """The edit form for a finding a manager asked about; works without JavaScript."""

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
    async def send(
        self, request: Request, finding_id: FromPath[int], data: URLEncodedBody[dict[str, Any]]
    ) -> Response:
        """Resend and go home, or show the form again with what to fix."""
        user = signed_in_user(request)
        item = await follow_up(user, finding_id)
        try:
            try:
                edit = read_form(data, FindingInput)
            except msgspec.ValidationError as error:
                raise Invalid("form.invalid", describe_validation_error(error)) from error
            await resend(user, finding_id, edit)
        except NotFound:
            raise
        except DomainError as error:
            return await _form_page(request, item, data, error.message, status_of(error))
        return Redirect("/?notice=Sent again, thank you")


async def _form_page(
    request: Request,
    item: FollowUp,
    form: dict[str, Any],
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    return Template(
        "follow_up.html",
        context={
            "me": await load_me(signed_in_user(request).id),
            "item": item,
            "form": form,
            "kinds": list(FindingKind),
            "severities": list(Severity),
            "error": error,
        },
        status_code=status_code,
    )
