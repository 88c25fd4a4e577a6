"""The tester pool: managers filter testers and see their record, and invite one by hand
by recruitment's rules; nobody else sees the pool."""

from __future__ import annotations

import html
import re

import pytest
from httpx import AsyncClient

from backend.tables import Participation, User
from tests.helpers import (
    answer_invitation,
    csrf_headers,
    form_token,
    launched_campaign,
    only_invitation,
    signed_up,
    signed_up_manager,
    signed_up_tester,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
async def pool(client: AsyncClient, browsers):
    """A launched campaign (fr-FR quota 2, en-GB quota 2, phones in GB and FR) and testers:
    four French (three invited by recruitment, the fourth past its margin), a German one, a
    British one on a computer only; (client, manager, campaign, {name: browser})."""
    testers = {}
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    for n in range(1, 5):
        testers[f"fr{n}"] = await signed_up_tester(browsers(), f"fr{n}@example.org")
    testers["de"] = await signed_up_tester(
        browsers(), "de@example.org", country="DE", locale="de-DE"
    )
    testers["gb"] = await signed_up_tester(
        browsers(),
        "gb@example.org",
        country="GB",
        locale="en-GB",
        devices=[{"kind": "desktop", "os": "Windows", "os_version": "11", "browser": "Edge"}],
    )
    campaign = await launched_campaign(client)
    return client, await signed_up_manager(browsers()), campaign, testers


async def _user(email: str) -> int:
    return (await User.select(User.id).where(User.email == email).first())["id"]


async def _invite(manager: AsyncClient, tester: int, campaign: int | str) -> str:
    """Invite through the pool page's form; the message the page then shows for the tester."""
    token = await form_token(manager, "/testers")
    response = await manager.post(
        f"/testers/{tester}/invite",
        data={"campaign": str(campaign), "next": "/testers?country=FR", "_csrf_token": token},
    )
    assert response.status_code in (302, 303), response.text
    assert response.headers["location"] == f"/testers?country=FR#tester-{tester}"
    page = await manager.get("/testers")
    row = page.text.split(f'id="tester-{tester}"')[1].split("</tr>")[0]
    found = re.search(r'role="(?:status|alert)">([^<]*)<', row)
    assert found, row
    return html.unescape(found[1])


async def test_managers_filter_the_pool(pool) -> None:
    _, manager, _, _ = pool

    everyone = await manager.get("/testers")
    french = await manager.get("/testers", params={"locale": "fr-FR"})
    computers = await manager.get("/testers", params={"device": "desktop"})
    never = await manager.get("/testers", params={"activity": "never"})
    nonsense = await manager.get("/testers", params={"activity": "sleeping"})

    assert everyone.status_code == 200
    assert "6 testers match" in everyone.text
    assert "4 testers match" in french.text
    assert "de@example.org" not in french.text
    assert "1 tester matches" in computers.text
    assert "gb@example.org" in computers.text
    assert "6 testers match" in never.text, "invitations alone are not taking part"
    assert nonsense.status_code == 200
    assert "6 testers match" in nonsense.text, "an unknown filter is dropped, not an error"


async def test_the_pool_shows_campaigns_and_acceptance(pool) -> None:
    _, manager, _, testers = pool
    tester = testers["fr1"]
    invitation = await only_invitation(tester)
    await answer_invitation(tester, invitation, "accept")
    journey = (await tester.get(f"/api/v1/participations/{invitation['id']}")).json()
    step = journey["use_cases"][0]["steps"][0]["id"]
    ids = []
    for title in ("Menu hidden", "Typo", "Slow"):
        filed = await tester.post(
            f"/api/v1/participations/{invitation['id']}/steps/{step}/findings",
            data={"title": title, "kind": "usability", "severity": "minor"},
            headers=await csrf_headers(tester),
        )
        ids.append(filed.json()["id"])
    for finding, decision in zip(
        ids,
        ({"review": "accepted"}, {"review": "rejected", "reason": "out_of_scope"}),
        strict=False,
    ):
        await manager.patch(
            f"/api/v1/findings/{finding}", json=decision, headers=await csrf_headers(manager)
        )

    walking = await manager.get("/testers", params={"activity": "walking"})
    row = walking.text.split('id="tester-')[1].split("</tr>")[0]

    assert "1 tester matches" in walking.text
    assert "fr1@example.org" in row
    assert "1 walking now" in row
    assert "50%" in row
    assert "1 of 2 decided" in row


async def test_a_chosen_tester_is_invited_by_hand_within_the_quota(pool) -> None:
    _, manager, campaign, _ = pool
    fourth = await _user("fr4@example.org")
    before = await Participation.count().where(Participation.tester == fourth)

    told = await _invite(manager, fourth, campaign)
    again = await _invite(manager, fourth, campaign)
    invited = await Participation.select(Participation.state, Participation.locale).where(
        Participation.tester == fourth
    )

    assert before == 0, "recruitment stopped at its margin of open invitations"
    assert told == "Invited to Pay by phone"
    assert invited == [{"state": "invited", "locale": "fr-FR"}]
    assert again == "Test Person is already in Pay by phone"


async def test_a_tester_who_does_not_fit_is_refused_with_the_reason(pool, browsers) -> None:
    _, manager, campaign, testers = pool
    german = await _user("de@example.org")
    on_computer = await _user("gb@example.org")

    wrong_locale = await _invite(manager, german, campaign)
    wrong_device = await _invite(manager, on_computer, campaign)
    no_campaign = await _invite(manager, german, "")
    # Both French places taken: the quota is full even with a place open by the margin.
    for name in ("fr1", "fr2"):
        await answer_invitation(testers[name], await only_invitation(testers[name]), "accept")
    full = await _invite(manager, await _user("fr4@example.org"), campaign)

    assert wrong_locale == "Pay by phone does not test in Test Person's locale"
    assert wrong_device == "None of Test Person's devices is one Pay by phone tests on"
    assert no_campaign == "Choose the campaign to invite to"
    assert full == "Test Person's locale in Pay by phone has no place left"
    assert (
        await Participation.count().where(
            Participation.tester.is_in([german, on_computer, await _user("fr4@example.org")])
        )
        == 0
    ), "a refusal writes nothing"


async def test_only_managers_see_the_pool(pool) -> None:
    client, _, campaign, testers = pool
    tester = testers["fr1"]

    as_client = await client.get("/testers")
    as_tester = await tester.get("/testers")
    invite = await client.post(
        f"/testers/{await _user('fr4@example.org')}/invite",
        data={"campaign": str(campaign)},
        headers=await csrf_headers(client),
    )

    assert as_client.status_code == 403
    assert as_tester.status_code == 403
    assert invite.status_code == 403
    assert (
        await Participation.count().where(Participation.tester == await _user("fr4@example.org"))
        == 0
    )
