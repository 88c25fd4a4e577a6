"""Where a new draft comes from: a shipped template, an earlier campaign of the organization
(the next wave of the same study), an empty start, or a file, which may replace a draft of
the same name but never makes a second one by accident."""

from __future__ import annotations

import msgspec

from backend.auth.identity import CurrentUser
from backend.errors import Conflict, NotFound
from backend.language import gettext
from backend.services.access import visible_campaign
from backend.services.campaign_store import replace_definition, stored_definition
from backend.services.campaigns import create_for, refused
from backend.tables import Campaign
from campaigns.lifecycle import is_editable
from campaigns.loading import definition_from
from campaigns.problems import DefinitionError
from campaigns.schema import CampaignDefinition
from campaigns.templates import template_definition
from campaigns.vocabulary import CampaignStatus, Stage, Touchpoint
from campaigns.words import N_

# A new campaign's default quota per locale, until the client sets it.
STARTING_QUOTA = 10


async def unused_name(organization_id: int | None, name: str) -> str:
    """`name`, or `name (2)`, `name (3)`... the first that no campaign of the organization
    has yet."""
    taken = {
        row["name"]
        for row in await Campaign.select(Campaign.name).where(
            Campaign.organization == organization_id
        )
    }
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[: 200 - len(suffix)] + suffix
    return candidate


async def start_from_template(user: CurrentUser, key: str) -> int:
    """A draft holding a shipped example, under a name the organization does not use yet."""
    try:
        definition = template_definition(key)
    except KeyError:
        raise NotFound("template.not_found", "No template {key}", key=key) from None
    return await create_renamed(user, definition)


async def start_as_copy(user: CurrentUser, campaign_id: int) -> int:
    """A draft copying one of the organization's campaigns, without its dates (a next wave
    runs later); testers' work stays with the original."""
    await visible_campaign(user, campaign_id)
    definition = await stored_definition(campaign_id)
    return await create_renamed(
        user, msgspec.structs.replace(definition, starts_on=None, ends_on=None)
    )


async def start_empty(user: CurrentUser, name: str, locale: str) -> int:
    """A draft with a name, one locale to test in and the one journey of one step that a
    campaign needs at least, worded in the reader's language, to fill in on the site."""
    locale = locale.strip()
    raw = {
        "name": name.strip(),
        "default_locale": locale,
        "target": {"locales": [{"locale": locale, "quota": STARTING_QUOTA}]},
        "use_cases": [
            {
                "id": "journey_1",
                "title": {locale: gettext(N_("First journey"))},
                "steps": [
                    {
                        "id": "step_1",
                        "stage": Stage.awareness.value,
                        "touchpoint": Touchpoint.website.value,
                        "instruction": {locale: gettext(N_("Say what testers do first."))},
                    }
                ],
            }
        ],
    }
    try:
        definition = definition_from(raw, "new campaign")
    except DefinitionError as error:
        raise refused(error) from error
    return await create_renamed(user, definition)


async def draft_named(organization_id: int | None, name: str) -> int | None:
    """The organization's draft of that name, if it has one."""
    row = await (
        Campaign.select(Campaign.id)
        .where(
            (Campaign.organization == organization_id)
            & (Campaign.name == name)
            & (Campaign.status == CampaignStatus.draft)
        )
        .first()
    )
    return row["id"] if row else None


async def replace_draft(
    user: CurrentUser, campaign_id: int, definition: CampaignDefinition
) -> None:
    """Put an uploaded definition in place of a draft's, once the client said so."""
    row = await visible_campaign(user, campaign_id)
    if not is_editable(CampaignStatus(row["status"])):
        raise Conflict(
            "campaign.not_a_draft",
            "“{name}” is {status} now, no longer a draft: it cannot be replaced; keep both",
            name=row["name"],
            status=row["status"],
        )
    await replace_definition(campaign_id, definition)


async def create_renamed(user: CurrentUser, definition: CampaignDefinition) -> int:
    """A new draft, renamed if the organization already uses its name."""
    name = await unused_name(user.organization_id, definition.name)
    return await create_for(user, msgspec.structs.replace(definition, name=name))
