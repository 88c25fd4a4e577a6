"""Read-only links to a campaign's report: made and revoked by those who may see the report,
opened by anyone holding the link until it expires, showing nothing beyond the dashboard."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import msgspec

from backend.auth.identity import CurrentUser
from backend.clock import now
from backend.errors import Invalid, NotFound
from backend.services.access import visible_campaign
from backend.services.reports import friction_report, locales_compared
from backend.services.tokens import token_digest
from backend.services.top_points import top_points
from backend.tables import Campaign, ReportShare, Screenshot

# How long a link may live: a week unless told, three months at most.
DEFAULT_DAYS = 7
MAX_DAYS = 90


class ShareView(msgspec.Struct):
    """A link as its makers see it in the list (the token itself is shown only once)."""

    id: int
    created_at: dt.datetime
    expires_at: dt.datetime
    created_by: str | None


async def create_share(user: CurrentUser, campaign_id: int, days: int) -> tuple[str, dt.datetime]:
    """A new link to the campaign's report for `days` days; its token and expiry."""
    await visible_campaign(user, campaign_id)
    if not 1 <= days <= MAX_DAYS:
        raise Invalid("share.days", "A link lasts from 1 to {most} days", most=MAX_DAYS, days=days)
    token = secrets.token_urlsafe(24)
    moment = now()
    expires = moment + dt.timedelta(days=days)
    await ReportShare.insert(
        ReportShare(
            campaign=campaign_id,
            created_by=user.id,
            token_hash=token_digest(token),
            created_at=moment,
            expires_at=expires,
        )
    )
    return token, expires


async def active_shares(user: CurrentUser, campaign_id: int) -> list[ShareView]:
    """The campaign's links that still open, newest first."""
    await visible_campaign(user, campaign_id)
    rows = await (
        ReportShare.select(
            ReportShare.id,
            ReportShare.created_at,
            ReportShare.expires_at,
            ReportShare.created_by.name.as_alias("created_by"),
        )
        .where(
            (ReportShare.campaign == campaign_id)
            & ReportShare.revoked_at.is_null()
            & (ReportShare.expires_at > now())
        )
        .order_by(ReportShare.id, ascending=False)
    )
    return [ShareView(**row) for row in rows]


async def revoke_share(user: CurrentUser, campaign_id: int, share_id: int) -> None:
    """End a link now; a link of another campaign is a 404."""
    await visible_campaign(user, campaign_id)
    found = await ReportShare.exists().where(
        (ReportShare.id == share_id) & (ReportShare.campaign == campaign_id)
    )
    if not found:
        raise NotFound("share.not_found", "No share link {share_id}", share_id=share_id)
    await ReportShare.update({ReportShare.revoked_at: now()}).where(
        (ReportShare.id == share_id) & ReportShare.revoked_at.is_null()
    )


async def shared_until(token: str) -> dt.datetime:
    """When a link that opens stops opening."""
    share = (
        await ReportShare.select(ReportShare.expires_at)
        .where(ReportShare.token_hash == token_digest(token))
        .first()
    )
    if share is None:
        raise NotFound("share.closed", "This link has expired or was revoked")
    return share["expires_at"]


async def shared_campaign(token: str) -> dict[str, Any]:
    """The campaign a link opens; the same 404 whether it never existed, expired or was
    revoked, so a guess learns nothing."""
    share = (
        await ReportShare.select(ReportShare.campaign)
        .where(
            (ReportShare.token_hash == token_digest(token))
            & ReportShare.revoked_at.is_null()
            & (ReportShare.expires_at > now())
        )
        .first()
    )
    campaign = (
        await Campaign.select().where(Campaign.id == share["campaign"]).first() if share else None
    )
    if campaign is None:
        raise NotFound("share.closed", "This link has expired or was revoked")
    return campaign


async def shared_thumbnail(token: str, screenshot_id: int) -> dict[str, Any]:
    """A thumbnail the shared dashboard shows (a top friction point's, or one set side by
    side between locales); any other screenshot is a 404."""
    campaign = await shared_campaign(token)
    shown = {p.screenshot_id for p in (await top_points(campaign["id"])).points}
    compared = await locales_compared(campaign["id"], await friction_report(campaign["id"]))
    shown |= {i for by_locale in compared.screenshots.values() for i in by_locale.values()}
    row = (
        await Screenshot.select(Screenshot.thumbnail_sha256)
        .where((Screenshot.id == screenshot_id) & (Screenshot.finding.campaign == campaign["id"]))
        .first()
    )
    if row is None or screenshot_id not in shown:
        raise NotFound(
            "screenshot.not_found", "No screenshot {screenshot_id}", screenshot_id=screenshot_id
        )
    return row
