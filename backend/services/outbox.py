"""The e-mail outbox: messages queued inside the caller's transaction, then leased one at a
time by a sender, delivered, and marked sent or put back with a longer wait."""

from __future__ import annotations

import datetime as dt
import uuid
from email.utils import parseaddr
from typing import Any

import msgspec

from backend.clock import now
from backend.mail.compose import compose
from backend.settings import load_settings
from backend.tables import Campaign, OutboxMessage, TesterProfile, User
from campaigns.vocabulary import Role

# A sender holds a message this long: time enough to deliver it, short enough that a
# sender that died mid-send leaves it to another soon.
LEASE_SECONDS = 120
MAX_RETRY_SECONDS = 3600


class Recipient(msgspec.Struct, frozen=True):
    """Who a message goes to, the language it is written in, and whether they want e-mail
    about their findings (invitations go out whatever they chose). An address that has no
    account yet (a sign-up to confirm) has no id."""

    id: int | None
    email: str
    name: str
    language: str
    updates: bool = True


class Outgoing(msgspec.Struct, frozen=True):
    """A leased message, as the sender delivers it."""

    id: int
    to_address: str
    subject: str
    text_body: str
    html_body: str
    message_id: str
    attempts: int


class OutboxLine(msgspec.Struct, frozen=True):
    """A message as the outbox page lists it."""

    id: int
    to_address: str
    kind: str
    subject: str
    created_at: dt.datetime
    attempts: int
    next_attempt_at: dt.datetime
    sent_at: dt.datetime | None
    last_error: str


async def recipients(user_ids: list[int]) -> dict[int, Recipient]:
    """The users by id, each with the language to write to them in: the one they chose,
    else a tester's profile locale, else English (compose falls back by itself)."""
    rows = await User.select(
        User.id, User.email, User.name, User.language, User.mail_updates
    ).where(
        User.id.is_in([*user_ids, -1]) & (User.is_active == True)  # noqa: E712
    )
    locales = {
        row["user"]: row["locale"]
        for row in await TesterProfile.select(TesterProfile.user, TesterProfile.locale).where(
            TesterProfile.user.is_in([*user_ids, -1])
        )
    }
    return {
        row["id"]: Recipient(
            id=row["id"],
            email=row["email"],
            name=row["name"],
            language=row["language"] or locales.get(row["id"], "en").split("-")[0],
            updates=row["mail_updates"],
        )
        for row in rows
    }


def site_link(path: str) -> str:
    """An absolute link to a page of the site, for e-mail."""
    return load_settings().site_url + path


def _message_id(kind: str) -> str:
    domain = parseaddr(load_settings().mail_from)[1].rpartition("@")[2] or "parcours.local"
    return f"<{uuid.uuid4().hex}.{kind}@{domain}>"


async def queue_mail(recipient: Recipient, kind: str, **context: Any) -> None:
    """Write the message to the outbox; call it inside the transaction of the event that
    causes it, so that both are stored or neither is."""
    mail = compose(kind, recipient.language, name=recipient.name, **context)
    await OutboxMessage.insert(
        OutboxMessage(
            recipient=recipient.id,
            to_address=recipient.email,
            kind=kind,
            subject=mail.subject[:300],
            text_body=mail.text,
            html_body=mail.html,
            message_id=_message_id(kind),
        )
    )


async def lease_due(batch: int = 20) -> list[Outgoing]:
    """Up to `batch` messages due now, each leased to this sender: one a concurrent sender
    leased first is skipped, never sent twice at once."""
    moment = now()
    free = OutboxMessage.leased_until.is_null() | (OutboxMessage.leased_until < moment)
    due = OutboxMessage.sent_at.is_null() & (OutboxMessage.next_attempt_at <= moment) & free
    candidates = await (
        OutboxMessage.select(OutboxMessage.id).where(due).order_by(OutboxMessage.id).limit(batch)
    )
    leased = []
    for candidate in candidates:
        won = (
            await OutboxMessage.update(
                {
                    OutboxMessage.leased_until: moment + dt.timedelta(seconds=LEASE_SECONDS),
                    OutboxMessage.attempts: OutboxMessage.attempts + 1,
                }
            )
            .where((OutboxMessage.id == candidate["id"]) & due)
            .returning(
                OutboxMessage.id,
                OutboxMessage.to_address,
                OutboxMessage.subject,
                OutboxMessage.text_body,
                OutboxMessage.html_body,
                OutboxMessage.message_id,
                OutboxMessage.attempts,
            )
        )
        leased += [Outgoing(**row) for row in won]
    return leased


async def mark_sent(message_id: int) -> None:
    """The message was handed to the SMTP server."""
    await OutboxMessage.update(
        {
            OutboxMessage.sent_at: now(),
            OutboxMessage.leased_until: None,
            OutboxMessage.last_error: "",
        }
    ).where(OutboxMessage.id == message_id)


async def mark_failed(message: Outgoing, error: str, retry_seconds: float) -> None:
    """Put the message back, due again after a wait that doubles with each attempt."""
    wait = min(MAX_RETRY_SECONDS, retry_seconds * 2 ** (message.attempts - 1))
    await OutboxMessage.update(
        {
            OutboxMessage.leased_until: None,
            OutboxMessage.next_attempt_at: now() + dt.timedelta(seconds=wait),
            OutboxMessage.last_error: error[:1000],
        }
    ).where(OutboxMessage.id == message.id)


async def outbox_lines(limit: int = 200) -> list[OutboxLine]:
    """The latest messages, waiting ones first, for the managers' outbox page."""
    rows = await (
        OutboxMessage.select(
            OutboxMessage.id,
            OutboxMessage.to_address,
            OutboxMessage.kind,
            OutboxMessage.subject,
            OutboxMessage.created_at,
            OutboxMessage.attempts,
            OutboxMessage.next_attempt_at,
            OutboxMessage.sent_at,
            OutboxMessage.last_error,
        )
        .order_by(OutboxMessage.id, ascending=False)
        .limit(limit)
    )
    lines = [OutboxLine(**row) for row in rows]
    return sorted(lines, key=lambda line: line.sent_at is not None)


async def waiting_count() -> int:
    """How many messages are not sent yet."""
    return await OutboxMessage.count().where(OutboxMessage.sent_at.is_null())


async def mail_updates(user_id: int) -> bool:
    """Whether the person wants e-mail about their findings."""
    row = await User.select(User.mail_updates).where(User.id == user_id).first()
    return bool(row and row["mail_updates"])


async def set_mail_updates(user_id: int, wanted: bool) -> None:
    """Turn e-mail about one's findings on or off; invitations are not affected."""
    await User.update({User.mail_updates: wanted}).where(User.id == user_id)


async def tell_the_client(campaign_id: int, kind: str, path: str) -> None:
    """Queue `kind` (recruited, closed) to every client of the campaign's organization, with
    a link to `path`; inside the transaction of the event."""
    campaign = await (
        Campaign.select(Campaign.name, Campaign.organization).where(Campaign.id == campaign_id)
    ).first()
    clients = await User.select(User.id).where(
        (User.organization == campaign["organization"]) & (User.role == Role.client)
    )
    people = await recipients([row["id"] for row in clients])
    for person in people.values():
        await queue_mail(person, kind, campaign=campaign["name"], link=site_link(path))
