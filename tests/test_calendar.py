"""Recruitment keeps going while there is room, and campaigns follow their dates: running
from the start date or the first started journey, closed after the end date. Time comes
from the one clock, set here, so the tests do not depend on today's date."""

from __future__ import annotations

import datetime as dt

import pytest
from httpx import AsyncClient

from backend.tables import Campaign
from tests.helpers import (
    accepted_journey,
    csrf_headers,
    launched_campaign,
    only_invitation,
    profile,
    put_profile,
    signed_up,
    small_definition,
)

pytestmark = pytest.mark.anyio


def _dated(starts: str, ends: str) -> dict:
    definition = small_definition()
    definition.update(starts_on=starts, ends_on=ends)
    return definition


async def _status() -> str:
    return (await Campaign.select(Campaign.status).first())["status"]


async def test_a_tester_who_fits_after_launch_is_invited(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    await launched_campaign(client)
    late = browsers()
    await signed_up(late, "late@example.org")

    before = (await late.get("/api/v1/me/invitations")).json()
    saved = await put_profile(late, profile())
    invitation = await only_invitation(late)

    assert before == []
    assert saved.status_code == 200
    assert invitation["state"] == "invited"
    assert invitation["campaign"] == "Pay by phone"


async def test_no_invitation_once_the_locale_is_full(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    definition = small_definition()
    definition["target"]["locales"] = [{"locale": "fr-FR", "quota": 1}]
    await launched_campaign(client, definition)
    first = browsers()
    await signed_up(first, "first@example.org")
    await put_profile(first, profile())
    invitation = await only_invitation(first)
    await first.post(
        f"/api/v1/invitations/{invitation['id']}/accept", headers=await csrf_headers(first)
    )
    late = browsers()
    await signed_up(late, "late@example.org")

    await put_profile(late, profile())

    assert (await late.get("/api/v1/me/invitations")).json() == []


async def test_campaigns_run_from_their_start_date_and_close_after_their_end(
    client: AsyncClient, on_day
) -> None:
    on_day(dt.date(2030, 3, 1))
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    await launched_campaign(client, _dated("2030-03-04", "2030-03-07"))

    await client.get("/api/v1/campaigns")
    waiting = await _status()
    on_day(dt.date(2030, 3, 4))
    await client.get("/api/v1/campaigns")
    started = await _status()
    on_day(dt.date(2030, 3, 8))
    listed = (await client.get("/api/v1/campaigns")).json()

    assert (waiting, started) == ("recruiting", "running")
    assert listed[0]["status"] == "closed"
    assert (await Campaign.select(Campaign.closed_at).first())["closed_at"].date() == dt.date(
        2030, 3, 8
    )


async def test_the_first_started_journey_makes_the_campaign_run(
    client: AsyncClient, browsers
) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    recruiting = await _status()

    saved = await tester.put(
        f"/api/v1/participations/{journey['participation_id']}/steps/"
        f"{journey['use_cases'][0]['steps'][0]['id']}",
        json={"status": "completed", "answers": {"found": "home"}},
        headers=await csrf_headers(tester),
    )

    assert saved.status_code == 200
    assert (recruiting, await _status()) == ("recruiting", "running")


async def test_a_server_started_after_the_end_date_closes_the_campaign(
    client: AsyncClient, on_day, app
) -> None:
    on_day(dt.date(2030, 3, 1))
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    await launched_campaign(client, _dated("2030-03-04", "2030-03-07"))
    on_day(dt.date(2030, 4, 1))

    # The start-up hook a fresh server runs (the app's database is already started here).
    catch_up = next(hook for hook in app.on_startup if "calendar" in hook.__name__)
    await catch_up()
    status = await _status()

    assert status == "closed"
