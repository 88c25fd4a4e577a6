"""The e-mail outbox for managers: what went out, what waits and why."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from backend.http.guards import role_in
from backend.http.rendering import page
from backend.services.outbox import outbox_lines, waiting_count
from campaigns.vocabulary import Role


@get("/outbox", guards=[role_in(Role.manager)], include_in_schema=False)
async def outbox_page(request: Request) -> Template:
    """The latest messages, those still waiting first, and whether SMTP is configured."""
    settings = request.app.state.settings
    context = {
        "messages": await outbox_lines(),
        "waiting": await waiting_count(),
        "smtp_configured": bool(settings.smtp_url),
        "sending_here": bool(settings.smtp_url) and settings.mail_sender,
    }
    return await page(request, "outbox.html", context)
