"""The form a tester answers a manager's question with: the finding, the question, a resend."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from backend.errors import DomainError, Invalid, NotFound
from backend.http.errors import status_of, translated
from backend.http.forms import describe_validation_error, read_form
from backend.http.guards import role_in, signed_in_user
from backend.http.labels import N_
from backend.http.rendering import page
from backend.services.follow_ups import FollowUp, follow_up, resend
from campaigns.findings import FindingInput
from campaigns.vocabulary import FindingKind, Role


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
            return await _form_page(request, item, data, translated(error), status_of(error))
        return Redirect("/?notice=" + N_("Sent again, thank you"))


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
    }
    return await page(request, "follow_up.html", context, status_code)
