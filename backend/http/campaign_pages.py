"""Campaign pages for clients and managers: upload a definition, read, launch, close."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, MultipartBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_422_UNPROCESSABLE_ENTITY

from backend.errors import DomainError, NotFound
from backend.http.choices import locale_choices
from backend.http.errors import status_of, translated
from backend.http.flash import notice, redirect_with, refusal
from backend.http.guards import role_in, signed_in_user
from backend.http.labels import N_
from backend.http.rendering import page
from backend.language import gettext
from backend.services.access import visible_campaign
from backend.services.campaign_starts import (
    create_renamed,
    draft_named,
    replace_draft,
    start_as_copy,
    start_empty,
    start_from_template,
)
from backend.services.campaigns import (
    campaign_summaries,
    campaign_view,
    change_status,
    create_for,
    locale_progress,
    remove,
)
from backend.services.definitions import parse_definition
from backend.services.live_progress import live_progress
from backend.services.recruitment import recruitment_outlook
from backend.services.reports import friction_report
from campaigns.journey import steps_by_stage
from campaigns.lifecycle import OPEN_STATUSES
from campaigns.loading import format_of
from campaigns.problems import DefinitionError, Problem
from campaigns.templates import templates
from campaigns.vocabulary import Role


async def _campaign_page(request: Request, campaign_id: int) -> Template:
    await visible_campaign(signed_in_user(request), campaign_id)
    view = await campaign_view(campaign_id)
    journeys = [(use_case, steps_by_stage(use_case)) for use_case in view.definition.use_cases]
    is_open = view.status in OPEN_STATUSES
    context = {
        "campaign": view,
        "d": view.definition,
        "journeys": journeys,
        "friction": await friction_report(campaign_id),
        # An open campaign shows its live progress; others their final count per locale.
        "live": await live_progress(campaign_id) if is_open else None,
        "locales": [] if is_open else await locale_progress(campaign_id),
        "outlook": await recruitment_outlook(campaign_id) if is_open else [],
    }
    return await page(request, "campaign.html", context)


_ACTIONS = ("launch", "close", "delete")


async def _start_page(
    request: Request,
    error: str | None = None,
    status_code: int = 200,
    typed: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    filename: str | None = None,
) -> Template:
    """The ways to start a campaign, with what went wrong in the one tried."""
    context = {
        "templates": templates(),
        "earlier": await campaign_summaries(signed_in_user(request)),
        "locales": locale_choices(),
        "typed": typed or {},
        "error": error,
        "problems": problems or [],
        "filename": filename,
    }
    return await page(request, "campaign_new.html", context, status_code)


def _started(request: Request, campaign_id: int, message: str) -> Response:
    return redirect_with(request, f"/campaigns/{campaign_id}", notice(message))


class CampaignPages(Controller):
    """Server-rendered campaign pages; every action works as a plain form post."""

    path = "/campaigns"
    include_in_schema = False
    guards = (role_in(Role.client, Role.manager),)

    @get("/new", guards=[role_in(Role.client)])
    async def start_page(self, request: Request) -> Template:
        """The ways to start: a template, a copy of an earlier campaign, empty, or a file."""
        return await _start_page(request)

    @post("/new/template", guards=[role_in(Role.client)])
    async def from_template(self, request: Request) -> Response:
        """A draft holding the chosen template."""
        form = await request.form()
        user = signed_in_user(request)
        campaign_id = await start_from_template(user, str(form.get("template") or ""))
        return _started(request, campaign_id, N_("Draft made from the template"))

    @post("/new/copy", guards=[role_in(Role.client)])
    async def as_copy(self, request: Request) -> Response:
        """A draft copying one of the organization's campaigns."""
        form = await request.form()
        chosen = str(form.get("campaign") or "")
        if not chosen.isdigit():
            return await _start_page(request, gettext(N_("Choose the campaign to copy")), 400)
        campaign_id = await start_as_copy(signed_in_user(request), int(chosen))
        return _started(request, campaign_id, N_("Draft copied; its dates are left empty"))

    @post("/new/empty", guards=[role_in(Role.client)])
    async def empty(self, request: Request) -> Response:
        """A draft with a name and one locale, or the page again with what to fix."""
        form = await request.form()
        typed = {key: str(form.get(key) or "") for key in ("name", "locale")}
        try:
            campaign_id = await start_empty(signed_in_user(request), **typed)
        except DomainError as error:
            return await _start_page(request, translated(error), status_of(error), typed)
        return _started(request, campaign_id, N_("Empty draft made"))

    @post("/new", guards=[role_in(Role.client)])
    async def upload(self, request: Request, data: MultipartBody[dict[str, Any]]) -> Response:
        """Store the uploaded definition, or show its problems beside the form; when the
        organization has a draft of the same name, ask first."""
        user = signed_in_user(request)
        upload = data.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            problems = [Problem("", "Choose a campaign definition file (.yaml or .toml)")]
            return await _upload_refused(request, problems, HTTP_400_BAD_REQUEST, None)
        content = await upload.read()
        fmt = format_of(upload.filename, upload.content_type)
        try:
            text = content.decode("utf-8")
            definition = await parse_definition(text, fmt, upload.filename)
        except UnicodeDecodeError:
            problems = [Problem("", "The file is not UTF-8 text")]
            return await _upload_refused(request, problems, HTTP_400_BAD_REQUEST, upload.filename)
        except DefinitionError as error:
            return await _upload_refused(
                request, error.problems, HTTP_422_UNPROCESSABLE_ENTITY, upload.filename
            )
        if draft := await draft_named(user.organization_id, definition.name):
            context = {
                "draft": await campaign_view(draft),
                "text": text,
                "format": fmt,
                "filename": upload.filename,
            }
            return await page(request, "campaign_replace.html", context)
        campaign_id = await create_for(user, definition)
        return Redirect(f"/campaigns/{campaign_id}")

    @post("/new/replace", guards=[role_in(Role.client)])
    async def replace(self, request: Request) -> Response:
        """Replace the draft of the same name, or keep both, as the client chose."""
        user = signed_in_user(request)
        form = await request.form()
        text, filename = str(form.get("text") or ""), str(form.get("filename") or "")
        try:
            definition = await parse_definition(text, format_of(filename), filename)
        except DefinitionError as error:
            return await _upload_refused(
                request, error.problems, HTTP_422_UNPROCESSABLE_ENTITY, filename
            )
        draft = str(form.get("draft") or "")
        if form.get("choice") == "replace" and draft.isdigit():
            try:
                await replace_draft(user, int(draft), definition)
            except NotFound:
                raise
            except DomainError as error:
                return redirect_with(request, f"/campaigns/{draft}", refusal(error))
            message = notice(
                N_("Draft “{name}” replaced by {file}"), name=definition.name, file=filename
            )
            return redirect_with(request, f"/campaigns/{draft}", message)
        campaign_id = await create_renamed(user, definition)
        return _started(request, campaign_id, N_("Saved as a new draft beside the other"))

    @get("/{campaign_id:int}")
    async def read(self, request: Request, campaign_id: FromPath[int]) -> Template:
        """The campaign: targets and progress, then each use case's steps by stage."""
        return await _campaign_page(request, campaign_id)

    @get("/{campaign_id:int}/progress")
    async def live(self, request: Request, campaign_id: FromPath[int]) -> Template:
        """The live progress section alone, which the campaign page fetches to refresh."""
        await visible_campaign(signed_in_user(request), campaign_id)
        context = {"campaign": {"id": campaign_id}, "live": await live_progress(campaign_id)}
        return Template("_progress.html", context=context)

    @get("/{campaign_id:int}/{action:str}")
    async def confirm(
        self, request: Request, campaign_id: FromPath[int], action: FromPath[str]
    ) -> Template:
        """What launching, closing or deleting will do, and the button that does it: the
        confirmation step (a dialog on the campaign page does the same with JavaScript)."""
        if action not in _ACTIONS:
            raise NotFound("campaign.unknown_action", "No such page")
        user = signed_in_user(request)
        await visible_campaign(user, campaign_id)
        context = {
            "campaign": await campaign_view(campaign_id),
            "action": action,
            "outlook": await recruitment_outlook(campaign_id) if action == "launch" else [],
        }
        return await page(request, "campaign_confirm.html", context)

    @post("/{campaign_id:int}/{action:str}")
    async def act(
        self, request: Request, campaign_id: FromPath[int], action: FromPath[str]
    ) -> Response:
        """Launch, close or delete once confirmed, then say what happened; an unconfirmed
        post is sent to the confirmation step."""
        if action not in _ACTIONS:
            raise NotFound("campaign.unknown_action", "No such page")
        user = signed_in_user(request)
        row = await visible_campaign(user, campaign_id)
        form = await request.form()
        if form.get("confirmed") != "yes":
            return Redirect(f"/campaigns/{campaign_id}/{action}")
        here = f"/campaigns/{campaign_id}"
        try:
            if action == "delete":
                await remove(user, campaign_id)
                message = notice(N_("Draft “{name}” deleted"), name=row["name"])
                return redirect_with(request, "/", message)
            invited = await change_status(user, campaign_id, action)
        except NotFound:
            raise
        except DomainError as error:
            return redirect_with(request, here, refusal(error))
        if action == "launch":
            message = N_("Recruitment launched. Testers invited: {invited}")
            return redirect_with(request, here, notice(message, invited=invited))
        return redirect_with(request, here, notice(N_("Campaign closed; the report is final")))


async def _upload_refused(
    request: Request, problems: list[Problem], status_code: int, filename: str | None
) -> Template:
    return await _start_page(request, None, status_code, problems=problems, filename=filename)
