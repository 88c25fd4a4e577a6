"""A tester's page for one of their findings: its state, the conversation with the project
managers, and a reply that may carry screenshots. Works without JavaScript."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from backend.errors import DomainError, NotFound
from backend.http.errors import status_of, translated
from backend.http.flash import notice, redirect_with
from backend.http.forms import read_screenshots
from backend.http.guards import role_in, signed_in_user
from backend.http.labels import N_
from backend.http.rendering import page
from backend.http.sessions import settings_of
from backend.services.conversations import (
    MAX_MESSAGE_CHARS,
    conversation,
    conversation_finding,
    write_message,
)
from campaigns.vocabulary import Role


class ConversationPages(Controller):
    """Mounted with the upload body limit, since a reply can add screenshots."""

    path = "/me/findings/{finding_id:int}"
    include_in_schema = False
    guards = (role_in(Role.tester),)

    @get("/")
    async def thread(self, request: Request, finding_id: FromPath[int]) -> Template:
        """The finding's state and its conversation, with the reply form."""
        return await _thread_page(request, finding_id)

    @post("/messages")
    async def reply(self, request: Request, finding_id: FromPath[int]) -> Response:
        """Send the reply and show the conversation with it, or the form again with what to
        fix and the text as typed."""
        user = signed_in_user(request)
        form = await request.form()
        body = str(form.get("body") or "")
        try:
            images = await read_screenshots(request, form)
            await write_message(user, finding_id, body, images, request.app.state.screenshots)
        except NotFound:
            raise
        except DomainError as error:
            return await _thread_page(
                request, finding_id, body, translated(error), status_of(error)
            )
        return redirect_with(
            request, f"/me/findings/{finding_id}#conversation", notice(N_("Message sent"))
        )


async def _thread_page(
    request: Request,
    finding_id: int,
    typed: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    user = signed_in_user(request)
    finding = await conversation_finding(user, finding_id)
    context: dict[str, Any] = {
        "finding": finding,
        "messages": await conversation(user, finding_id),
        "typed": typed,
        "error": error,
        "max_chars": MAX_MESSAGE_CHARS,
        "max_upload_bytes": settings_of(request).max_upload_bytes,
    }
    return await page(request, "conversation.html", context, status_code)
