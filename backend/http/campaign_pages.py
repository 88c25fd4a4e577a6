"""Campaign pages for clients and managers: upload a definition, read, launch, close."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, MultipartBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_422_UNPROCESSABLE_ENTITY

from backend.errors import DomainError, NotFound
from backend.http.errors import status_of, translated
from backend.http.guards import role_in, signed_in_user
from backend.http.rendering import page
from backend.services.access import visible_campaign
from backend.services.campaigns import (
    campaign_view,
    change_status,
    create_for,
    progress,
    remove,
)
from backend.services.definitions import parse_definition
from backend.services.reports import friction_report
from campaigns.journey import steps_by_stage
from campaigns.loading import format_of
from campaigns.problems import DefinitionError, Problem
from campaigns.vocabulary import Role


async def _campaign_page(
    request: Request, campaign_id: int, error: str | None = None, status_code: int = 200
) -> Template:
    user = signed_in_user(request)
    await visible_campaign(user, campaign_id)
    view = await campaign_view(campaign_id)
    journeys = [(use_case, steps_by_stage(use_case)) for use_case in view.definition.use_cases]
    context = {
        "campaign": view,
        "d": view.definition,
        "journeys": journeys,
        "progress": await progress(user, campaign_id),
        "friction": await friction_report(campaign_id),
        "error": error,
    }
    return await page(request, "campaign.html", context, status_code)


class CampaignPages(Controller):
    """Server-rendered campaign pages; every action works as a plain form post."""

    path = "/campaigns"
    include_in_schema = False
    guards = (role_in(Role.client, Role.manager),)

    @get("/new", guards=[role_in(Role.client)])
    async def upload_form(self, request: Request) -> Template:
        """The form to upload a YAML or TOML definition."""
        return await page(request, "campaign_upload.html", {"problems": []})

    @post("/new", guards=[role_in(Role.client)])
    async def upload(self, request: Request, data: MultipartBody[dict[str, Any]]) -> Response:
        """Store the uploaded definition, or show its problems beside the form."""
        user = signed_in_user(request)
        upload = data.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            problems = [Problem("", "Choose a campaign definition file (.yaml or .toml)")]
            return await _upload_refused(request, problems, HTTP_400_BAD_REQUEST, None)
        content = await upload.read()
        try:
            text = content.decode("utf-8")
            definition = await parse_definition(
                text, format_of(upload.filename, upload.content_type), upload.filename
            )
        except UnicodeDecodeError:
            problems = [Problem("", "The file is not UTF-8 text")]
            return await _upload_refused(request, problems, HTTP_400_BAD_REQUEST, upload.filename)
        except DefinitionError as error:
            return await _upload_refused(
                request, error.problems, HTTP_422_UNPROCESSABLE_ENTITY, upload.filename
            )
        campaign_id = await create_for(user, definition)
        return Redirect(f"/campaigns/{campaign_id}")

    @get("/{campaign_id:int}")
    async def read(self, request: Request, campaign_id: FromPath[int]) -> Template:
        """The campaign: targets and progress, then each use case's steps by stage."""
        return await _campaign_page(request, campaign_id)

    @post("/{campaign_id:int}/{action:str}")
    async def act(
        self, request: Request, campaign_id: FromPath[int], action: FromPath[str]
    ) -> Response:
        """Launch, close or delete, then come back to the page (or the list after a delete)."""
        user = signed_in_user(request)
        try:
            if action == "delete":
                await remove(user, campaign_id)
                return Redirect("/")
            if action not in {"launch", "close"}:
                return await _campaign_page(request, campaign_id, f"Unknown action {action!r}", 404)
            await change_status(user, campaign_id, action)
        except NotFound:
            raise
        except DomainError as error:
            return await _campaign_page(request, campaign_id, translated(error), status_of(error))
        return Redirect(f"/campaigns/{campaign_id}")


async def _upload_refused(
    request: Request, problems: list[Problem], status_code: int, filename: str | None
) -> Template:
    context = {"problems": problems, "filename": filename}
    return await page(request, "campaign_upload.html", context, status_code)
