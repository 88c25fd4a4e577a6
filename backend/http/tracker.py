"""Accepted findings as CSV for an issue tracker, for managers and the campaign's client."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from backend.http.guards import role_in, signed_in_user
from backend.http.reports import download_name
from backend.services.access import visible_campaign
from backend.services.tracker_export import TrackerFormat, tracker_csv
from campaigns.vocabulary import Role

CSV = "text/csv; charset=utf-8"


@get(
    "/api/v1/campaigns/{campaign_id:int}/findings.csv",
    guards=[role_in(Role.manager, Role.client)],
    media_type=CSV,
    tags=["review"],
)
async def findings_csv(
    request: Request,
    campaign_id: FromPath[int],
    form: Annotated[TrackerFormat, QueryParameter(name="format")] = TrackerFormat.generic,
) -> Stream:
    """The accepted findings as CSV: `generic` (every field, formula-safe) or `jira` (the
    columns Jira's CSV importer takes as they are)."""
    campaign = await visible_campaign(signed_in_user(request), campaign_id)
    name = download_name(campaign["name"], "csv", f"findings-{form.value}")
    return Stream(
        tracker_csv(campaign_id, form, str(request.base_url)),
        media_type=CSV,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
