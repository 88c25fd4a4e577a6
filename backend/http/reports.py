"""Report API: a campaign's aggregates as JSON and as an Excel workbook."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from litestar import Controller, Request, get
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath, FromQuery
from litestar.response import File

from backend.http.guards import role_in, signed_in_user
from backend.services.access import visible_campaign
from backend.services.report_export import export_workbook
from backend.services.reports import campaign_report
from campaigns.vocabulary import Role
from reports.campaign import CampaignReport

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

    @get("/report.xlsx", media_type=XLSX)
    async def workbook(self, request: Request, campaign_id: FromPath[int]) -> File:
        """The report as an Excel workbook, written to a temporary file and streamed."""
        campaign = await visible_campaign(signed_in_user(request), campaign_id)
        settings = request.app.state.settings
        spool = settings.data_dir / "exports"
        spool.mkdir(parents=True, exist_ok=True)
        # export_workbook writes whole files only, so a failed export leaves nothing here.
        path = spool / f"{uuid.uuid4().hex}.xlsx"
        await export_workbook(
            campaign_id, path, request.app.state.screenshots, str(request.base_url)
        )
        return File(
            path=path,
            filename=report_filename(campaign["name"]),
            media_type=XLSX,
            background=BackgroundTask(path.unlink, missing_ok=True),
        )


def report_filename(campaign_name: str) -> str:
    """`parcours-<campaign>-<date>.xlsx` with only safe characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", campaign_name.lower()).strip("-")[:60] or "campaign"
    return f"parcours-{slug}-{dt.date.today().isoformat()}.xlsx"
