"""The campaign builder: a draft edited on the site, checked as it is typed, saved whatever
its state so nothing is lost, and stored as the campaign's definition whenever it holds.

A document that does not validate yet is kept as the campaign's working copy; the campaign
keeps its last valid definition until the problems are fixed. Each save names the revision
it was made on, so a save made on an older version is refused instead of silently
overwriting someone else's. After launch, only wording may change, as through the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from backend.auth.identity import CurrentUser
from backend.db.engine import locked, writing_transaction
from backend.errors import Conflict
from backend.services.access import visible_campaign
from backend.services.campaign_store import replace_definition, stored_definition, update_texts
from backend.tables import Campaign
from campaigns.completeness import LocaleCompleteness, completeness
from campaigns.lifecycle import is_editable, structural_change
from campaigns.loading import definition_from
from campaigns.problems import ONLY_WORDING, DefinitionError, Problem
from campaigns.schema import CampaignDefinition
from campaigns.vocabulary import CampaignStatus


class BuilderState(msgspec.Struct):
    """What the builder shows: the document (the working copy, else the definition), its
    problems, the revision to save on, and whether the structure is frozen (launched)."""

    campaign_id: int
    name: str
    status: str
    revision: int
    document: dict[str, Any]
    problems: list[Problem]
    frozen: bool
    updated_at: dt.datetime
    # Each locale's translations, when the document is complete enough to tell.
    translations: list[LocaleCompleteness] = []


class SaveRefused(Conflict):
    """A save made on an older revision; `current` is the version saved since."""

    def __init__(self, current: BuilderState) -> None:
        super().__init__(
            "builder.stale",
            "Someone saved this campaign since you opened it; here is their version. Your "
            "changes were not saved: they are below, to copy back",
        )
        self.current = current


async def builder_state(user: CurrentUser, campaign_id: int) -> BuilderState:
    """The campaign as the builder opens it; 404 for a campaign the user may not see."""
    row = await visible_campaign(user, campaign_id)
    document = row["working"]
    if isinstance(document, str):
        document = msgspec.json.decode(document)
    if document is None:
        document = msgspec.to_builtins(await stored_definition(campaign_id))
    definition, problems = _checked(document)
    return _state(row, document, problems, definition)


def _checked(document: dict[str, Any]) -> tuple[CampaignDefinition | None, list[Problem]]:
    """The document as a definition, or what `parcours validate` would say of it."""
    try:
        return definition_from(document, "builder", from_text=True), []
    except DefinitionError as error:
        return None, error.problems


async def save_document(
    user: CurrentUser, campaign_id: int, document: dict[str, Any], revision: int
) -> BuilderState:
    """Keep the document; store it as the definition when it validates (a launched
    campaign: when only wording changed). SaveRefused when the revision is not the latest."""
    await visible_campaign(user, campaign_id)
    async with writing_transaction():
        row = await locked(Campaign.select().where(Campaign.id == campaign_id)).first()
        if row["revision"] != revision:
            raise SaveRefused(await builder_state(user, campaign_id))
        definition, problems = _checked(document)
        if definition is not None:
            problems = await _store(campaign_id, CampaignStatus(row["status"]), definition)
        working = document if problems else None
        await Campaign.update({Campaign.working: working, Campaign.revision: revision + 1}).where(
            Campaign.id == campaign_id
        )
    row = await visible_campaign(user, campaign_id)
    return _state(row, document, problems, definition)


async def _store(
    campaign_id: int, status: CampaignStatus, definition: CampaignDefinition
) -> list[Problem]:
    """Store a valid definition; after launch, a change beyond wording is a problem of the
    field it touches instead."""
    if is_editable(status):
        await replace_definition(campaign_id, definition)
        return []
    if changed := structural_change(await stored_definition(campaign_id), definition):
        return [Problem(changed, ONLY_WORDING.format(status=status.value, changed=changed))]
    await update_texts(campaign_id, definition)
    return []


def _state(
    row: dict[str, Any],
    document: dict[str, Any],
    problems: list[Problem],
    definition: CampaignDefinition | None,
) -> BuilderState:
    return BuilderState(
        campaign_id=row["id"],
        name=row["name"],
        status=row["status"],
        revision=row["revision"],
        document=document,
        problems=problems,
        frozen=not is_editable(CampaignStatus(row["status"])),
        updated_at=row["updated_at"],
        translations=completeness(definition) if definition and not problems else [],
    )
