"""Known issues: a tester reporting a problem sees the step's accepted problems that others
reported (titles and stage only) and says "me too" instead of filing one again."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from backend.tables import Finding
from tests.helpers import (
    accepted_journey,
    answer_invitation,
    csrf_headers,
    form_token,
    only_invitation,
    signed_up_manager,
    signed_up_tester,
)

pytestmark = pytest.mark.anyio


async def _filed(tester: AsyncClient, journey: dict, step: int, title: str) -> int:
    response = await tester.post(
        f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
        data={"title": title, "kind": "usability", "severity": "major"},
        headers=await csrf_headers(tester),
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_a_second_tester_sees_the_accepted_problem_and_says_me_too(
    client: AsyncClient, browsers
) -> None:
    first = browsers()
    journey = await accepted_journey(client, first)
    step = journey["use_cases"][0]["steps"][0]["id"]
    accepted = await _filed(first, journey, step, "Pay button hidden")
    await _filed(first, journey, step, "Logo blurry")
    manager = await signed_up_manager(browsers())
    decided = await manager.patch(
        f"/api/v1/findings/{accepted}",
        json={"review": "accepted"},
        headers=await csrf_headers(manager),
    )
    assert decided.status_code == 200
    second = await signed_up_tester(browsers(), "sam@example.org")
    invitation = await only_invitation(second)
    assert (await answer_invitation(second, invitation, "accept")).status_code == 200
    form_path = f"/journeys/{invitation['id']}/steps/{step}/finding"

    page = await second.get(form_path)
    own = await first.get(f"/journeys/{journey['participation_id']}/steps/{step}/finding")

    assert "Already known on this step" in page.text
    assert "Pay button hidden" in page.text
    assert "Logo blurry" not in page.text, "not accepted yet"
    pseudonym = (
        await Finding.select(Finding.participation.pseudonym.as_alias("p"))
        .where(Finding.id == accepted)
        .first()
    )["p"]
    assert pseudonym not in page.text, "no tester data"
    assert "Already known on this step" not in own.text, "one's own report is not news"

    token = await form_token(second, form_path)
    confirmed = await second.post(
        f"/journeys/{invitation['id']}/steps/{step}/known/{accepted}/me-too",
        data={"_csrf_token": token},
    )
    again = await second.get(form_path)

    assert confirmed.status_code in (302, 303)
    assert confirmed.headers["location"] == f"/journeys/{invitation['id']}/steps/{step}"
    copies = await Finding.select(Finding.participation).where(Finding.duplicate_of == accepted)
    assert [row["participation"] for row in copies] == [invitation["id"]]
    assert "1 more tester met it" in again.text
    elsewhere = await second.post(
        f"/journeys/{invitation['id']}/steps/{step}/known/999999/me-too",
        data={"_csrf_token": token},
    )
    assert elsewhere.status_code == 404
