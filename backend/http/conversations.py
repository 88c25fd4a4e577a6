"""The conversation about a finding (JSON): managers and the tester who filed it write,
the campaign's client reads."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from backend.http.guards import signed_in_user
from backend.services.conversations import (
    MessageInput,
    MessageView,
    conversation,
    write_message,
)


class ConversationController(Controller):
    """A finding's messages, oldest first; 404 for a finding the caller may not read."""

    path = "/api/v1/findings/{finding_id:int}/messages"
    tags = ("findings",)

    @get("/")
    async def messages(self, request: Request, finding_id: FromPath[int]) -> list[MessageView]:
        """The conversation; testers appear under their pseudonym to all but managers."""
        return await conversation(signed_in_user(request), finding_id)

    @post("/", status_code=201)
    async def write(
        self, request: Request, finding_id: FromPath[int], data: JSONBody[MessageInput]
    ) -> MessageView:
        """Add a message (manager or the finding's tester; a client gets 403) and e-mail the
        other side. Screenshots come with a reply through the tester's page."""
        return await write_message(signed_in_user(request), finding_id, data.body)
