"""Campaign operations: create, view, edit, change status, delete, measure progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count

from backend import clock
from backend.auth.identity import CurrentUser
from backend.db.engine import writing_transaction
from backend.errors import Conflict, Invalid
from backend.services.access import visible_campaign, visible_campaigns
from backend.services.campaign_store import (
    create_campaign,
    replace_definition,
    stored_definition,
    update_texts,
)
from backend.services.outbox import tell_the_client
from backend.services.recruitment import recruit
from backend.tables import Campaign, CampaignLocale, Participation
from campaigns.lifecycle import (
    FILLING_STATES,
    OPEN_STATUSES,
    LifecycleError,
    due_action,
    is_editable,
    merge_patch,
    next_status,
    structural_change,
)
from campaigns.loading import definition_from
from campaigns.problems import DefinitionError, Problem
from campaigns.rules import check_rules
from campaigns.schema import CampaignDefinition
from campaigns.vocabulary import CampaignStatus, ParticipationState


class CampaignSummary(msgspec.Struct):
    """A line of the campaign list."""

    id: int
    name: str
    product: str
    status: str
    default_locale: str
    created_at: dt.datetime


class CampaignView(msgspec.Struct):
    """A campaign with its whole definition and any translation warnings."""

    id: int
    organization_id: int
    status: str
    created_at: dt.datetime
    launched_at: dt.datetime | None
    closed_at: dt.datetime | None
    definition: CampaignDefinition
    warnings: list[Problem]


class LocaleProgress(msgspec.Struct):
    """Testers of one locale by state, against its quota."""

    locale: str
    quota: int
    counts: dict[str, int]
    filled: int


class Progress(msgspec.Struct):
    """Where recruitment and testing stand."""

    campaign_id: int
    status: str
    locales: list[LocaleProgress]


def refused(error: DefinitionError) -> Invalid:
    """422 listing every problem of a definition, the first one spelled out in the detail."""
    problems = error.problems
    first = problems[0].describe()
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return Invalid(
        "campaign.definition_problems",
        "The campaign definition has problems: {first}{more}",
        extra=msgspec.to_builtins(problems),
        first=first,
        more=more,
    )


async def campaign_view(campaign_id: int) -> CampaignView:
    """A campaign with its definition, rebuilt from the rows."""
    row = await Campaign.select().where(Campaign.id == campaign_id).first()
    definition = await stored_definition(campaign_id)
    return CampaignView(
        id=row["id"],
        organization_id=row["organization"],
        status=row["status"],
        created_at=row["created_at"],
        launched_at=row["launched_at"],
        closed_at=row["closed_at"],
        definition=definition,
        warnings=check_rules(definition)[1],
    )


async def follow_the_calendar() -> None:
    """Move open campaigns on as their dates say: running from the start date, closed after
    the end date. Run at start-up and before campaigns are listed or joined, so no
    transition is lost however long the server was down."""
    today = clock.today()
    rows = await Campaign.select(
        Campaign.id, Campaign.status, Campaign.starts_on, Campaign.ends_on
    ).where(Campaign.status.is_in(list(OPEN_STATUSES)))
    for row in rows:
        action = due_action(CampaignStatus(row["status"]), row["starts_on"], row["ends_on"], today)
        if action is not None:
            async with writing_transaction():
                await _move(row["id"], row["status"], action)


async def _move(campaign_id: int, status: str, action: str) -> None:
    """Change the status, inside the caller's transaction; a campaign that closes tells its
    client that the report is final."""
    values: dict[Any, Any] = {Campaign.status: next_status(CampaignStatus(status), action)}
    if action in _STAMPS:
        values[_STAMPS[action]] = clock.now()
    # The status condition makes two racing moves apply once, and mail go out once.
    moved = (
        await Campaign.update(values)
        .where((Campaign.id == campaign_id) & (Campaign.status == status))
        .returning(Campaign.id)
    )
    if moved and action == "close":
        await tell_the_client(campaign_id, "closed", f"/campaigns/{campaign_id}/report")


async def first_campaign_of(organization: str) -> int | None:
    """The oldest campaign of the organization with this name, or None."""
    row = await (
        Campaign.select(Campaign.id)
        .where(Campaign.organization.name == organization)
        .order_by(Campaign.id)
        .first()
    )
    return row["id"] if row else None


async def campaign_by_id_or_name(id_or_name: str) -> dict[str, Any] | None:
    """The campaign's id and name, found by its id (all digits) or its exact name."""
    where = Campaign.id == int(id_or_name) if id_or_name.isdigit() else Campaign.name == id_or_name
    return await Campaign.select(Campaign.id, Campaign.name).where(where).first()


async def campaign_summaries(user: CurrentUser) -> list[CampaignSummary]:
    """The campaigns the user may see, newest first."""
    await follow_the_calendar()
    query = Campaign.select(
        Campaign.id,
        Campaign.name,
        Campaign.product,
        Campaign.status,
        Campaign.default_locale,
        Campaign.created_at,
    ).order_by(Campaign.id, ascending=False)
    return [CampaignSummary(**row) for row in await visible_campaigns(user, query)]


async def create_for(user: CurrentUser, definition: CampaignDefinition) -> int:
    """Store a draft for the client's organization; return its id."""
    return await create_campaign(definition, user.organization_id, user.id)


async def edit(user: CurrentUser, campaign_id: int, patch_document: Any) -> None:
    """Apply a JSON merge patch: drafts take anything, launched campaigns only wording."""
    row = await visible_campaign(user, campaign_id)
    current = await stored_definition(campaign_id)
    merged = merge_patch(msgspec.to_builtins(current), patch_document)
    try:
        updated = definition_from(merged, "patched definition")
    except DefinitionError as error:
        raise refused(error) from error
    if is_editable(CampaignStatus(row["status"])):
        await replace_definition(campaign_id, updated)
    elif changed := structural_change(current, updated):
        raise Conflict(
            "campaign.structure_frozen",
            "This campaign is {status}: its steps, questions and targets can no longer "
            "change (you changed {changed}); only wording can be corrected",
            status=row["status"],
            changed=changed,
        )
    else:
        await update_texts(campaign_id, updated)


async def remove(user: CurrentUser, campaign_id: int) -> None:
    """Delete a draft; launched campaigns hold testers' work and are closed instead."""
    row = await visible_campaign(user, campaign_id)
    if not is_editable(CampaignStatus(row["status"])):
        raise Conflict(
            "campaign.not_deletable",
            "This campaign is {status} and holds testers' work; close it instead",
            status=row["status"],
        )
    await Campaign.delete().where(Campaign.id == campaign_id)


_STAMPS = {"launch": Campaign.launched_at, "close": Campaign.closed_at}


async def change_status(user: CurrentUser, campaign_id: int, action: str) -> int:
    """Launch (and invite matching testers) or close the campaign, or 409 saying why not;
    returns how many testers the launch invited."""
    row = await visible_campaign(user, campaign_id)
    try:
        next_status(CampaignStatus(row["status"]), action)
    except LifecycleError as error:
        raise Conflict("campaign.lifecycle", str(error)) from error
    async with writing_transaction():
        await _move(campaign_id, row["status"], action)
        return await recruit(campaign_id) if action == "launch" else 0


async def progress(user: CurrentUser, campaign_id: int) -> Progress:
    """Testers per locale and state, against each locale's quota."""
    row = await visible_campaign(user, campaign_id)
    return Progress(
        campaign_id=campaign_id, status=row["status"], locales=await locale_progress(campaign_id)
    )


async def locale_progress(campaign_id: int) -> list[LocaleProgress]:
    """Each locale's testers by state against its quota, for callers that checked access."""
    quotas = (
        await CampaignLocale.select(CampaignLocale.locale, CampaignLocale.quota)
        .where(CampaignLocale.campaign == campaign_id)
        .order_by(CampaignLocale.id)
    )
    counted = (
        await Participation.select(
            Participation.locale, Participation.state, Count(alias="testers")
        )
        .where(Participation.campaign == campaign_id)
        .group_by(Participation.locale, Participation.state)
    )
    by_locale: dict[str, dict[str, int]] = {}
    for entry in counted:
        by_locale.setdefault(entry["locale"], {})[entry["state"]] = entry["testers"]
    return [_locale_progress(q["locale"], q["quota"], by_locale) for q in quotas]


def _locale_progress(
    locale: str, quota: int, by_locale: dict[str, dict[str, int]]
) -> LocaleProgress:
    counts = {
        state.value: by_locale.get(locale, {}).get(state.value, 0) for state in ParticipationState
    }
    return LocaleProgress(
        locale=locale,
        quota=quota,
        counts=counts,
        filled=sum(counts[state.value] for state in FILLING_STATES),
    )
