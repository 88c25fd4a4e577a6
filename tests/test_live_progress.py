"""The campaign page's live progress: the funnel per locale against the quota, use cases
walked to the end, findings waiting, a warning when a locale falls behind, and the section
alone for the page to refresh itself."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from httpx import AsyncClient

from backend.tables import Campaign
from tests.helpers import accepted_journey, csrf_headers, signed_up, small_definition

pytestmark = pytest.mark.anyio


def _dated() -> dict:
    definition = small_definition()
    definition.update(starts_on="2027-03-01", ends_on="2027-03-31")
    return definition


async def _walked(client: AsyncClient, browsers) -> tuple[AsyncClient, int]:
    tester = browsers()
    journey = await accepted_journey(client, tester, _dated())
    step = journey["use_cases"][0]["steps"][0]["id"]
    await tester.put(
        f"/api/v1/participations/{journey['participation_id']}/steps/{step}",
        json={"status": "completed", "answers": {"found": "menu"}},
        headers=await csrf_headers(tester),
    )
    await tester.post(
        f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
        data={"title": "Menu hidden", "kind": "usability", "severity": "major"},
        headers=await csrf_headers(tester),
    )
    campaign = (await Campaign.select(Campaign.id).first())["id"]
    return tester, campaign


def _row(page: str, locale: str) -> list[str]:
    row = re.search(rf"<tr[^>]*>\s*<th[^>]*>{re.escape(locale)}</th>(.*?)</tr>", page, re.S)
    assert row, locale
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)
    ]


async def test_the_funnel_per_locale_and_use_case(client: AsyncClient, browsers, on_day) -> None:
    on_day(dt.date(2027, 3, 5))
    _, campaign = await _walked(client, browsers)

    page = (await client.get(f"/campaigns/{campaign}")).text
    alone = await client.get(f"/campaigns/{campaign}/progress")

    # Quota, invited, accepted, walking, submitted, findings waiting.
    assert _row(page, "French (France)") == ["2", "0", "0", "1", "0 of 2", "1"]
    assert _row(page, "English (United Kingdom)")[:2] == ["2", "0"]
    assert re.search(r"<th[^>]*>Pay a bill</th>\s*<td[^>]*>0</td><td[^>]*>1</td>", page), (
        "one French tester walked every step of the use case"
    )
    assert "Falling behind" not in page, "most of the time is still ahead"
    assert alone.status_code == 200
    assert 'id="live-progress"' in alone.text
    assert "<html" not in alone.text, "the section alone, for the page to swap in"


async def test_a_locale_falls_behind_near_the_end(client: AsyncClient, browsers, on_day) -> None:
    on_day(dt.date(2027, 3, 24))
    _, campaign = await _walked(client, browsers)
    on_day(dt.date(2027, 3, 27))

    response = await client.get(f"/campaigns/{campaign}")
    page = response.text
    assert response.status_code == 200, page

    assert "Falling behind" in page
    assert "French (France): 0 of 2 testers submitted with 13% of the time left" in page


async def test_progress_is_for_the_campaigns_own_people(
    client: AsyncClient, browsers, on_day
) -> None:
    on_day(dt.date(2027, 3, 5))
    tester, campaign = await _walked(client, browsers)
    rival = browsers()
    await signed_up(rival, "ceo@rival.test", role="client", organization="Rival")

    assert (await rival.get(f"/campaigns/{campaign}/progress")).status_code == 404
    assert (await tester.get(f"/campaigns/{campaign}/progress")).status_code == 403
