"""Tester profiles with consent, invitations on launch, quotas per locale."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from httpx import AsyncClient

from backend import tables
from backend.tables import Participation
from campaigns.profiles import CONSENT_VERSION
from tests.helpers import (
    answer_invitation,
    csrf_headers,
    launched_campaign,
    only_invitation,
    profile,
    put_profile,
    signed_up,
    signed_up_tester,
    small_definition,
)

pytestmark = pytest.mark.anyio


async def test_profile_with_consent_is_stored(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")

    stored = await put_profile(client, profile())
    read = await client.get("/api/v1/me/profile")

    assert stored.status_code == 200
    assert read.json()["devices"][0]["os"] == "Android"
    assert read.json()["consent_version"] == CONSENT_VERSION
    assert read.json()["consented_at"] is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": "XX"}, "country: 'XX' is not an ISO 3166 country code"),
        ({"locale": "fr-XX"}, "locale: 'XX' is not an ISO 3166 country code"),
        ({"locale": "zz-FR"}, "locale: 'zz' is not a known language code"),
        ({"languages": ["fr", "qq"]}, "languages[1]: 'qq' is not a known language code"),
        ({"devices": []}, "devices: add at least one device you can test on"),
        ({"consent_version": "2019-01"}, "consent must be given to the current terms"),
    ],
)
async def test_invalid_profile_is_422_and_not_stored(
    client: AsyncClient, changes: dict[str, Any], message: str
) -> None:
    await signed_up(client, "tess@example.org")

    response = await put_profile(client, profile(**changes))

    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert await tables.TesterProfile.count() == 0


async def test_profile_of_wrong_shape_is_400(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")

    response = await put_profile(client, profile(devices=[{"kind": "fridge", "os": "x"}]))

    assert response.status_code == 400
    assert "devices" in str(response.json()["extra"])


async def test_only_testers_have_profiles(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")

    assert (await put_profile(client, profile())).status_code == 403


async def test_launch_invites_only_matching_consenting_testers(
    client: AsyncClient, browsers
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    fits = [await signed_up_tester(browsers(), f"fr{n}@example.org") for n in range(2)]
    wrong_locale = await signed_up_tester(
        browsers(), "de@example.org", locale="de-DE", country="DE"
    )
    wrong_device = await signed_up_tester(
        browsers(), "tv@example.org", devices=[{"kind": "tv", "os": "Tizen"}]
    )
    wrong_country = await signed_up_tester(browsers(), "be@example.org", country="BE")
    no_consent = await signed_up_tester(browsers(), "nc@example.org", consent_version=None)

    campaign_id = await launched_campaign(client)

    for tester in fits:
        assert (await only_invitation(tester))["campaign_id"] == campaign_id
    for tester in (wrong_locale, wrong_device, wrong_country, no_consent):
        assert (await tester.get("/api/v1/me/invitations")).json() == []
    progress = (await client.get(f"/api/v1/campaigns/{campaign_id}/progress")).json()
    fr = next(entry for entry in progress["locales"] if entry["locale"] == "fr-FR")
    assert fr["counts"]["invited"] == 2


async def test_third_accept_on_a_quota_of_two_is_409(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    testers = [await signed_up_tester(browsers(), f"fr{n}@example.org") for n in range(3)]
    campaign_id = await launched_campaign(client)
    invitations = [await only_invitation(tester) for tester in testers]

    first = await answer_invitation(testers[0], invitations[0], "accept")
    second = await answer_invitation(testers[1], invitations[1], "accept")
    third = await answer_invitation(testers[2], invitations[2], "accept")

    assert first.status_code == 200
    assert second.status_code == 200
    assert third.status_code == 409
    assert "All 2 places for fr-FR in this campaign are taken" in third.json()["detail"]
    assert (await only_invitation(testers[2]))["state"] == "expired"
    progress = (await client.get(f"/api/v1/campaigns/{campaign_id}/progress")).json()
    fr = next(entry for entry in progress["locales"] if entry["locale"] == "fr-FR")
    assert fr["filled"] == 2


async def test_decline_frees_the_place_for_the_next_match(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    definition = small_definition()
    definition["target"]["locales"] = [{"locale": "fr-FR", "quota": 1}]
    testers = [await signed_up_tester(browsers(), f"fr{n}@example.org") for n in range(3)]
    await launched_campaign(client, definition)
    assert (await testers[2].get("/api/v1/me/invitations")).json() == [], "quota 1 invites 2"

    declined = await answer_invitation(testers[0], await only_invitation(testers[0]), "decline")

    assert declined.json()[0]["state"] == "declined"
    assert (await only_invitation(testers[2]))["state"] == "invited"


async def test_answering_twice_is_409(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    tester = await signed_up_tester(browsers(), "fr@example.org")
    await launched_campaign(client)
    invitation = await only_invitation(tester)
    await answer_invitation(tester, invitation, "accept")

    again = await answer_invitation(tester, invitation, "decline")

    assert again.status_code == 409
    assert again.json()["detail"] == "This invitation is already accepted"


async def test_another_testers_invitation_is_404(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    invited = await signed_up_tester(browsers(), "fr@example.org")
    intruder = await signed_up_tester(browsers(), "de@example.org", locale="de-DE", country="DE")
    await launched_campaign(client)
    invitation = await only_invitation(invited)

    response = await answer_invitation(intruder, invitation, "accept")

    assert response.status_code == 404
    assert await Participation.count().where(Participation.state == "accepted") == 0


async def test_closed_campaign_cannot_be_joined(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    tester = await signed_up_tester(browsers(), "fr@example.org")
    campaign_id = await launched_campaign(client)
    await client.post(f"/api/v1/campaigns/{campaign_id}/close", headers=await csrf_headers(client))

    response = await answer_invitation(tester, await only_invitation(tester), "accept")

    assert response.status_code == 409
    assert response.json()["detail"] == "This campaign is closed"


async def test_two_racing_accepts_for_the_last_place_fill_it_once(
    client: AsyncClient, browsers
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    definition = small_definition()
    definition["target"]["locales"] = [{"locale": "fr-FR", "quota": 1}]
    testers = [await signed_up_tester(browsers(), f"fr{n}@example.org") for n in range(2)]
    await launched_campaign(client, definition)
    invitations = [await only_invitation(tester) for tester in testers]
    statuses: list[int] = []

    async def accept(n: int) -> None:
        statuses.append((await answer_invitation(testers[n], invitations[n], "accept")).status_code)

    async with anyio.create_task_group() as group:
        group.start_soon(accept, 0)
        group.start_soon(accept, 1)

    assert sorted(statuses) == [200, 409]
    assert await Participation.count().where(Participation.state == "accepted") == 1


async def test_a_declined_invitation_reads_nothing_more(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    tester = await signed_up_tester(browsers(), "fr@example.org")
    await launched_campaign(client)
    invitation = await only_invitation(tester)
    before = await tester.get(f"/api/v1/participations/{invitation['id']}")

    await answer_invitation(tester, invitation, "decline")
    after = await tester.get(f"/api/v1/participations/{invitation['id']}")
    page = await tester.get(f"/journeys/{invitation['id']}")

    assert before.status_code == 200
    assert after.status_code == 404
    assert "declined" in after.json()["detail"]
    assert page.status_code == 404
    assert "Test Person" not in after.text
