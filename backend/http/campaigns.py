"""Campaign authoring API: create, import, read, edit, delete, launch, close, progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import yaml
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.exceptions import ClientException
from litestar.params import FromPath, FromQuery
from piccolo.query.functions.aggregate import Count

from backend.auth.guards import role_in, signed_in_user
from backend.auth.scopes import visible_campaign, visible_campaigns
from backend.errors import ConflictException, UnprocessableException
from backend.repositories.campaigns import (
    create_campaign,
    replace_definition,
    stored_definition,
    update_texts,
)
from backend.tables import Campaign, CampaignLocale, Participation
from backend.tables.accounts import Role
from campaigns.lifecycle import (
    LifecycleError,
    is_editable,
    merge_patch,
    next_status,
    structural_change,
)
from campaigns.loading import Format, definition_from, format_of, load_definition
from campaigns.problems import DefinitionError, Problem
from campaigns.rules import check_rules
from campaigns.schema import CampaignDefinition
from campaigns.vocabulary import CampaignStatus, ParticipationState

AUTHORS = role_in(Role.client, Role.manager)


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


def _refused(error: DefinitionError) -> UnprocessableException:
    problems = error.problems
    first = problems[0].describe()
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return UnprocessableException(
        f"The campaign definition has problems: {first}{more}",
        extra=msgspec.to_builtins(problems),
    )


async def _view(campaign_id: FromPath[int]) -> CampaignView:
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


async def _create(request: Request, definition: CampaignDefinition) -> CampaignView:
    user = signed_in_user(request)
    campaign_id = await create_campaign(definition, user.organization_id, user.id)
    return await _view(campaign_id)


class CampaignController(Controller):
    """Clients author their organization's campaigns; managers see and steer them all."""

    path = "/api/v1/campaigns"
    tags = ("campaigns",)
    guards = (AUTHORS,)

    @post("/", guards=[role_in(Role.client)], status_code=201)
    async def create(self, request: Request) -> CampaignView:
        """Create a draft from a JSON definition (the same schema as the YAML files)."""
        body = await request.body()
        try:
            definition = load_definition(body.decode("utf-8", "replace"), "json", "request body")
        except DefinitionError as error:
            raise _refused(error) from error
        return await _create(request, definition)

    @post("/import", guards=[role_in(Role.client)], status_code=201)
    async def import_file(
        self, request: Request, format: FromQuery[Format | None] = None
    ) -> CampaignView:
        """Create a draft from a YAML or TOML file sent as the body.

        The format comes from `?format=`, else the content type; YAML by default.
        """
        body = await request.body()
        fmt = format or format_of("", request.headers.get("content-type"))
        try:
            definition = load_definition(body.decode("utf-8"), fmt, "uploaded file")
        except UnicodeDecodeError as error:
            raise ClientException("The file is not UTF-8 text") from error
        except DefinitionError as error:
            raise _refused(error) from error
        return await _create(request, definition)

    @get("/")
    async def list_campaigns(self, request: Request) -> list[CampaignSummary]:
        """The campaigns the caller may see, newest first."""
        query = Campaign.select(
            Campaign.id,
            Campaign.name,
            Campaign.product,
            Campaign.status,
            Campaign.default_locale,
            Campaign.created_at,
        ).order_by(Campaign.id, ascending=False)
        rows = await visible_campaigns(signed_in_user(request), query)
        return [CampaignSummary(**row) for row in rows]

    @get("/{campaign_id:int}")
    async def read(self, request: Request, campaign_id: FromPath[int]) -> CampaignView:
        """One campaign with its definition."""
        await visible_campaign(signed_in_user(request), campaign_id)
        return await _view(campaign_id)

    @get("/{campaign_id:int}/definition.yaml", media_type="application/yaml")
    async def export_yaml(self, request: Request, campaign_id: FromPath[int]) -> Response[str]:
        """The definition as a YAML file that imports back to the same campaign."""
        row = await visible_campaign(signed_in_user(request), campaign_id)
        document = msgspec.to_builtins(await stored_definition(campaign_id))
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
        filename = f"campaign-{row['id']}.yaml"
        return Response(
            text,
            media_type="application/yaml; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{filename}"'},
        )

    @patch("/{campaign_id:int}")
    async def update(self, request: Request, campaign_id: FromPath[int]) -> CampaignView:
        """Apply a JSON merge patch to the definition.

        Drafts take any change; once launched, only wording may change (409 otherwise).
        """
        row = await visible_campaign(signed_in_user(request), campaign_id)
        patch_document = msgspec.json.decode(await request.body())
        current = await stored_definition(campaign_id)
        merged = merge_patch(msgspec.to_builtins(current), patch_document)
        try:
            updated = definition_from(merged, "patched definition")
        except DefinitionError as error:
            raise _refused(error) from error
        if is_editable(CampaignStatus(row["status"])):
            await replace_definition(campaign_id, updated)
        elif changed := structural_change(current, updated):
            raise ConflictException(
                f"This campaign is {row['status']}: its steps, questions and targets can no "
                f"longer change (you changed {changed}); only wording can be corrected"
            )
        else:
            await update_texts(campaign_id, updated)
        return await _view(campaign_id)

    @delete("/{campaign_id:int}", status_code=204)
    async def remove(self, request: Request, campaign_id: FromPath[int]) -> None:
        """Delete a draft; launched campaigns hold testers' work and are closed instead."""
        row = await visible_campaign(signed_in_user(request), campaign_id)
        if not is_editable(CampaignStatus(row["status"])):
            raise ConflictException(
                f"This campaign is {row['status']} and holds testers' work; close it instead"
            )
        await Campaign.delete().where(Campaign.id == campaign_id)

    @post("/{campaign_id:int}/launch", status_code=200)
    async def launch(self, request: Request, campaign_id: FromPath[int]) -> CampaignView:
        """Open recruitment: the definition's structure is frozen from now on."""
        return await _transition(request, campaign_id, "launch", Campaign.launched_at)

    @post("/{campaign_id:int}/close", status_code=200)
    async def close(self, request: Request, campaign_id: FromPath[int]) -> CampaignView:
        """Stop recruitment and testing."""
        return await _transition(request, campaign_id, "close", Campaign.closed_at)

    @get("/{campaign_id:int}/progress")
    async def progress(self, request: Request, campaign_id: FromPath[int]) -> Progress:
        """Testers per locale and state, against each locale's quota."""
        row = await visible_campaign(signed_in_user(request), campaign_id)
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
        return Progress(
            campaign_id=campaign_id,
            status=row["status"],
            locales=[_locale_progress(q["locale"], q["quota"], by_locale) for q in quotas],
        )


_FILLING = (
    ParticipationState.accepted,
    ParticipationState.in_progress,
    ParticipationState.submitted,
    ParticipationState.approved,
)


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
        filled=sum(counts[state.value] for state in _FILLING),
    )


async def _transition(request: Request, campaign_id: int, action: str, stamp: Any) -> CampaignView:
    row = await visible_campaign(signed_in_user(request), campaign_id)
    try:
        status = next_status(CampaignStatus(row["status"]), action)
    except LifecycleError as error:
        raise ConflictException(str(error)) from error
    await Campaign.update({Campaign.status: status, stamp: dt.datetime.now(dt.UTC)}).where(
        (Campaign.id == campaign_id) & (Campaign.status == row["status"])
    )
    return await _view(campaign_id)
