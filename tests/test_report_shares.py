"""Read-only share links to a report: made and revoked by those who may see it, opened
without an account until they expire, showing the dashboard and its thumbnails only."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from httpx import AsyncClient

from backend.tables import Finding, ReportShare, Screenshot
from tests.helpers import csrf_headers, form_token, signed_up

pytestmark = pytest.mark.anyio


async def _make_link(browser: AsyncClient, campaign: int, days: str = "7") -> tuple[int, str]:
    """Make a link on the report page; the response status and the link shown once."""
    token = await form_token(browser, f"/campaigns/{campaign}/report")
    made = await browser.post(
        f"/campaigns/{campaign}/shares", data={"days": days, "_csrf_token": token}
    )
    page = (await browser.get(f"/campaigns/{campaign}/report")).text
    link = re.search(r"it is shown only once: (http://\S+/shared/[\w-]+)<", page)
    return made.status_code, html.unescape(link[1]) if link else ""


async def test_a_link_opens_the_report_without_an_account(
    filed,
    browsers,
    other_client: AsyncClient,
    on_day,
) -> None:
    client, manager, campaign, (major, _) = filed
    await manager.patch(
        f"/api/v1/findings/{major}",
        json={"review": "accepted"},
        headers=await csrf_headers(manager),
    )
    status, link = await _make_link(client, campaign)
    stranger = browsers()
    path = link.split("testserver.local")[-1]

    opened = await stranger.get(path)
    findings = await stranger.get(f"/campaigns/{campaign}/findings")
    stored = await ReportShare.select(ReportShare.token_hash).first()

    assert status in (302, 303)
    assert link, "the new link is shown once, after making it"
    assert opened.status_code == 200, opened.text[:300]
    assert "A read-only copy of the report" in opened.text
    assert "Menu &lt;b&gt;hidden&lt;/b&gt;" in opened.text, "the accepted finding, as a top point"
    assert f"/campaigns/{campaign}/findings" not in opened.text, "no way into the findings"
    assert "report.xlsx" not in opened.text
    assert "What testers wrote" not in opened.text
    assert findings.status_code == 302
    assert findings.headers["location"].startswith("/login"), "the findings need an account"
    assert path.rsplit("/", 1)[-1] not in stored["token_hash"], "only a digest is kept"
    assert (await other_client.get(path)).status_code == 200


async def test_links_expire_and_can_be_revoked(filed, browsers) -> None:
    client, _, campaign, _ = filed
    _, week = await _make_link(client, campaign, "7")
    _, day = await _make_link(client, campaign, "1")
    stranger = browsers()
    page = (await client.get(f"/campaigns/{campaign}/report")).text
    revoke = re.findall(rf'action="(/campaigns/{campaign}/shares/\d+/revoke)"', page)

    assert len(revoke) == 2, "both links listed with a revoke button"
    # Two days on, for the one-day link (sessions would expire if the clock moved instead).
    made = await ReportShare.select(ReportShare.id, ReportShare.created_at, ReportShare.expires_at)
    day_link = min(made, key=lambda row: row["expires_at"])
    assert day_link["expires_at"] - day_link["created_at"] == dt.timedelta(days=1)
    await ReportShare.update(
        {ReportShare.expires_at: day_link["expires_at"] - dt.timedelta(days=2)}
    ).where(ReportShare.id == day_link["id"])
    expired = await stranger.get(day.split("testserver.local")[-1])
    still = await stranger.get(week.split("testserver.local")[-1])
    token = await form_token(client, f"/campaigns/{campaign}/report")
    revoked = await client.post(revoke[-1], data={"_csrf_token": token})
    after = await stranger.get(week.split("testserver.local")[-1])

    assert expired.status_code == 404
    assert "expired or was revoked" in expired.text
    assert still.status_code == 200
    assert revoked.status_code in (302, 303)
    assert after.status_code == 404
    assert (await stranger.get("/shared/not-a-real-token")).status_code == 404


async def test_only_those_who_see_the_report_make_links(
    filed,
    other_client: AsyncClient,
) -> None:
    client, _, campaign, _ = filed
    await signed_up(other_client, "ceo@rival.test", role="client", organization="Rival")

    rival = await other_client.post(
        f"/campaigns/{campaign}/shares",
        data={"days": "7"},
        headers=await csrf_headers(other_client),
    )
    too_long = await client.post(
        f"/campaigns/{campaign}/shares",
        data={"days": "365"},
        headers=await csrf_headers(client),
    )
    told = (await client.get(f"/campaigns/{campaign}/report")).text

    assert rival.status_code == 404
    assert too_long.status_code in (302, 303)
    assert "A link lasts from 1 to 90 days" in told
    assert await ReportShare.count() == 0


async def test_a_link_shows_only_the_thumbnails_on_the_dashboard(
    filed,
    browsers,
) -> None:
    client, manager, campaign, (major, minor) = filed
    await manager.patch(
        f"/api/v1/findings/{major}",
        json={"review": "accepted"},
        headers=await csrf_headers(manager),
    )
    # One screenshot on the accepted (top) finding, one on the unreviewed one.
    for finding, digest in ((major, "a" * 64), (minor, "b" * 64)):
        await Screenshot.insert(
            Screenshot(
                finding=finding,
                sha256=digest,
                thumbnail_sha256=digest,
                media_type="image/png",
                width=1,
                height=1,
                size_bytes=1,
            )
        )
    shots = {
        row["finding"]: row["id"]
        for row in await Screenshot.select(Screenshot.id, Screenshot.finding)
    }
    _, link = await _make_link(client, campaign)
    path = link.split("testserver.local")[-1]
    stranger = browsers()

    page = (await stranger.get(path)).text
    hidden = await stranger.get(f"{path}/thumbnails/{shots[minor]}")
    full = await stranger.get(f"/api/v1/screenshots/{shots[major]}")

    assert f"{path}/thumbnails/{shots[major]}" in page
    assert hidden.status_code == 404, "a finding the dashboard does not show"
    assert full.status_code in (401, 403, 404), "the full image needs an account"
    assert await Finding.count() == 2
