"""The outbox's sender: a task of the server, or `parcours worker` beside it. It leases due
messages, delivers each over SMTP in a worker thread, and marks them sent or to retry."""

from __future__ import annotations

import asyncio
import logging

import anyio.to_thread

from backend.mail.smtp import SmtpServer, deliver, message
from backend.services.outbox import lease_due, mark_failed, mark_sent
from backend.settings import Settings

log = logging.getLogger("parcours.mail")
# How often an idle sender looks for due messages.
POLL_SECONDS = 2.0


async def send_due(server: SmtpServer, settings: Settings) -> int:
    """Deliver what is due now; how many were sent."""
    sent = 0
    for outgoing in await lease_due():
        email = message(
            settings.mail_from,
            outgoing.to_address,
            outgoing.subject,
            outgoing.text_body,
            outgoing.html_body,
            outgoing.message_id,
        )
        try:
            await anyio.to_thread.run_sync(deliver, server, email)
        except Exception as error:
            log.warning("e-mail %s not delivered: %s", outgoing.id, error)
            await mark_failed(
                outgoing, f"{type(error).__name__}: {error}", settings.mail_retry_seconds
            )
            continue
        await mark_sent(outgoing.id)
        sent += 1
    return sent


async def run_sender(server: SmtpServer, settings: Settings, poll: float = POLL_SECONDS) -> None:
    """Send due messages until cancelled; a failing round is logged and tried again."""
    while True:
        try:
            await send_due(server, settings)
        except Exception:
            log.exception("the outbox sender failed a round; it tries again")
        await asyncio.sleep(poll)
