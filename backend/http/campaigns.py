"""Campaign authoring API: create, import, read, edit, delete, launch, close, progress."""

from __future__ import annotations

import msgspec
import yaml
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.exceptions import ClientException
from litestar.params import FromPath, FromQuery

from backend.http.guards import role_in, signed_in_user
from backend.services.access import visible_campaign
from backend.services.campaign_store import stored_definition
from backend.services.campaigns import (
    CampaignSummary,
    CampaignView,
    Progress,
    campaign_summaries,
    campaign_view,
    change_status,
    create_for,
    edit,
    progress,
    refused,
    remove,
)
from backend.services.definitions import parse_definition
from campaigns.loading import Format, format_of
from campaigns.problems import DefinitionError
from campaigns.schema import CampaignDefinition
from campaigns.vocabulary import Role


class CampaignController(Controller):
    """Clients author their organization's campaigns; managers see and steer them all."""

    path = "/api/v1/campaigns"
    tags = ("campaigns",)
    guards = (role_in(Role.client, Role.manager),)

    @post("/", guards=[role_in(Role.client)], status_code=201)
    async def create(self, request: Request) -> CampaignView:
        """Create a draft from a JSON definition (the same schema as the YAML files)."""
        body = await request.body()
        try:
            definition = await parse_definition(
                body.decode("utf-8", "replace"), "json", "request body"
            )
        except DefinitionError as error:
            raise refused(error) from error
        return await campaign_view(await create_for(signed_in_user(request), definition))

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
            definition = await parse_definition(body.decode("utf-8"), fmt, "uploaded file")
        except UnicodeDecodeError as error:
            raise ClientException("The file is not UTF-8 text") from error
        except DefinitionError as error:
            raise refused(error) from error
        return await campaign_view(await create_for(signed_in_user(request), definition))

    @get("/")
    async def list_campaigns(self, request: Request) -> list[CampaignSummary]:
        """The campaigns the caller may see, newest first."""
        return await campaign_summaries(signed_in_user(request))

    @get("/{campaign_id:int}")
    async def read(self, request: Request, campaign_id: FromPath[int]) -> CampaignView:
        """One campaign with its definition."""
        await visible_campaign(signed_in_user(request), campaign_id)
        return await campaign_view(campaign_id)

    @get("/{campaign_id:int}/definition.yaml", media_type="application/yaml")
    async def export_yaml(
        self, request: Request, campaign_id: FromPath[int]
    ) -> Response[CampaignDefinition]:
        """The definition as a YAML file that imports back to the same campaign (documented
        as the definition it holds: YAML text of that shape)."""
        await visible_campaign(signed_in_user(request), campaign_id)
        document = msgspec.to_builtins(await stored_definition(campaign_id))
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
        return Response(
            text.encode(),
            media_type="application/yaml; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="campaign-{campaign_id}.yaml"'},
        )

    @patch("/{campaign_id:int}")
    async def update(self, request: Request, campaign_id: FromPath[int]) -> CampaignView:
        """Apply a JSON merge patch to the definition.

        Drafts take any change; once launched, only wording may change (409 otherwise).
        """
        try:
            patch_document = msgspec.json.decode(await request.body())
        except msgspec.DecodeError as error:
            raise ClientException(f"The request body is not valid JSON ({error})") from error
        await edit(signed_in_user(request), campaign_id, patch_document)
        return await campaign_view(campaign_id)

    @delete("/{campaign_id:int}", status_code=204)
    async def delete_draft(self, request: Request, campaign_id: FromPath[int]) -> None:
        """Delete a draft; a launched campaign is closed instead (409)."""
        await remove(signed_in_user(request), campaign_id)

    @post("/{campaign_id:int}/launch", status_code=200)
    async def launch(self, request: Request, campaign_id: FromPath[int]) -> CampaignView:
        """Open recruitment: the definition's structure is frozen from now on."""
        await change_status(signed_in_user(request), campaign_id, "launch")
        return await campaign_view(campaign_id)

    @post("/{campaign_id:int}/close", status_code=200)
    async def close(self, request: Request, campaign_id: FromPath[int]) -> CampaignView:
        """Stop recruitment and testing."""
        await change_status(signed_in_user(request), campaign_id, "close")
        return await campaign_view(campaign_id)

    @get("/{campaign_id:int}/progress")
    async def read_progress(self, request: Request, campaign_id: FromPath[int]) -> Progress:
        """Testers per locale and state, against each locale's quota."""
        return await progress(signed_in_user(request), campaign_id)
