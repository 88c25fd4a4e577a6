"""What each role may see: one place that decides, used by every object lookup."""

from __future__ import annotations

from typing import Any

from piccolo.query import Select

from backend.auth.identity import CurrentUser
from backend.errors import NotFound
from backend.tables import Campaign
from campaigns.vocabulary import Role


def visible_campaigns(user: CurrentUser, query: Select) -> Select:
    """Restrict a campaign query to what the user may see.

    Clients see their organization's campaigns, managers all of them. Testers reach
    campaigns only through their participations, never through this listing.
    """
    if user.role is Role.manager:
        return query
    if user.role is Role.client:
        return query.where(Campaign.organization == user.organization_id)
    return query.where(Campaign.id == -1)


async def visible_campaign(user: CurrentUser, campaign_id: int) -> dict[str, Any]:
    """The campaign row, or 404 whether it is missing or someone else's (ids do not leak)."""
    row = await visible_campaigns(user, Campaign.select().where(Campaign.id == campaign_id)).first()
    if row is None:
        raise NotFound("campaign.not_found", "No campaign {campaign_id}", campaign_id=campaign_id)
    return row
