"""The conversation about a finding, between the project managers and the tester who filed it.

Managers and the tester write; the campaign's client reads. Testers appear under their
pseudonym to everyone but managers. Each message is e-mailed to the other side in the
transaction that stores it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import msgspec

from backend.auth.identity import CurrentUser
from backend.clock import now
from backend.errors import Invalid, NotFound, Refused
from backend.screenshots.images import CleanImage
from backend.screenshots.store import FileStore
from backend.services.access import visible_campaign
from backend.services.findings import attach_screenshots, transaction_with_files
from backend.services.outbox import queue_mail, recipients, site_link
from backend.tables import Finding, FindingMessage, ReviewEvent, Screenshot, User
from campaigns.vocabulary import ReviewState, Role

MAX_MESSAGE_CHARS = 5000


class MessageInput(msgspec.Struct, forbid_unknown_fields=True):
    """A message to add to a finding's conversation."""

    body: str


class MessageView(msgspec.Struct):
    """One message as its reader may see it: the author by name, or by pseudonym for a
    tester read by anyone but a manager; `mine` when the reader wrote it."""

    id: int
    author: str | None
    from_manager: bool
    mine: bool
    body: str
    asks: bool
    resent: bool
    screenshot_ids: list[int]
    created_at: dt.datetime


class Unanswered(msgspec.Struct):
    """A tester's finding whose conversation ends with a manager's message to answer."""

    id: int
    title: str
    campaign: str
    message: str
    written_at: dt.datetime


async def unanswered(user: CurrentUser) -> list[Unanswered]:
    """The tester's findings where a manager wrote last, newest first; questions that hold a
    finding for more information are listed apart, as follow-ups."""
    last: dict[int, dict[str, Any]] = {}
    for row in await (
        FindingMessage.select(
            FindingMessage.finding,
            FindingMessage.from_manager,
            FindingMessage.body,
            FindingMessage.created_at,
            FindingMessage.finding.title.as_alias("title"),
            FindingMessage.finding.campaign.name.as_alias("campaign"),
            FindingMessage.finding.review.as_alias("review"),
        )
        .where(FindingMessage.finding.participation.tester == user.id)
        .order_by(FindingMessage.id)
    ):
        last[row["finding"]] = row
    return [
        Unanswered(
            id=row["finding"],
            title=row["title"],
            campaign=row["campaign"],
            message=row["body"],
            written_at=row["created_at"],
        )
        for row in sorted(last.values(), key=lambda row: row["created_at"], reverse=True)
        if row["from_manager"] and row["review"] != ReviewState.needs_info
    ]


async def conversation(user: CurrentUser, finding_id: int) -> list[MessageView]:
    """The finding's messages, oldest first, for a manager, the campaign's client or the
    tester who filed it; 404 for anyone else."""
    finding = await conversation_finding(user, finding_id)
    return await _messages(user, finding)


async def write_message(
    user: CurrentUser,
    finding_id: int,
    body: str,
    images: Sequence[CleanImage] = (),
    store: FileStore | None = None,
) -> MessageView:
    """Add a manager's or the tester's message, with any screenshots, and e-mail the other
    side: all of it, or nothing."""
    body = body.strip()
    if not body and not images:
        raise Invalid("message.empty", "Write a message or add a screenshot before sending")
    if user.role is Role.client:
        raise Refused(
            "message.read_only",
            "Clients read the conversation; only the project managers and the tester write in it",
        )
    async with transaction_with_files(store) as written:
        finding = await conversation_finding(user, finding_id)
        message_id = await add_message(finding, user, body)
        await attach_screenshots(finding_id, user, images, store, written, message_id)
    messages = await _messages(user, finding)
    return next(message for message in messages if message.id == message_id)


async def add_message(
    finding: dict[str, Any],
    author: CurrentUser,
    body: str,
    *,
    asks: bool = False,
    resent: bool = False,
) -> int:
    """Store a message inside the caller's transaction and e-mail it to the other side (a
    question that `asks` goes out as the review's own e-mail); its id."""
    if len(body) > MAX_MESSAGE_CHARS:
        raise Invalid(
            "message.too_long",
            "A message holds at most {limit} characters; this one has {length}",
            limit=MAX_MESSAGE_CHARS,
            length=len(body),
        )
    from_manager = author.role is Role.manager
    message_id = (
        await FindingMessage.insert(
            FindingMessage(
                finding=finding["id"],
                author=author.id,
                from_manager=from_manager,
                body=body,
                asks=asks,
                resent=resent,
                created_at=now(),
            )
        )
    )[0]["id"]
    if from_manager and not asks:
        await _tell_the_tester(finding, body)
    elif not from_manager:
        await _tell_the_managers(finding, body, resent)
    return message_id


async def conversation_finding(user: CurrentUser, finding_id: int) -> dict[str, Any]:
    """What the conversation needs of a finding the user may read it on; 404 otherwise."""
    finding = await (
        Finding.select(
            Finding.id,
            Finding.campaign,
            Finding.title,
            Finding.review,
            Finding.campaign.name.as_alias("campaign_name"),
            Finding.participation.tester.as_alias("tester"),
            Finding.participation.pseudonym.as_alias("pseudonym"),
        )
        .where(Finding.id == finding_id)
        .first()
    )
    if finding is not None and user.role is Role.tester and finding["tester"] != user.id:
        finding = None
    if finding is None:
        raise NotFound("finding.not_found", "No finding {finding_id}", finding_id=finding_id)
    if user.role is not Role.tester:
        await visible_campaign(user, finding["campaign"])
    return finding


async def _messages(user: CurrentUser, finding: dict[str, Any]) -> list[MessageView]:
    rows = await (
        FindingMessage.select(
            FindingMessage.id,
            FindingMessage.author,
            FindingMessage.author.name.as_alias("name"),
            FindingMessage.from_manager,
            FindingMessage.body,
            FindingMessage.asks,
            FindingMessage.resent,
            FindingMessage.created_at,
        )
        .where(FindingMessage.finding == finding["id"])
        .order_by(FindingMessage.created_at)
        .order_by(FindingMessage.id)
    )
    shots: dict[int, list[int]] = {}
    for shot in await (
        Screenshot.select(Screenshot.id, Screenshot.message)
        .where(Screenshot.message.is_in([*(row["id"] for row in rows), -1]))
        .order_by(Screenshot.id)
    ):
        shots.setdefault(shot["message"], []).append(shot["id"])
    return [
        MessageView(
            id=row["id"],
            author=row["name"]
            if row["from_manager"] or user.role is Role.manager
            else finding["pseudonym"],
            from_manager=bool(row["from_manager"]),
            mine=row["author"] == user.id,
            body=row["body"],
            asks=bool(row["asks"]),
            resent=bool(row["resent"]),
            screenshot_ids=shots.get(row["id"], []),
            created_at=row["created_at"],
        )
        for row in rows
    ]


async def _tell_the_tester(finding: dict[str, Any], body: str) -> None:
    person = (await recipients([finding["tester"]])).get(finding["tester"])
    if person is None or not person.updates:
        return
    await queue_mail(
        person,
        "message",
        title=finding["title"],
        campaign=finding["campaign_name"],
        message=body,
        link=site_link(f"/me/findings/{finding['id']}"),
    )


async def _tell_the_managers(finding: dict[str, Any], body: str, resent: bool) -> None:
    """E-mail the managers who took part (decided, asked or wrote), or every manager when
    none has yet."""
    involved = {
        row["actor"]
        for row in await ReviewEvent.select(ReviewEvent.actor).where(
            (ReviewEvent.finding == finding["id"]) & (ReviewEvent.actor.role == Role.manager)
        )
    } | {
        row["author"]
        for row in await FindingMessage.select(FindingMessage.author).where(
            (FindingMessage.finding == finding["id"]) & (FindingMessage.from_manager == True)  # noqa: E712
        )
    }
    involved.discard(None)
    if not involved:
        involved = {
            row["id"]
            for row in await User.select(User.id).where(
                (User.role == Role.manager) & (User.is_active == True)  # noqa: E712
            )
        }
    link = site_link(f"/campaigns/{finding['campaign']}/findings?finding={finding['id']}")
    for person in (await recipients(sorted(involved))).values():
        await queue_mail(
            person,
            "reply",
            title=finding["title"],
            campaign=finding["campaign_name"],
            tester=finding["pseudonym"],
            message=body,
            resent=resent,
            link=link,
        )
