"""Report API: a campaign's aggregates as JSON and as an Excel workbook, and its open
answers page by page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import uuid
from pathlib import Path

import anyio
from litestar import Controller, Request, get
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath, FromQuery
from litestar.response import File

from backend.http.guards import role_in, signed_in_user
from backend.language import current_language
from backend.services.access import visible_campaign
from backend.services.question_reports import TEXT_PAGE, text_answers
from backend.services.reports import campaign_report
from campaigns.vocabulary import Role
from reports.campaign import CampaignReport
from reports.qualitative import TextPage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportController(Controller):
    """Managers and the campaign's client; testers get 403, other organizations 404."""

    path = "/api/v1/campaigns/{campaign_id:int}"
    tags = ("reports",)
    guards = (role_in(Role.manager, Role.client),)

    @get("/report")
    async def report(
        self, request: Request, campaign_id: FromPath[int], locale: FromQuery[str | None] = None
    ) -> CampaignReport:
        """The campaign's aggregates as JSON, of all its locales or of one (`locale`); every
        composite states its formula."""
        return await campaign_report(signed_in_user(request), campaign_id, locale or None)

    @get("/answers")
    async def answers(
        self,
        request: Request,
        campaign_id: FromPath[int],
        question: FromQuery[str],
        locale: FromQuery[str | None] = None,
        before: FromQuery[int | None] = None,
        limit: FromQuery[int] = TEXT_PAGE,
    ) -> TextPage:
        """An open question's answers, newest first, a page at a time (`before` is the
        previous page's `next_before`), of one locale or all."""
        await visible_campaign(signed_in_user(request), campaign_id)
        return await text_answers(campaign_id, question, locale or None, before, limit)

    @get("/report.xlsx", media_type=XLSX)
    async def workbook(self, request: Request, campaign_id: FromPath[int]) -> File:
        """The report as an Excel workbook, written to a temporary file and streamed."""
        campaign = await visible_campaign(signed_in_user(request), campaign_id)
        settings = request.app.state.settings
        spool = settings.data_dir / "exports"
        spool.mkdir(parents=True, exist_ok=True)
        # The export writes whole files only, so a failed export leaves nothing here.
        path = spool / f"{uuid.uuid4().hex}.xlsx"
        await _export_in_child(campaign_id, path, str(request.base_url), current_language())
        return File(
            path=path,
            filename=download_name(campaign["name"], "xlsx"),
            media_type=XLSX,
            background=BackgroundTask(path.unlink, missing_ok=True),
        )


async def _export_in_child(campaign_id: int, path: Path, base_url: str, language: str) -> None:
    """Build the workbook in the reader's language in a child process (`parcours
    export-report`, the same settings from the environment) at a lower CPU priority: its
    seconds of CPU never hold this server's event loop, and where CPUs are few the testers'
    saves go first."""
    command = [sys.executable, "-m", "backend.cli", "export-report", str(campaign_id)]
    if nice := shutil.which("nice"):
        command = [nice, "-n", "15", *command]
    command += ["-o", str(path), "--base-url", base_url, "--language", language]
    done = await anyio.run_process(command, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the workbook export failed: {done.stderr.decode()[-500:]}")


def download_name(campaign_name: str, extension: str, what: str = "") -> str:
    """`parcours-<campaign>[-<what>]-<date>.<extension>` with only safe characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", campaign_name.lower()).strip("-")[:60] or "campaign"
    middle = f"-{what}" if what else ""
    return f"parcours-{slug}{middle}-{dt.date.today().isoformat()}.{extension}"
